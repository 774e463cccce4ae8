import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { unitOfWork, type Transaction } from '../../db/executor.ts';
import { divisions, offices, personMarks, persons, users } from '../../db/schema.ts';
import { activationCodes } from '../../db/schema-citizen.ts';

export type CitizenUserRow = typeof users.$inferSelect;
export type CitizenPersonRow = typeof persons.$inferSelect;

/** SQL of the citizen portal: accounts bound to person files, and the public office lookup. */
export class CitizenRepository {
  constructor(readonly db: Database) {}

  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return unitOfWork(this.db, (tx) => tx, work);
  }

  async userByUsername(username: string, db: Database = this.db): Promise<CitizenUserRow | undefined> {
    const rows = await db.select().from(users).where(eq(users.username, username)).limit(1);
    return rows[0];
  }

  async citizenForPerson(personId: string, db: Database = this.db): Promise<CitizenUserRow | undefined> {
    const rows = await db.select().from(users).where(and(eq(users.personId, personId), eq(users.role, 'citizen'))).limit(1);
    return rows[0];
  }

  async insertUser(tx: Database, user: typeof users.$inferInsert): Promise<CitizenUserRow> {
    const rows = await tx.insert(users).values(user).returning();
    const row = rows[0];
    if (!row) throw new Error('user insert returned no row');
    return row;
  }

  /** The visible file with this ID number's blind index (one file per person; hidden files are not offered). */
  async personByIdBidx(bidx: string, db: Database = this.db): Promise<CitizenPersonRow | undefined> {
    const rows = await db
      .select()
      .from(persons)
      .where(and(eq(persons.idNumberBidx, bidx), isNull(persons.hiddenAt)))
      .orderBy(asc(persons.createdAt))
      .limit(1);
    return rows[0];
  }

  /** Any file with this ID number's blind index, hidden ones included (a hidden file still blocks a new one). */
  async anyPersonByIdBidx(bidx: string, db: Database = this.db): Promise<CitizenPersonRow | undefined> {
    const rows = await db.select().from(persons).where(eq(persons.idNumberBidx, bidx)).limit(1);
    return rows[0];
  }

  /** The person's live activation code (unused, not voided), locked for the redeeming transaction. */
  async liveActivationCode(tx: Database, personId: string): Promise<typeof activationCodes.$inferSelect | undefined> {
    const rows = await tx
      .select()
      .from(activationCodes)
      .where(and(eq(activationCodes.personId, personId), isNull(activationCodes.usedAt), isNull(activationCodes.voidedAt)))
      .orderBy(desc(activationCodes.issuedAt))
      .limit(1)
      .for('update');
    return rows[0];
  }

  async useActivationCode(tx: Database, personId: string, id: string, at: Date): Promise<void> {
    await tx.update(activationCodes).set({ usedAt: at }).where(and(eq(activationCodes.personId, personId), eq(activationCodes.id, id)));
  }

  /** Counts a wrong try (outside the refused sign-up's transaction, so it sticks); voids the code at `max`. */
  async failActivationCode(personId: string, id: string, max: number, at: Date): Promise<void> {
    await this.db
      .update(activationCodes)
      .set({
        failedAttempts: sql`${activationCodes.failedAttempts} + 1`,
        voidedAt: sql`CASE WHEN ${activationCodes.failedAttempts} + 1 >= ${max} THEN ${at.toISOString()}::timestamptz ELSE ${activationCodes.voidedAt} END`,
      })
      .where(and(eq(activationCodes.personId, personId), eq(activationCodes.id, id)));
  }

  async person(id: string): Promise<CitizenPersonRow | undefined> {
    const rows = await this.db.select().from(persons).where(eq(persons.id, id)).limit(1);
    return rows[0];
  }

  async activeMarks(personId: string): Promise<string[]> {
    const rows = await this.db
      .select({ mark: personMarks.mark })
      .from(personMarks)
      .where(and(eq(personMarks.personId, personId), isNull(personMarks.until)))
      .orderBy(asc(personMarks.mark));
    return rows.map((r) => r.mark);
  }

  async division(code: string, db: Database = this.db): Promise<{ code: string; name: string; level: string } | undefined> {
    const rows = await db.select({ code: divisions.code, name: divisions.name, level: divisions.level }).from(divisions).where(eq(divisions.code, code)).limit(1);
    return rows[0];
  }

  async office(id: string): Promise<typeof offices.$inferSelect | undefined> {
    const rows = await this.db.select().from(offices).where(eq(offices.id, id)).limit(1);
    return rows[0];
  }
}
