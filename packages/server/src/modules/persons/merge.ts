/** Pure rule of a merge: what the survivor takes from the duplicate (docs/person-file.md, "Duplicates and merge"). */
import type { ClearFact } from './person-file.ts';
import type { PersonInsert, PersonRow } from './persons.repository.ts';

const SCALARS = [
  'phoneEnc',
  'hukouCode',
  'hukouAddress',
  'insuredCode',
  'insuredAddress',
  'workplaceCode',
  'workplaceAddress',
  'address',
  'education',
  'intention',
  'retirementCategory',
  'disabilityGradeEnc',
  'incomeEnc',
] as const;
const LISTS = ['skills', 'certificates', 'workHistory', 'serviceNeeds'] as const;

/**
 * The survivor keeps its own facts and takes the duplicate's where it has none (a phone with its blind index and
 * mask), each clear at the later date, and the duplicate's household when it has none. `filled` names the
 * columns taken, in a fixed order.
 */
export function mergeFill(survivor: PersonRow, duplicate: PersonRow, by: string): { fill: Partial<PersonInsert>; filled: string[] } {
  const fill: Partial<PersonInsert> = { updatedBy: by };
  const filled: string[] = [];
  for (const key of SCALARS) {
    if (survivor[key] === null && duplicate[key] !== null) {
      (fill as Record<string, unknown>)[key] = duplicate[key];
      filled.push(key);
    }
  }
  if (filled.includes('phoneEnc')) Object.assign(fill, { phoneBidx: duplicate.phoneBidx, phoneMasked: duplicate.phoneMasked });
  for (const key of LISTS) {
    if ((survivor[key] as unknown[]).length === 0 && (duplicate[key] as unknown[]).length > 0) {
      (fill as Record<string, unknown>)[key] = duplicate[key];
      filled.push(key);
    }
  }
  const clears = { ...(survivor.clears as Record<string, ClearFact>) };
  for (const [k, f] of Object.entries(duplicate.clears as Record<string, ClearFact>)) {
    if (!clears[k] || clears[k].on < f.on) clears[k] = f;
  }
  fill.clears = clears;
  if (survivor.householdId === null && duplicate.householdId !== null) {
    Object.assign(fill, { householdId: duplicate.householdId, relationship: duplicate.relationship });
    filled.push('householdId');
  }
  return { fill, filled };
}
