/** All SQL of the employers slice. Staff reads apply the `Scope` (jurisdiction prefix); employer accounts see their own. */
import { and, asc, eq, ilike, or, sql } from 'drizzle-orm';
import { andAll, type Scope } from '../../access/scope.ts';
import { lookupOf, type Lookup } from '../../access/visible.ts';
import { unitOfWork, type Executor } from '../../db/executor.ts';
import { divisions, users } from '../../db/schema.ts';
import { employerAccounts, employers } from '../../db/schema-jobs.ts';
import { jobPostings } from '../../db/schema-services.ts';

export type EmployerRow = typeof employers.$inferSelect;
export type NewEmployerRow = typeof employers.$inferInsert;

export class EmployersRepository {
  constructor(readonly db: Executor) {}

  transaction<T>(fn: (repo: EmployersRepository) => Promise<T>): Promise<T> {
    return unitOfWork(this.db, (tx) => new EmployersRepository(tx), fn);
  }

  async insert(row: NewEmployerRow): Promise<EmployerRow> {
    return (await this.db.insert(employers).values(row).returning())[0]!;
  }

  async update(id: string, patch: Partial<NewEmployerRow>): Promise<EmployerRow | undefined> {
    return (await this.db.update(employers).set({ ...patch, updatedAt: sql`now()` }).where(eq(employers.id, id)).returning())[0];
  }

  async byCreditCode(code: string): Promise<EmployerRow | undefined> {
    return (await this.db.select().from(employers).where(eq(employers.creditCode, code)).limit(1))[0];
  }

  async byId(id: string): Promise<EmployerRow | undefined> {
    return (await this.db.select().from(employers).where(eq(employers.id, id)).limit(1))[0];
  }

  /**
   * An employer read by id: staff see those of their subtree; an employer account only its own (another employer's
   * is refused as `not_own_employer`, audited by the caller through `visibleOr404`).
   */
  async find(scope: Scope, ownEmployerId: string | null, id: string): Promise<Lookup<EmployerRow>> {
    return lookupOf(await this.byId(id), (row) => (scope.actor.role === 'employer' ? row.id === ownEmployerId || 'not_own_employer' : scope.covers(row.jurisdictionCode)));
  }

  async list(scope: Scope, within: string, q: { keyEnterprise?: boolean | undefined; state?: string | undefined; text?: string | undefined }): Promise<EmployerRow[]> {
    const like = q.text ? `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
    return this.db
      .select()
      .from(employers)
      .where(
        andAll(
          scope.jurisdictionCondition(employers.jurisdictionCode, within),
          q.keyEnterprise === undefined ? undefined : eq(employers.keyEnterprise, q.keyEnterprise),
          q.state ? eq(employers.state, q.state) : undefined,
          like ? or(ilike(employers.name, like), ilike(employers.creditCode, like)) : undefined,
        ),
      )
      .orderBy(asc(employers.name))
      .limit(500);
  }

  async divisionName(code: string): Promise<string> {
    return (await this.db.select({ name: divisions.name }).from(divisions).where(eq(divisions.code, code)).limit(1))[0]?.name ?? code;
  }

  async divisionExists(code: string): Promise<boolean> {
    return (await this.db.select({ code: divisions.code }).from(divisions).where(eq(divisions.code, code)).limit(1)).length > 0;
  }

  async postingCounts(employerId: string) {
    const rows = await this.db
      .select({
        total: sql<number>`count(*)::int`,
        published: sql<number>`count(*) FILTER (WHERE ${jobPostings.state} = 'published')::int`,
        openings: sql<number>`coalesce(sum(${jobPostings.openings}), 0)::int`,
        filled: sql<number>`coalesce(sum(${jobPostings.filled}), 0)::int`,
      })
      .from(jobPostings)
      .where(eq(jobPostings.employerId, employerId));
    return rows[0] ?? { total: 0, published: 0, openings: 0, filled: 0 };
  }

  async accounts(employerId: string) {
    return this.db
      .select({ userId: users.id, username: users.username, active: users.active })
      .from(employerAccounts)
      .innerJoin(users, eq(users.id, employerAccounts.userId))
      .where(eq(employerAccounts.employerId, employerId))
      .orderBy(asc(users.username));
  }

  /** The employer an employer-role user acts for (null for any other user). */
  async employerOf(userId: string): Promise<string | null> {
    return (await this.db.select({ id: employerAccounts.employerId }).from(employerAccounts).where(eq(employerAccounts.userId, userId)).limit(1))[0]?.id ?? null;
  }

  async usernameTaken(username: string): Promise<boolean> {
    return (await this.db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1)).length > 0;
  }

  /** A new employer-role account, inactive until an operator activates the employer. */
  async insertAccount(employerId: string, u: { username: string; passwordHash: string; displayName: string; jurisdictionCode: string }): Promise<string> {
    const [user] = await this.db.insert(users).values({ ...u, role: 'employer', active: false }).returning({ id: users.id });
    await this.db.insert(employerAccounts).values({ userId: user!.id, employerId });
    return user!.id;
  }

  async activateAccounts(employerId: string): Promise<number> {
    const rows = await this.db
      .update(users)
      .set({ active: true, updatedAt: sql`now()` })
      .where(and(eq(users.role, 'employer'), sql`${users.id} IN (SELECT ${employerAccounts.userId} FROM ${employerAccounts} WHERE ${employerAccounts.employerId} = ${employerId})`))
      .returning({ id: users.id });
    return rows.length;
  }
}
