import { and, asc, count, desc, eq, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { auditLog } from '../../db/schema.ts';
import type { Scope } from '../../access/scope.ts';
import { andAll } from '../../access/scope.ts';

export type AuditInsert = typeof auditLog.$inferInsert;
export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditQuery {
  readonly page: number;
  readonly pageSize: number;
  readonly action?: string | undefined;
  readonly username?: string | undefined;
  readonly outcome?: string | undefined;
  readonly resourceId?: string | undefined;
  /** `at` (the entry's order of writing); newest first unless `order` is asc. */
  readonly sort?: 'at' | undefined;
  readonly order?: 'asc' | 'desc' | undefined;
}

export class AuditRepository {
  constructor(private readonly db: Database) {}

  async insert(entry: AuditInsert): Promise<void> {
    await this.db.insert(auditLog).values(entry);
  }

  /** Entries about the scope's subtree (entries with no jurisdiction are visible to national-level users only). */
  async list(scope: Scope, q: AuditQuery): Promise<{ items: AuditRow[]; total: number }> {
    const conditions: (SQL | undefined)[] = [
      scope.prefix === '' ? undefined : scope.jurisdictionCondition(auditLog.jurisdictionCode),
      q.action ? eq(auditLog.action, q.action) : undefined,
      q.username ? eq(auditLog.username, q.username) : undefined,
      q.outcome ? eq(auditLog.outcome, q.outcome) : undefined,
      q.resourceId ? eq(auditLog.resourceId, q.resourceId) : undefined,
    ];
    const where = andAll(...conditions);
    const [items, totals] = await Promise.all([
      this.db
        .select()
        .from(auditLog)
        .where(where)
        .orderBy(q.order === 'asc' ? asc(auditLog.id) : desc(auditLog.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      this.db.select({ n: count() }).from(auditLog).where(where ?? and()),
    ]);
    return { items, total: Number(totals[0]?.n ?? 0) };
  }
}
