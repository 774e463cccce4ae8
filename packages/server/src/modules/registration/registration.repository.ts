import { and, asc, count, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { andAll, notHiddenPerson, type Scope } from '../../access/scope.ts';
import { lookupOf, type Lookup } from '../../access/visible.ts';
import type { Database } from '../../db/client.ts';
import { unitOfWork, type Transaction } from '../../db/executor.ts';
import { divisions, offices, persons, users } from '../../db/schema.ts';
import { employmentRegistrations, registrations } from '../../db/schema-registration.ts';
import { reserveSerials } from './registration-numbers.ts';
import { ancestorCodes } from '../../access/scope.ts';
import { officesServing, type OfficeRow } from '../org/org.repository.ts';
import type { PersonRow } from '../persons/persons.repository.ts';

export type { OfficeRow, PersonRow };
export type RegistrationRow = typeof registrations.$inferSelect;
export type NewRegistrationRow = typeof registrations.$inferInsert;
export type EmploymentRow = typeof employmentRegistrations.$inferSelect;

export interface WorklistQuery {
  readonly within: string;
  readonly state: 'active' | 'cancelled';
  readonly due?: 'first_contact' | undefined;
  readonly page: number;
  readonly pageSize: number;
}

export interface WorklistRow {
  readonly registration: RegistrationRow;
  readonly personName: string;
  readonly idNumberMasked: string;
}

/** Kept for importers not yet moved to `db/executor.ts` (the one helper). */

/** All SQL of the registration slice. Person-centred reads apply the caller's `Scope`. */
export class RegistrationRepository {
  constructor(readonly db: Database) {}

  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return unitOfWork(this.db, (tx) => tx, work);
  }

  async findPerson(scope: Scope, personId: string, db: Database = this.db): Promise<Lookup<PersonRow>> {
    const rows = await db
      .select()
      .from(persons)
      .where(and(eq(persons.id, personId), isNull(persons.hiddenAt)))
      .limit(1);
    return lookupOf(rows[0], (row) => scope.canSeePerson(row));
  }

  async findPersonById(personId: string, db: Database = this.db): Promise<PersonRow | undefined> {
    const rows = await db.select().from(persons).where(eq(persons.id, personId)).limit(1);
    return rows[0];
  }

  async findRegistration(scope: Scope, id: string): Promise<Lookup<RegistrationRow>> {
    // A hidden file's registrations answer as absent (detail, certificate, first contact, cancel).
    const rows = await this.db.select().from(registrations).where(and(eq(registrations.id, id), notHiddenPerson(registrations.personId))).limit(1);
    return lookupOf(rows[0], (row) => (scope.isCitizen ? row.personId === scope.actor.personId : scope.covers(row.jurisdictionCode)));
  }

  async forPerson(personId: string, db: Database = this.db): Promise<RegistrationRow[]> {
    return db.select().from(registrations).where(eq(registrations.personId, personId)).orderBy(desc(registrations.registeredOn), desc(registrations.createdAt));
  }

  async active(tx: Database, personId: string, kind: string): Promise<RegistrationRow | undefined> {
    const rows = await tx
      .select()
      .from(registrations)
      .where(and(eq(registrations.personId, personId), eq(registrations.kind, kind), eq(registrations.state, 'active')))
      .limit(1);
    return rows[0];
  }

  /** Next serial for a division and year (see registration-numbers.ts). */
  nextSerial(tx: Database, divisionCode: string, year: number): Promise<number> {
    return reserveSerials(tx, divisionCode, year, 1);
  }

  async periodCount(tx: Database, personId: string): Promise<number> {
    const rows = await tx.select({ n: count() }).from(registrations).where(eq(registrations.personId, personId));
    return Number(rows[0]?.n ?? 0);
  }

  async insert(tx: Database, row: NewRegistrationRow): Promise<RegistrationRow> {
    const rows = await tx.insert(registrations).values(row).returning();
    const created = rows[0];
    if (!created) throw new Error('registration insert returned no row');
    return created;
  }

  /** The office of a division, else of its nearest ancestor that has one. */
  async officeFor(code: string): Promise<OfficeRow | undefined> {
    return (await officesServing(this.db, code))[0];
  }

  async office(id: string): Promise<OfficeRow | undefined> {
    const rows = await this.db.select().from(offices).where(eq(offices.id, id)).limit(1);
    return rows[0];
  }

  /** The caseworker serving a division (the community's own, else the nearest level above). */
  async caseworkerFor(code: string): Promise<{ id: string; displayName: string } | undefined> {
    const chain = ancestorCodes(code);
    const rows = await this.db
      .select({ id: users.id, displayName: users.displayName, jurisdictionCode: users.jurisdictionCode, username: users.username })
      .from(users)
      .where(and(eq(users.role, 'caseworker'), eq(users.active, true), inArray(users.jurisdictionCode, chain)));
    const best = rows.sort((a, b) => b.jurisdictionCode.localeCompare(a.jurisdictionCode) || a.username.localeCompare(b.username))[0];
    return best ? { id: best.id, displayName: best.displayName } : undefined;
  }

  async user(id: string): Promise<{ id: string; displayName: string } | undefined> {
    const rows = await this.db.select({ id: users.id, displayName: users.displayName }).from(users).where(eq(users.id, id)).limit(1);
    return rows[0];
  }

  async divisionName(code: string): Promise<string | undefined> {
    const rows = await this.db.select({ name: divisions.name }).from(divisions).where(eq(divisions.code, code)).limit(1);
    return rows[0]?.name;
  }

  async divisionExists(code: string): Promise<boolean> {
    return (await this.divisionName(code)) !== undefined;
  }

  async divisionNames(codes: readonly string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = await this.db.select({ code: divisions.code, name: divisions.name }).from(divisions).where(inArray(divisions.code, [...new Set(codes)]));
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  async hasCitizenAccount(tx: Database, personId: string): Promise<boolean> {
    const rows = await tx.select({ id: users.id }).from(users).where(and(eq(users.personId, personId), eq(users.role, 'citizen'))).limit(1);
    return rows.length > 0;
  }

  /** Active (or cancelled) registrations in the subtree; those awaiting first contact first, nearest deadline first. */
  async worklist(scope: Scope, q: WorklistQuery): Promise<{ rows: WorklistRow[]; total: number }> {
    const where: SQL | undefined = andAll(
      scope.personCondition(registrations.jurisdictionCode, registrations.personId, q.within),
      eq(registrations.state, q.state),
      q.due === 'first_contact' ? and(isNull(registrations.firstContactOn), isNotNull(registrations.firstContactDeadline)) : undefined,
    );
    const awaiting = sql`(${registrations.firstContactOn} IS NULL AND ${registrations.firstContactDeadline} IS NOT NULL)`;
    const [rows, totals] = await Promise.all([
      this.db
        .select({ registration: registrations, personName: persons.name, idNumberMasked: persons.idNumberMasked })
        .from(registrations)
        .innerJoin(persons, eq(persons.id, registrations.personId))
        .where(where)
        .orderBy(desc(awaiting), sql`${registrations.firstContactDeadline} ASC NULLS LAST`, desc(registrations.registeredOn), asc(registrations.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      this.db.select({ n: count() }).from(registrations).where(where),
    ]);
    return { rows, total: Number(totals[0]?.n ?? 0) };
  }

  async recordFirstContact(personId: string, id: string, on: string, channel: string, note: string | null, by: string, db: Database = this.db): Promise<RegistrationRow | undefined> {
    const rows = await db
      .update(registrations)
      .set({ firstContactOn: on, firstContactChannel: channel, firstContactNote: note, firstContactBy: by })
      .where(and(eq(registrations.personId, personId), eq(registrations.id, id), eq(registrations.state, 'active'), isNull(registrations.firstContactOn)))
      .returning();
    return rows[0];
  }

  /** Ends an active registration; undefined when it was no longer active (a concurrent change). */
  async cancel(
    tx: Database,
    personId: string,
    id: string,
    values: { on: string; reason: string; rule: string | null; note: string | null; source: string | null; by: string | null; employmentId?: string | undefined },
  ): Promise<RegistrationRow | undefined> {
    const rows = await tx
      .update(registrations)
      .set({
        state: 'cancelled',
        cancelledOn: values.on,
        deregistrationReason: values.reason,
        deregistrationRule: values.rule,
        deregistrationNote: values.note,
        deregistrationSource: values.source,
        deregisteredBy: values.by,
        endedByEmploymentId: values.employmentId ?? null,
      })
      .where(and(eq(registrations.personId, personId), eq(registrations.id, id), eq(registrations.state, 'active')))
      .returning();
    return rows[0];
  }

  async insertEmployment(tx: Database, row: typeof employmentRegistrations.$inferInsert): Promise<EmploymentRow> {
    const rows = await tx.insert(employmentRegistrations).values(row).returning();
    const created = rows[0];
    if (!created) throw new Error('employment registration insert returned no row');
    return created;
  }

  async linkEmployment(tx: Database, personId: string, employmentId: string, registrationId: string): Promise<void> {
    await tx
      .update(employmentRegistrations)
      .set({ endedRegistrationId: registrationId })
      .where(and(eq(employmentRegistrations.personId, personId), eq(employmentRegistrations.id, employmentId)));
  }

  /** The person's most recent employment registration (latest start), for the re-unemployment window. */
  async lastEmployment(tx: Database, personId: string): Promise<EmploymentRow | undefined> {
    const rows = await tx.select().from(employmentRegistrations).where(eq(employmentRegistrations.personId, personId)).orderBy(desc(employmentRegistrations.startedOn)).limit(1);
    return rows[0];
  }

  async employmentsFor(personId: string): Promise<EmploymentRow[]> {
    return this.db.select().from(employmentRegistrations).where(eq(employmentRegistrations.personId, personId)).orderBy(desc(employmentRegistrations.startedOn));
  }
}
