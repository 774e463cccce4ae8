/**
 * Pure helpers of the person file (a "date" is a civil date in China, see `src/jobs/clock.ts`): pinyin keys for search, snapshots for the history,
 * the four-clears state, and change records that never carry a sensitive value in clear.
 */
import { addDays, formatIsoDate, parseIsoDate, toEpochDay } from '@bangfu/rules';
import { pinyin } from 'pinyin-pro';
import { CLEARS, type Clear } from '../../contract/persons.ts';
import type { MarkRow, PersonRow } from './persons.repository.ts';


/** The last instant of a civil date in China (UTC+8, no daylight saving since 1991). */
export function endOfDayInChina(iso: string): Date {
  return new Date(`${iso}T23:59:59.999+08:00`);
}

export function daysBetween(fromIso: string, toIso: string): number {
  return toEpochDay(parseIsoDate(toIso, 'to')) - toEpochDay(parseIsoDate(fromIso, 'from'));
}

export function minusDays(iso: string, days: number): string {
  return formatIsoDate(addDays(parseIsoDate(iso, 'date'), -days));
}

/**
 * Full pinyin and initials of a name for search (zhangsanfeng / zsf). The surname is read in surname mode
 * (单 shan, 曾 zeng), ü as v (lv); letters in non-Chinese names are kept.
 */
export function pinyinKeys(name: string): { full: string; initials: string } {
  const syllables = (pinyin(name, { toneType: 'none', type: 'array', v: true, mode: 'surname' }) as string[])
    .map((s) => s.toLowerCase().replace(/[^a-z]/g, ''))
    .filter((s) => s !== '');
  return { full: syllables.join(''), initials: syllables.map((s) => s.charAt(0)).join('') };
}

// ---------------------------------------------------------------------------------------------------------------
// Snapshots: the whole file after an event. Values are stored as in the table, so sensitive ones stay encrypted.

export interface PersonSnapshot {
  readonly person: Record<string, unknown>;
  readonly marks: Record<string, unknown>[];
}

const DATE_FIELDS = ['createdAt', 'updatedAt', 'hiddenAt', 'identityVerifiedAt'] as const;

export function toSnapshot(row: PersonRow, marks: readonly MarkRow[]): PersonSnapshot {
  const person: Record<string, unknown> = { ...row };
  for (const f of DATE_FIELDS) person[f] = row[f] ? row[f].toISOString() : null;
  return {
    person,
    marks: marks.map((m) => ({ ...m, recordedAt: m.recordedAt.toISOString() })),
  };
}

export function fromSnapshot(snapshot: unknown): { row: PersonRow; marks: MarkRow[] } {
  const s = snapshot as PersonSnapshot;
  const person = { ...s.person } as Record<string, unknown>;
  for (const f of DATE_FIELDS) person[f] = typeof person[f] === 'string' ? new Date(person[f]) : null;
  // Files snapshotted before a column existed read it as its default.
  const row = {
    skills: [],
    certificates: [],
    workHistory: [],
    serviceNeeds: [],
    clears: {},
    identityVerified: true,
    ...person,
  } as PersonRow;
  const marks = s.marks.map((m) => ({ ...m, recordedAt: new Date(String(m.recordedAt)) }) as MarkRow);
  return { row, marks };
}

// ---------------------------------------------------------------------------------------------------------------
// Four clears

export interface ClearFact {
  readonly on: string;
  readonly source: string;
  readonly by: string | null;
}
export type Clears = Partial<Record<Clear, ClearFact>>;

export interface ClearState {
  status: 'complete' | 'stale' | 'missing';
  on: string | null;
  source: string | null;
}

export function fourClears(clears: unknown, today: string, staleAfterDays: number) {
  const c = (clears ?? {}) as Clears;
  const state = (k: Clear): ClearState => {
    const f = c[k];
    if (!f) return { status: 'missing', on: null, source: null };
    return { status: daysBetween(f.on, today) > staleAfterDays ? 'stale' : 'complete', on: f.on, source: f.source };
  };
  const headcount = state('headcount');
  const skills = state('skills');
  const intention = state('intention');
  const serviceNeeds = state('serviceNeeds');
  return {
    staleAfterDays,
    complete: [headcount, skills, intention, serviceNeeds].every((s) => s.status === 'complete'),
    headcount,
    skills,
    intention,
    serviceNeeds,
  };
}

/** Sets the given clears to `fact`, keeping a later date already on file. */
export function withClears(clears: unknown, keys: readonly Clear[], fact: ClearFact): Clears {
  const next: Clears = { ...((clears ?? {}) as Clears) };
  for (const k of keys) {
    const current = next[k];
    if (!current || current.on <= fact.on) next[k] = fact;
  }
  return next;
}

export { CLEARS };

// ---------------------------------------------------------------------------------------------------------------
// Change records

/** Fields whose values never appear in a change record (only that they changed, or their mask). */
const SECRET_FIELDS = new Set(['idNumberEnc', 'idNumberBidx', 'phoneEnc', 'phoneBidx', 'disabilityGradeEnc', 'incomeEnc']);
const RENAMED: Record<string, string> = { idNumberEnc: 'idNumber', disabilityGradeEnc: 'disabilityGrade', incomeEnc: 'monthlyIncome', phoneMasked: 'phone' };
const INTERNAL = new Set(['updatedAt', 'updatedBy', 'version', 'namePinyin', 'nameInitials', 'clears']);

/** `{field: {from, to}}` for the fields that differ; sensitive ones as masks or `{changed: true}`. */
export function changeOf(before: Partial<PersonRow> | null, after: PersonRow): Record<string, unknown> {
  const change: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (INTERNAL.has(key) || key === 'phoneEnc' || key === 'phoneBidx' || key === 'idNumberBidx') continue;
    const old = before ? (before as Record<string, unknown>)[key] : undefined;
    if (before && JSON.stringify(old ?? null) === JSON.stringify(value ?? null)) continue;
    if (!before && (value === null || value === undefined)) continue;
    const name = RENAMED[key] ?? key;
    if (SECRET_FIELDS.has(key)) change[name] = { changed: true };
    else change[name] = before ? { from: normal(old), to: normal(value) } : { to: normal(value) };
  }
  return change;
}

function normal(v: unknown): unknown {
  return v instanceof Date ? v.toISOString() : (v ?? null);
}
