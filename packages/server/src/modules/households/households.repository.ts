import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { unitOfWork, type Executor } from '../../db/executor.ts';
import { divisions, householdZeroEmploymentPeriods, households, persons, registrations } from '../../db/schema.ts';
import { andAll, type Scope } from '../../access/scope.ts';
import { lookupOf, type Lookup } from '../../access/visible.ts';
import type { PersonRow } from '../persons/persons.repository.ts';

export type HouseholdRow = typeof households.$inferSelect;
export type PeriodRow = typeof householdZeroEmploymentPeriods.$inferSelect;

export type HouseholdLookup = Lookup<HouseholdRow>;

export class HouseholdsRepository {
  constructor(readonly db: Executor) {}

  transaction<T>(fn: (repo: HouseholdsRepository) => Promise<T>): Promise<T> {
    return unitOfWork(this.db, (tx) => new HouseholdsRepository(tx), fn);
  }

  async insert(row: typeof households.$inferInsert): Promise<HouseholdRow> {
    const rows = await this.db.insert(households).values(row).returning();
    const created = rows[0];
    if (!created) throw new Error('insert returned no row');
    return created;
  }

  async update(id: string, patch: Partial<typeof households.$inferInsert>): Promise<void> {
    await this.db.update(households).set({ ...patch, updatedAt: sql`now()` }).where(eq(households.id, id));
  }

  /** Households are scoped by their jurisdiction; a row lock serialises member changes of one household. */
  async findScoped(scope: Scope, id: string, forUpdate = false): Promise<HouseholdLookup> {
    return lookupOf(await this.byId(id, forUpdate), (row) => scope.covers(row.jurisdictionCode));
  }

  async byId(id: string, forUpdate = false): Promise<HouseholdRow | undefined> {
    const query = this.db.select().from(households).where(eq(households.id, id)).limit(1);
    const rows = forUpdate ? await query.for('update') : await query;
    return rows[0];
  }

  /** Current members: files linked to the household and not hidden. */
  async members(householdId: string): Promise<PersonRow[]> {
    return this.db
      .select()
      .from(persons)
      .where(and(eq(persons.householdId, householdId), isNull(persons.hiddenAt)))
      .orderBy(asc(persons.birthDate), asc(persons.id));
  }

  async registeredUnemployed(personIds: readonly string[]): Promise<Set<string>> {
    if (personIds.length === 0) return new Set();
    const rows = await this.db
      .select({ personId: registrations.personId })
      .from(registrations)
      .where(and(inArray(registrations.personId, [...personIds]), eq(registrations.kind, 'unemployment'), eq(registrations.state, 'active')));
    return new Set(rows.map((r) => r.personId));
  }

  async openPeriod(householdId: string): Promise<PeriodRow | undefined> {
    const rows = await this.db
      .select()
      .from(householdZeroEmploymentPeriods)
      .where(and(eq(householdZeroEmploymentPeriods.householdId, householdId), isNull(householdZeroEmploymentPeriods.endedAt)))
      .limit(1);
    return rows[0];
  }

  async openNewPeriod(householdId: string, jurisdictionCode: string, startedBy: Record<string, unknown>, startedAt: Date): Promise<void> {
    await this.db.insert(householdZeroEmploymentPeriods).values({ householdId, jurisdictionCode, startedBy, startedAt });
  }

  async closePeriod(householdId: string, id: string, endedBy: Record<string, unknown>, endedAt: Date): Promise<void> {
    await this.db
      .update(householdZeroEmploymentPeriods)
      .set({ endedAt, endedBy })
      .where(and(eq(householdZeroEmploymentPeriods.householdId, householdId), eq(householdZeroEmploymentPeriods.id, id)));
  }

  async periods(householdId: string): Promise<PeriodRow[]> {
    return this.db
      .select()
      .from(householdZeroEmploymentPeriods)
      .where(eq(householdZeroEmploymentPeriods.householdId, householdId))
      .orderBy(asc(householdZeroEmploymentPeriods.startedAt));
  }

  /** Households with an open zero-employment period in the subtree of `within`, oldest first. */
  async zeroEmploymentList(scope: Scope, within: string): Promise<{ household: HouseholdRow; since: Date; members: number }[]> {
    const rows = await this.db
      .select({
        household: households,
        since: householdZeroEmploymentPeriods.startedAt,
        members: sql<number>`(SELECT count(*)::int FROM ${persons} WHERE ${persons.householdId} = ${households.id} AND ${persons.hiddenAt} IS NULL)`,
      })
      .from(householdZeroEmploymentPeriods)
      .innerJoin(households, eq(households.id, householdZeroEmploymentPeriods.householdId))
      .where(andAll(scope.jurisdictionCondition(householdZeroEmploymentPeriods.jurisdictionCode, within), isNull(householdZeroEmploymentPeriods.endedAt)))
      .orderBy(asc(householdZeroEmploymentPeriods.startedAt), desc(households.id));
    return rows.map((r) => ({ household: r.household, since: r.since, members: Number(r.members) }));
  }

  async divisionNames(codes: readonly string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = await this.db.select({ code: divisions.code, name: divisions.name }).from(divisions).where(inArray(divisions.code, [...new Set(codes)]));
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  async divisionExists(code: string): Promise<boolean> {
    const rows = await this.db.select({ code: divisions.code }).from(divisions).where(eq(divisions.code, code)).limit(1);
    return rows.length > 0;
  }
}
