/** All SQL of the follow-up slice: citizen self-reports and their verification state. */
import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/executor.ts';
import { selfReports } from '../../db/schema-followup.ts';

export type SelfReportRow = typeof selfReports.$inferSelect;
export type NewSelfReportRow = typeof selfReports.$inferInsert;

export class FollowUpRepository {
  constructor(readonly db: Executor) {}

  async insert(row: NewSelfReportRow): Promise<SelfReportRow> {
    const rows = await this.db.insert(selfReports).values(row).returning();
    const created = rows[0];
    if (!created) throw new Error('self-report insert returned no row');
    return created;
  }

  async forPerson(personId: string, limit = 100): Promise<SelfReportRow[]> {
    return this.db.select().from(selfReports).where(eq(selfReports.personId, personId)).orderBy(desc(selfReports.createdAt), desc(selfReports.id)).limit(limit);
  }

  async get(personId: string, id: string): Promise<SelfReportRow | undefined> {
    return (await this.db.select().from(selfReports).where(and(eq(selfReports.personId, personId), eq(selfReports.id, id))).limit(1))[0];
  }

  /** The person's "I found a job" report still awaiting verification, if any. */
  async pendingJob(personId: string): Promise<SelfReportRow | undefined> {
    return (await this.db.select().from(selfReports).where(and(eq(selfReports.personId, personId), eq(selfReports.kind, 'found_job'), eq(selfReports.state, 'pending'))).limit(1))[0];
  }

  /** Moves a pending report to `state` (one winner when two caseworkers decide at once); undefined when not pending. */
  async decide(personId: string, id: string, patch: { state: 'confirmed' | 'rejected'; decidedBy: string; decidedAt: Date; decisionReason: string | null }): Promise<SelfReportRow | undefined> {
    const rows = await this.db
      .update(selfReports)
      .set(patch)
      .where(and(eq(selfReports.personId, personId), eq(selfReports.id, id), eq(selfReports.state, 'pending')))
      .returning();
    return rows[0];
  }

  /** Undoes a claimed confirmation whose employment registration failed. */
  async reopen(personId: string, id: string): Promise<void> {
    await this.db.update(selfReports).set({ state: 'pending', decidedBy: null, decidedAt: null, decisionReason: null }).where(and(eq(selfReports.personId, personId), eq(selfReports.id, id)));
  }

  async linkEmployment(personId: string, id: string, employmentId: string): Promise<void> {
    await this.db.update(selfReports).set({ employmentId }).where(and(eq(selfReports.personId, personId), eq(selfReports.id, id)));
  }
}
