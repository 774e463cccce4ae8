import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { divisions, households, offices, personMarks, persons, registrations, users } from '../../db/schema.ts';
import type { Scope } from '../../access/scope.ts';
import { NATION_CODE, ancestorCodes, andAll } from '../../access/scope.ts';

export type DivisionRow = typeof divisions.$inferSelect;
export type OfficeRow = typeof offices.$inferSelect;

/**
 * Offices serving a division: its own and those of every division above it (the nation's too), nearest first, then
 * by name. The one lookup of "the office for this person" (registration certificates, printables, notices, cards).
 */
export async function officesServing(db: Database, code: string): Promise<OfficeRow[]> {
  return db
    .select()
    .from(offices)
    .where(inArray(offices.jurisdictionCode, [NATION_CODE, ...ancestorCodes(code)]))
    .orderBy(desc(offices.jurisdictionCode), asc(offices.name));
}

export class OrgRepository {
  constructor(private readonly db: Database) {}

  async division(code: string): Promise<DivisionRow | undefined> {
    const rows = await this.db.select().from(divisions).where(eq(divisions.code, code)).limit(1);
    return rows[0];
  }

  async divisions(codes: readonly string[]): Promise<DivisionRow[]> {
    if (codes.length === 0) return [];
    return this.db.select().from(divisions).where(inArray(divisions.code, [...codes]));
  }

  async children(code: string): Promise<DivisionRow[]> {
    return this.db.select().from(divisions).where(eq(divisions.parentCode, code)).orderBy(asc(divisions.code));
  }

  async offices(scope: Scope, within: string): Promise<OfficeRow[]> {
    return this.db
      .select()
      .from(offices)
      .where(scope.jurisdictionCondition(offices.jurisdictionCode, within))
      .orderBy(asc(offices.jurisdictionCode), asc(offices.name));
  }

  /** Counts for the home page, all restricted to the subtree of `within`. */
  async counts(scope: Scope, within: string) {
    const visiblePersons = andAll(scope.jurisdictionCondition(persons.jurisdictionCode, within), isNull(persons.hiddenAt));
    const [p, h, r, o, u, marks] = await Promise.all([
      this.db.select({ n: count() }).from(persons).where(visiblePersons),
      this.db.select({ n: count() }).from(households).where(scope.jurisdictionCondition(households.jurisdictionCode, within)),
      this.db
        .select({ n: count() })
        .from(registrations)
        .where(andAll(scope.personCondition(registrations.jurisdictionCode, registrations.personId, within), eq(registrations.state, 'active'))),
      this.db.select({ n: count() }).from(offices).where(scope.jurisdictionCondition(offices.jurisdictionCode, within)),
      this.db.select({ n: count() }).from(users).where(scope.jurisdictionCondition(users.jurisdictionCode, within)),
      this.db
        .select({ mark: personMarks.mark, n: count() })
        .from(personMarks)
        .innerJoin(persons, eq(persons.id, personMarks.personId))
        .where(and(visiblePersons, isNull(personMarks.until)))
        .groupBy(personMarks.mark),
    ]);
    return {
      persons: Number(p[0]?.n ?? 0),
      households: Number(h[0]?.n ?? 0),
      activeRegistrations: Number(r[0]?.n ?? 0),
      offices: Number(o[0]?.n ?? 0),
      users: Number(u[0]?.n ?? 0),
      marks: Object.fromEntries(marks.map((m) => [m.mark, Number(m.n)])) as Record<string, number>,
    };
  }

  async divisionCount(): Promise<number> {
    const rows = await this.db.select({ n: sql<number>`count(*)::int` }).from(divisions);
    return Number(rows[0]?.n ?? 0);
  }
}
