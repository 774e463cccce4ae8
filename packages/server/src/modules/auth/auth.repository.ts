import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { divisions, sessions, users } from '../../db/schema.ts';

export type UserRow = typeof users.$inferSelect;

export interface SessionWithUser {
  readonly sessionId: string;
  readonly csrfToken: string;
  readonly user: UserRow;
}

export class AuthRepository {
  constructor(private readonly db: Database) {}

  async findUserByUsername(username: string): Promise<UserRow | undefined> {
    const rows = await this.db.select().from(users).where(eq(users.username, username)).limit(1);
    return rows[0];
  }

  async findUserById(id: string): Promise<UserRow | undefined> {
    const rows = await this.db.select().from(users).where(eq(users.id, id)).limit(1);
    return rows[0];
  }

  async insertUser(user: typeof users.$inferInsert): Promise<UserRow> {
    const rows = await this.db.insert(users).values(user).returning();
    const row = rows[0];
    if (!row) throw new Error('insert returned no row');
    return row;
  }

  async updatePassword(userId: string, passwordHash: string): Promise<void> {
    await this.db
      .update(users)
      .set({ passwordHash, passwordChangedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(users.id, userId));
  }

  async divisionExists(code: string): Promise<boolean> {
    const rows = await this.db.select({ code: divisions.code }).from(divisions).where(eq(divisions.code, code)).limit(1);
    return rows.length > 0;
  }

  async createSession(s: typeof sessions.$inferInsert): Promise<void> {
    await this.db.insert(sessions).values(s);
  }

  async findLiveSession(sessionId: string): Promise<SessionWithUser | undefined> {
    const rows = await this.db
      .select({ sessionId: sessions.id, csrfToken: sessions.csrfToken, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, sql`now()`), eq(users.active, true)))
      .limit(1);
    return rows[0];
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.id, sessionId));
  }

  /** Ends every other session of the user (after a password change). */
  async deleteOtherSessions(userId: string, keepSessionId: string | null): Promise<void> {
    await this.db
      .delete(sessions)
      .where(keepSessionId ? and(eq(sessions.userId, userId), sql`${sessions.id} <> ${keepSessionId}`) : eq(sessions.userId, userId));
  }

  async purgeExpired(): Promise<void> {
    await this.db.delete(sessions).where(lt(sessions.expiresAt, sql`now()`));
  }
}
