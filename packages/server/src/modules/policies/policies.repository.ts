/** All SQL of the policies slice: fact rows for evaluation, pushes, subsidy applications, payment batches, training. */
import { and, asc, desc, eq, gt, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { ancestorCodes, andAll, codePrefix, type Scope } from '../../access/scope.ts';
import { rowsOf, unitOfWork, type Executor } from '../../db/executor.ts';
import { households, persons } from '../../db/schema.ts';
import { paymentBatches, policyPushes, subsidyApplications, trainingEnrolments, trainingProgrammes, trainingProviders } from '../../db/schema-policies.ts';
import { lookupOf, type Lookup } from '../../access/visible.ts';

export type ApplicationRow = typeof subsidyApplications.$inferSelect;
export type BatchRow = typeof paymentBatches.$inferSelect;
export type ProgrammeRow = typeof trainingProgrammes.$inferSelect;
export type ProviderRow = typeof trainingProviders.$inferSelect;
export type EnrolmentRow = typeof trainingEnrolments.$inferSelect;

/** The columns a policy evaluation needs about one person, in one row. */
export interface FactRow {
  id: string;
  name: string;
  jurisdictionCode: string;
  idNumberMasked: string;
  sex: string;
  birthDate: string;
  retirementCategory: string | null;
  education: string | null;
  employmentStatus: string;
  marks: string[];
  registration: { kind: string; state: string; registeredOn: string } | null;
  zeroEmployment: string | null;
  urban: boolean | null;
  trainingCompleted: boolean | null;
  certificate: boolean | null;
}

function factSelect(where: SQL | undefined) {
  return sql`
    SELECT p.id, p.name, p.jurisdiction_code AS "jurisdictionCode", p.id_number_masked AS "idNumberMasked", p.sex,
      p.birth_date::text AS "birthDate", p.retirement_category AS "retirementCategory", p.education,
      p.employment_status AS "employmentStatus",
      COALESCE((SELECT json_agg(m.mark) FROM person_marks m WHERE m.person_id = p.id AND m.until IS NULL), '[]'::json) AS marks,
      (SELECT json_build_object('kind', r.kind, 'state', r.state, 'registeredOn', r.registered_on::text) FROM registrations r
        WHERE r.person_id = p.id ORDER BY (r.state = 'active') DESC, r.registered_on DESC LIMIT 1) AS registration,
      h.zero_employment AS "zeroEmployment", h.urban,
      (SELECT bool_or(e.state = 'completed') FROM training_enrolments e WHERE e.person_id = p.id) AS "trainingCompleted",
      (SELECT bool_or(e.certificate_no IS NOT NULL) FROM training_enrolments e WHERE e.person_id = p.id) AS certificate
    FROM ${persons} p LEFT JOIN ${households} h ON h.id = p.household_id
    WHERE p.hidden_at IS NULL ${where ? sql`AND ${where}` : sql``}
    ORDER BY p.id`;
}


export class PoliciesRepository {
  constructor(readonly db: Executor) {}

  transaction<T>(fn: (repo: PoliciesRepository) => Promise<T>): Promise<T> {
    return unitOfWork(this.db, (tx) => new PoliciesRepository(tx), fn);
  }

  // ---- facts ---------------------------------------------------------------------------------------------------

  async factRow(scope: Scope, personId: string): Promise<Lookup<FactRow>> {
    const rows = await rowsOf<FactRow>(this.db, factSelect(sql`p.id = ${personId}`));
    return lookupOf(rows[0], (r) => scope.canSeePerson(r));
  }

  /** Fact rows of the people in a subtree, in id order after `afterId` (keyset pages). */
  async factRowsIn(within: string, afterId: string | null, limit: number): Promise<FactRow[]> {
    const prefix = codePrefix(within);
    const cond = andAll(prefix ? sql`p.jurisdiction_code LIKE ${prefix + '%'}` : undefined, afterId ? sql`p.id > ${afterId}` : undefined);
    return rowsOf<FactRow>(this.db, sql`${factSelect(cond)} LIMIT ${limit}`);
  }

  // ---- pushes ----------------------------------------------------------------------------------------------------

  async pushedOf(policyId: string, version: string | undefined, personIds: readonly string[]): Promise<Map<string, string>> {
    if (personIds.length === 0) return new Map();
    const rows = await this.db
      .select({ personId: policyPushes.personId, at: policyPushes.pushedOn })
      .from(policyPushes)
      .where(and(inArray(policyPushes.personId, [...personIds]), eq(policyPushes.policyId, policyId), version ? eq(policyPushes.policyVersion, version) : undefined));
    return new Map(rows.map((r) => [r.personId, r.at]));
  }

  async pushesOfPerson(personId: string): Promise<{ policyId: string; policyVersion: string; on: string }[]> {
    return this.db.select({ policyId: policyPushes.policyId, policyVersion: policyPushes.policyVersion, on: policyPushes.pushedOn }).from(policyPushes).where(eq(policyPushes.personId, personId));
  }

  /** Inserts the pushes not yet made; returns only the new ones (the unique key makes a re-run insert nothing). */
  async insertPushes(rows: (typeof policyPushes.$inferInsert)[]): Promise<(typeof policyPushes.$inferSelect)[]> {
    if (rows.length === 0) return [];
    return this.db.insert(policyPushes).values(rows).onConflictDoNothing().returning();
  }

  /** Links pushes to their outbox messages in one statement (a push can reach a county's thousands). */
  async setPushNotifications(links: readonly { personId: string; id: string; notificationId: string }[]): Promise<void> {
    if (links.length === 0) return;
    const rows = sql.join(
      links.map((l) => sql`(${l.personId}::uuid, ${l.id}::uuid, ${l.notificationId}::uuid)`),
      sql`, `,
    );
    await this.db.execute(sql`UPDATE ${policyPushes} AS p SET notification_id = v.notification_id
      FROM (VALUES ${rows}) AS v(person_id, id, notification_id) WHERE p.person_id = v.person_id AND p.id = v.id`);
  }

  // ---- applications ------------------------------------------------------------------------------------------------

  /** Live (not rejected) applications of people for a policy in a period: who has "received" it. */
  async receivedOf(policyId: string, periodKey: string, personIds: readonly string[]): Promise<Map<string, ApplicationRow>> {
    if (personIds.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(subsidyApplications)
      .where(and(inArray(subsidyApplications.personId, [...personIds]), eq(subsidyApplications.policyId, policyId), eq(subsidyApplications.periodKey, periodKey), ne(subsidyApplications.state, 'rejected')));
    return new Map(rows.map((r) => [r.personId, r]));
  }

  async applicationsOfPerson(personId: string): Promise<ApplicationRow[]> {
    return this.db.select().from(subsidyApplications).where(eq(subsidyApplications.personId, personId)).orderBy(desc(subsidyApplications.createdAt));
  }

  async liveDuplicate(beneficiaryKey: string, policyId: string, periodKey: string): Promise<ApplicationRow | undefined> {
    return (
      await this.db
        .select()
        .from(subsidyApplications)
        .where(and(eq(subsidyApplications.beneficiaryKey, beneficiaryKey), eq(subsidyApplications.policyId, policyId), eq(subsidyApplications.periodKey, periodKey), ne(subsidyApplications.state, 'rejected')))
        .limit(1)
    )[0];
  }

  async insertApplication(row: typeof subsidyApplications.$inferInsert): Promise<ApplicationRow> {
    return (await this.db.insert(subsidyApplications).values(row).returning())[0]!;
  }

  async application(scope: Scope, id: string): Promise<Lookup<ApplicationRow>> {
    const row = (await this.db.select().from(subsidyApplications).where(eq(subsidyApplications.id, id)).limit(1))[0];
    return lookupOf(row, (r) => (scope.isCitizen ? r.personId === scope.actor.personId : scope.covers(r.jurisdictionCode)));
  }

  /** Moves an application on only from the state it was read in (a concurrent reviewer loses). */
  async updateApplication(row: ApplicationRow, fromState: string, patch: Partial<typeof subsidyApplications.$inferInsert>): Promise<ApplicationRow | undefined> {
    return (
      await this.db
        .update(subsidyApplications)
        .set(patch)
        .where(and(eq(subsidyApplications.personId, row.personId), eq(subsidyApplications.id, row.id), eq(subsidyApplications.state, fromState)))
        .returning()
    )[0];
  }

  async applications(scope: Scope, within: string, q: { state?: string | undefined; policyId?: string | undefined; personId?: string | undefined }): Promise<ApplicationRow[]> {
    return this.db
      .select()
      .from(subsidyApplications)
      .where(
        andAll(
          scope.personCondition(subsidyApplications.jurisdictionCode, subsidyApplications.personId, within),
          q.state ? eq(subsidyApplications.state, q.state) : undefined,
          q.policyId ? eq(subsidyApplications.policyId, q.policyId) : undefined,
          q.personId ? eq(subsidyApplications.personId, q.personId) : undefined,
        ),
      )
      .orderBy(desc(subsidyApplications.createdAt))
      .limit(1000);
  }

  async personNames(ids: readonly string[]): Promise<Map<string, { name: string; idNumberMasked: string }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.select({ id: persons.id, name: persons.name, idNumberMasked: persons.idNumberMasked }).from(persons).where(inArray(persons.id, [...new Set(ids)]));
    return new Map(rows.map((r) => [r.id, { name: r.name, idNumberMasked: r.idNumberMasked }]));
  }

  /** Approved and paid sums by policy, county and month (of payment, or of the decision while unpaid). */
  async totals(scope: Scope, within: string): Promise<{ policyId: string; county: string; month: string; state: string; count: number; fen: number }[]> {
    const cond = scope.jurisdictionCondition(subsidyApplications.jurisdictionCode, within);
    return rowsOf(
      this.db,
      sql`SELECT policy_id AS "policyId", rpad(left(jurisdiction_code, 6), 12, '0') AS county,
            to_char(COALESCE(paid_on, decided_at::date), 'YYYY-MM') AS month, state,
            count(*)::int AS count, COALESCE(sum(amount_fen), 0)::bigint AS fen
          FROM ${subsidyApplications}
          WHERE state IN ('approved', 'paid') ${cond ? sql`AND ${cond}` : sql``}
          GROUP BY 1, 2, 3, 4 ORDER BY 3, 1, 2, 4`,
    );
  }

  // ---- payment batches ---------------------------------------------------------------------------------------------

  async batchByKey(key: string): Promise<BatchRow | undefined> {
    return (await this.db.select().from(paymentBatches).where(eq(paymentBatches.idempotencyKey, key)).limit(1))[0];
  }

  async batch(scope: Scope, id: string): Promise<Lookup<BatchRow>> {
    const row = (await this.db.select().from(paymentBatches).where(eq(paymentBatches.id, id)).limit(1))[0];
    return lookupOf(row, (r) => scope.covers(r.jurisdictionCode));
  }

  async batches(scope: Scope, within: string): Promise<BatchRow[]> {
    return this.db.select().from(paymentBatches).where(scope.jurisdictionCondition(paymentBatches.jurisdictionCode, within)).orderBy(desc(paymentBatches.createdAt)).limit(200);
  }

  /** Creates a batch and takes every approved, unbatched application of the subtree (and policy) into it. */
  async createBatch(scope: Scope, row: typeof paymentBatches.$inferInsert, within: string, policyId: string | undefined): Promise<BatchRow | undefined> {
    const batch = (await this.db.insert(paymentBatches).values(row).returning())[0]!;
    const taken = await this.db
      .update(subsidyApplications)
      .set({ batchId: batch.id })
      .where(andAll(eq(subsidyApplications.state, 'approved'), isNull(subsidyApplications.batchId), scope.jurisdictionCondition(subsidyApplications.jurisdictionCode, within), policyId ? eq(subsidyApplications.policyId, policyId) : undefined))
      .returning({ amountFen: subsidyApplications.amountFen });
    if (taken.length === 0) return undefined;
    const total = taken.reduce((s, r) => s + (r.amountFen ?? 0), 0);
    return (await this.db.update(paymentBatches).set({ itemCount: taken.length, totalFen: total }).where(eq(paymentBatches.id, batch.id)).returning())[0];
  }

  async batchItems(batchId: string): Promise<ApplicationRow[]> {
    return this.db.select().from(subsidyApplications).where(eq(subsidyApplications.batchId, batchId)).orderBy(asc(subsidyApplications.applicationNo), asc(subsidyApplications.id));
  }

  async markBatchPaid(id: string, paidOn: string, by: string): Promise<BatchRow | undefined> {
    const row = (await this.db.update(paymentBatches).set({ state: 'paid', paidOn, paidBy: by }).where(and(eq(paymentBatches.id, id), eq(paymentBatches.state, 'exported'))).returning())[0];
    if (row) await this.db.update(subsidyApplications).set({ state: 'paid', paidOn }).where(and(eq(subsidyApplications.batchId, id), eq(subsidyApplications.state, 'approved')));
    return row;
  }

  async batchNos(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.select({ id: paymentBatches.id, no: paymentBatches.batchNo }).from(paymentBatches).where(inArray(paymentBatches.id, [...new Set(ids)]));
    return new Map(rows.map((r) => [r.id, r.no]));
  }

  // ---- training ----------------------------------------------------------------------------------------------------

  async insertProvider(row: typeof trainingProviders.$inferInsert): Promise<ProviderRow> {
    return (await this.db.insert(trainingProviders).values(row).returning())[0]!;
  }

  async provider(id: string): Promise<ProviderRow | undefined> {
    return (await this.db.select().from(trainingProviders).where(eq(trainingProviders.id, id)).limit(1))[0];
  }

  async providers(scope: Scope, within: string): Promise<ProviderRow[]> {
    return this.db.select().from(trainingProviders).where(scope.jurisdictionCondition(trainingProviders.jurisdictionCode, within)).orderBy(asc(trainingProviders.name));
  }

  async insertProgramme(row: typeof trainingProgrammes.$inferInsert): Promise<ProgrammeRow> {
    return (await this.db.insert(trainingProgrammes).values(row).returning())[0]!;
  }

  async programme(scope: Scope, id: string): Promise<Lookup<ProgrammeRow>> {
    const row = (await this.db.select().from(trainingProgrammes).where(eq(trainingProgrammes.id, id)).limit(1))[0];
    // A programme published above (the county's list) is open to the communities below it.
    return lookupOf(row, (r) => scope.covers(r.jurisdictionCode) || (!scope.isCitizen && scope.actor.jurisdictionCode.startsWith(codePrefix(r.jurisdictionCode))));
  }

  /** Programmes of the subtree and of the divisions above it (a county's list is open to its communities). */
  async programmes(scope: Scope, within: string): Promise<ProgrammeRow[]> {
    const own = scope.jurisdictionCondition(trainingProgrammes.jurisdictionCode, within);
    const above = inArray(trainingProgrammes.jurisdictionCode, ['000000000000', ...ancestorCodes(within)]);
    return this.db.select().from(trainingProgrammes).where(own ? or(own, above) : undefined).orderBy(asc(trainingProgrammes.startsOn));
  }

  /** Takes a seat if one is free (safe against concurrent enrolments). */
  async takeSeat(id: string): Promise<boolean> {
    const rows = await this.db
      .update(trainingProgrammes)
      .set({ enrolled: sql`${trainingProgrammes.enrolled} + 1` })
      .where(and(eq(trainingProgrammes.id, id), sql`${trainingProgrammes.enrolled} < ${trainingProgrammes.seats}`))
      .returning({ id: trainingProgrammes.id });
    return rows.length > 0;
  }

  async insertEnrolment(row: typeof trainingEnrolments.$inferInsert): Promise<EnrolmentRow | undefined> {
    return (await this.db.insert(trainingEnrolments).values(row).onConflictDoNothing().returning())[0];
  }

  async enrolment(personId: string, programmeId: string): Promise<EnrolmentRow | undefined> {
    return (await this.db.select().from(trainingEnrolments).where(and(eq(trainingEnrolments.personId, personId), eq(trainingEnrolments.programmeId, programmeId))).limit(1))[0];
  }

  async updateEnrolment(row: EnrolmentRow, patch: Partial<typeof trainingEnrolments.$inferInsert>): Promise<EnrolmentRow | undefined> {
    return (await this.db.update(trainingEnrolments).set(patch).where(and(eq(trainingEnrolments.personId, row.personId), eq(trainingEnrolments.id, row.id))).returning())[0];
  }

  async enrolmentsOf(programmeId: string): Promise<EnrolmentRow[]> {
    return this.db.select().from(trainingEnrolments).where(and(eq(trainingEnrolments.programmeId, programmeId), gt(trainingEnrolments.enrolledOn, '0000-01-01'))).orderBy(asc(trainingEnrolments.enrolledOn));
  }
}
