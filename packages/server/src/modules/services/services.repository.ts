/** All SQL of the services slice (service records, postings, diary sources). Person reads apply the caller's Scope. */
import { and, asc, desc, eq, inArray, isNull, like, sql } from 'drizzle-orm';
import { codePrefix, type Scope } from '../../access/scope.ts';
import { lookupOf, type Lookup } from '../../access/visible.ts';
import type { Database } from '../../db/client.ts';
import { divisions, offices, personEvents, personMarks, persons, users } from '../../db/schema.ts';
import { employmentRegistrations, registrations } from '../../db/schema-registration.ts';
import { SERVICE_TYPES, formatIsoDate, fromEpochDay, type ServiceType } from '@bangfu/rules';
import { jobPostings, personServiceState, personServiceSummary, serviceRecords, serviceStateChanges } from '../../db/schema-services.ts';
import { officesServing, type OfficeRow } from '../org/org.repository.ts';
import type { PersonRow } from '../persons/persons.repository.ts';
import type { RegistrationRow } from '../registration/registration.repository.ts';

export type { OfficeRow, PersonRow, RegistrationRow };
export type ServiceRow = typeof serviceRecords.$inferSelect;
export type NewServiceRow = typeof serviceRecords.$inferInsert;
export type PostingRow = typeof jobPostings.$inferSelect;
export type StateRecord = typeof personServiceState.$inferSelect;

export class ServicesRepository {
  constructor(readonly db: Database) {}

