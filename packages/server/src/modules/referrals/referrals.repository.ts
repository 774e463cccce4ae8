/** The referrals slice's SQL. */
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { civilAffairsReferrals, dibaoEmploymentAdjustments } from '../../db/schema-assistance.ts';
import { persons } from '../../db/schema.ts';
import { andAll, type Scope } from '../../access/scope.ts';
import { lookupOf, type Lookup } from '../../access/visible.ts';

export type ReferralRow = typeof civilAffairsReferrals.$inferSelect;
export type AdjustmentRow = typeof dibaoEmploymentAdjustments.$inferSelect;

/** The slice's SQL: civil-affairs referrals and 低保 employment adjustments, read under the caller's scope. */
export class ReferralsRepository {
  constructor(readonly db: Database) {}

  async insert(row: typeof civilAffairsReferrals.$inferInsert): Promise<ReferralRow> {
    return (await this.db.insert(civilAffairsReferrals).values(row).returning())[0]!;
  }

  /** A referral read by id under the caller's scope (its jurisdiction). */
  async findScoped(scope: Scope, id: string): Promise<Lookup<ReferralRow>> {
    return lookupOf((await this.db.select().from(civilAffairsReferrals).where(eq(civilAffairsReferrals.id, id)).limit(1))[0], (r) => scope.covers(r.jurisdictionCode));
  }

  async respond(row: ReferralRow, patch: Partial<typeof civilAffairsReferrals.$inferInsert>): Promise<ReferralRow | undefined> {
    return (
      await this.db
        .update(civilAffairsReferrals)
        .set(patch)
        .where(and(eq(civilAffairsReferrals.personId, row.personId), eq(civilAffairsReferrals.id, row.id), eq(civilAffairsReferrals.status, 'pending')))
        .returning()
    )[0];
  }

  /** Referrals in the subtree, pending first (oldest waiting first), then answered (latest first); with a total. */
  async list(scope: Scope, within: string, status: string | undefined, page: number, pageSize: number): Promise<{ rows: (ReferralRow & { personName: string; idNumberMasked: string })[]; total: number }> {
    const where = andAll(scope.personCondition(civilAffairsReferrals.jurisdictionCode, civilAffairsReferrals.personId, within), status ? eq(civilAffairsReferrals.status, status) : undefined);
    const [rows, totals] = await Promise.all([
      this.db
        .select({ r: civilAffairsReferrals, personName: persons.name, idNumberMasked: persons.idNumberMasked })
        .from(civilAffairsReferrals)
        .innerJoin(persons, eq(persons.id, civilAffairsReferrals.personId))
        .where(where)
        .orderBy(sql`CASE WHEN ${civilAffairsReferrals.status} = 'pending' THEN 0 ELSE 1 END`, sql`CASE WHEN ${civilAffairsReferrals.status} = 'pending' THEN ${civilAffairsReferrals.referredOn} END ASC`, desc(civilAffairsReferrals.referredOn), asc(civilAffairsReferrals.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize),
      this.db.select({ n: count() }).from(civilAffairsReferrals).where(where),
    ]);
    return { rows: rows.map((r) => ({ ...r.r, personName: r.personName, idNumberMasked: r.idNumberMasked })), total: Number(totals[0]?.n ?? 0) };
  }

  async forPerson(personId: string): Promise<{ referrals: ReferralRow[]; adjustments: AdjustmentRow[] }> {
    const [referrals, adjustments] = await Promise.all([
      this.db.select().from(civilAffairsReferrals).where(eq(civilAffairsReferrals.personId, personId)).orderBy(asc(civilAffairsReferrals.referredOn)),
      this.db.select().from(dibaoEmploymentAdjustments).where(eq(dibaoEmploymentAdjustments.personId, personId)).orderBy(asc(dibaoEmploymentAdjustments.employedOn)),
    ]);
    return { referrals, adjustments };
  }

  async insertAdjustment(row: typeof dibaoEmploymentAdjustments.$inferInsert): Promise<AdjustmentRow> {
    return (await this.db.insert(dibaoEmploymentAdjustments).values(row).returning())[0]!;
  }
}