  transaction<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => work(tx as unknown as Database));
  }

  async findPerson(scope: Scope, id: string): Promise<Lookup<PersonRow>> {
    const rows = await this.db.select().from(persons).where(and(eq(persons.id, id), isNull(persons.hiddenAt))).limit(1);
    return lookupOf(rows[0], (row) => scope.canSeePerson(row));
  }

  async personsByIds(ids: readonly string[]): Promise<PersonRow[]> {
    if (ids.length === 0) return [];
    return this.db.select().from(persons).where(and(inArray(persons.id, [...ids]), isNull(persons.hiddenAt)));
  }

  /** Registration periods of persons, newest first (active before cancelled on the same day). */
  async registrationsOf(personIds: readonly string[], db: Database = this.db): Promise<RegistrationRow[]> {
    if (personIds.length === 0) return [];
    return db
      .select()
      .from(registrations)
      .where(inArray(registrations.personId, [...personIds]))
      .orderBy(desc(registrations.registeredOn), desc(registrations.createdAt));
  }

  async posting(id: string): Promise<PostingRow | undefined> {
    const rows = await this.db.select().from(jobPostings).where(eq(jobPostings.id, id)).limit(1);
    return rows[0];
  }

  async postings(ids: readonly string[]): Promise<Map<string, PostingRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.select().from(jobPostings).where(inArray(jobPostings.id, [...new Set(ids)]));
    return new Map(rows.map((r) => [r.id, r]));
  }

  async listPostings(within: string): Promise<PostingRow[]> {
    const prefix = codePrefix(within);
    return this.db
      .select()
      .from(jobPostings)
      .where(prefix ? like(jobPostings.jurisdictionCode, `${prefix}%`) : undefined)
      .orderBy(desc(jobPostings.createdAt))
      .limit(500);
  }

  async insertPosting(row: typeof jobPostings.$inferInsert): Promise<PostingRow> {
    const rows = await this.db.insert(jobPostings).values(row).returning();
    return rows[0]!;
  }

  async office(id: string): Promise<OfficeRow | undefined> {
    const rows = await this.db.select().from(offices).where(eq(offices.id, id)).limit(1);
    return rows[0];
  }

  /** Offices serving a division: its own and those of every ancestor, nearest first. */
  async officesFor(code: string): Promise<OfficeRow[]> {
    return officesServing(this.db, code);
  }

  async divisionName(code: string): Promise<string> {
    const rows = await this.db.select({ name: divisions.name }).from(divisions).where(eq(divisions.code, code)).limit(1);
    return rows[0]?.name ?? code;
  }

  async byIdempotencyKey(db: Database, personId: string, key: string): Promise<ServiceRow | undefined> {
    const rows = await db
      .select()
      .from(serviceRecords)
      .where(and(eq(serviceRecords.personId, personId), eq(serviceRecords.idempotencyKey, key)))
      .limit(1);
    return rows[0];
  }

  /**
   * A countable record (not voided, not superseded) of the same person, type and day with the same content (and,
   * for a job recommendation, the same posting): recording it again would count one service twice.
   */
  async identical(db: Database, personId: string, r: { type: string; servedOn: string; content: string; postingId: string | null; postingText: string | null }): Promise<ServiceRow | undefined> {
    const rows = await db
      .select()
      .from(serviceRecords)
      .where(
        and(
          eq(serviceRecords.personId, personId),
          eq(serviceRecords.type, r.type),
          eq(serviceRecords.servedOn, r.servedOn),
          eq(serviceRecords.voided, false),
          sql`btrim(${serviceRecords.content}) = ${r.content.trim()}`,
          sql`${serviceRecords.postingId} IS NOT DISTINCT FROM ${r.postingId}::uuid`,
          sql`${serviceRecords.postingText} IS NOT DISTINCT FROM ${r.postingText}`,
          sql`NOT EXISTS (SELECT 1 FROM service_records c WHERE c.person_id = ${serviceRecords.personId} AND c.supersedes_id = ${serviceRecords.id})`,
        ),
      )
      .orderBy(asc(serviceRecords.createdAt))
      .limit(1);
    return rows[0];
  }

  async record(personId: string, id: string, db: Database = this.db): Promise<ServiceRow | undefined> {
    const rows = await db
      .select()
      .from(serviceRecords)
      .where(and(eq(serviceRecords.personId, personId), eq(serviceRecords.id, id)))
      .limit(1);
    return rows[0];
  }

  async insert(tx: Database, rows: readonly NewServiceRow[]): Promise<ServiceRow[]> {
    if (rows.length === 0) return [];
    return tx.insert(serviceRecords).values([...rows]).returning();
  }

  /** A person's service records, oldest first; with the id of the record superseding each (if any). */
  async forPerson(personId: string): Promise<ServiceRow[]> {
    return this.db.select().from(serviceRecords).where(eq(serviceRecords.personId, personId)).orderBy(asc(serviceRecords.servedOn), asc(serviceRecords.createdAt));
  }

  /**
   * The person's countable services (type, day) from `person_service_summary`: not voided, not superseded, with
   * the services of files merged into this one — what the stored state counts.
   */
  async countableServices(personId: string): Promise<{ type: ServiceType; servedOn: string }[]> {
    const rows = await this.db.select({ services: personServiceSummary.services }).from(personServiceSummary).where(eq(personServiceSummary.personId, personId)).limit(1);
    return (rows[0]?.services ?? []).flatMap((packed) => {
      const type = SERVICE_TYPES[packed % 32];
      return type ? [{ type, servedOn: formatIsoDate(fromEpochDay(Math.floor(packed / 32))) }] : [];
    });
  }

  async state(personId: string, db: Database = this.db): Promise<StateRecord | undefined> {
    const rows = await db.select().from(personServiceState).where(eq(personServiceState.personId, personId)).limit(1);
    return rows[0];
  }

  async stateChanges(personId: string, limit = 200) {
    return this.db.select().from(serviceStateChanges).where(eq(serviceStateChanges.personId, personId)).orderBy(desc(serviceStateChanges.on), desc(serviceStateChanges.at)).limit(limit);
  }

  async marks(personId: string) {
    return this.db.select().from(personMarks).where(eq(personMarks.personId, personId)).orderBy(asc(personMarks.since));
  }

  async events(personId: string) {
    return this.db
      .select({ at: personEvents.at, kind: personEvents.kind, source: personEvents.source, reason: personEvents.reason, actorName: personEvents.actorName, id: personEvents.id })
      .from(personEvents)
      .where(eq(personEvents.personId, personId))
      .orderBy(asc(personEvents.at));
  }

  async employments(personId: string) {
    return this.db.select().from(employmentRegistrations).where(eq(employmentRegistrations.personId, personId)).orderBy(asc(employmentRegistrations.startedOn));
  }

  async userNames(ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter(Boolean))];
    if (unique.length === 0) return new Map();
    const rows = await this.db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, unique));
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Active marks of a person on a day. */
  async activeMarks(personId: string, on: string): Promise<string[]> {
    const rows = await this.db
      .select({ mark: personMarks.mark })
      .from(personMarks)
      .where(and(eq(personMarks.personId, personId), sql`${personMarks.since} <= ${on}`, sql`(${personMarks.until} IS NULL OR ${personMarks.until} >= ${on})`));
    return rows.map((r) => r.mark);
  }
}
