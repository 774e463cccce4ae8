/** All SQL of the assistance slice (recognition, plans, zero-employment cases, fact loading). Takes a `Scope`. */
import { and, asc, count, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { NATION_CODE, ancestorCodes, andAll, codePrefix, notHiddenPerson, type Scope } from '../../access/scope.ts';
import { officesServing } from '../org/org.repository.ts';
import type { Database } from '../../db/client.ts';
import { divisions, householdZeroEmploymentPeriods, households, personMarks, persons, users } from '../../db/schema.ts';
import { ROLES, can } from '../../access/roles.ts';
import { registrations } from '../../db/schema-registration.ts';
import {
  assistanceApplications,
  assistanceCardCounters,
  assistanceEvents,
  assistanceObjections,
  assistancePlanMeasures,
  assistancePlans,
  postPlacements,
  zeroEmploymentCases,
} from '../../db/schema-assistance.ts';
import type { FieldCipher } from '../../security/field-cipher.ts';
import type { SortOrder } from '../../contract/list-query.ts';
import type { PersonRow } from '../persons/persons.repository.ts';
import type { FactPerson, FileFacts } from './facts.ts';

export type ApplicationRow = typeof assistanceApplications.$inferSelect;
export type ApplicationInsert = typeof assistanceApplications.$inferInsert;
export type EventRow = typeof assistanceEvents.$inferSelect;
export type ObjectionRow = typeof assistanceObjections.$inferSelect;
export type PlanRow = typeof assistancePlans.$inferSelect;
export type MeasureRow = typeof assistancePlanMeasures.$inferSelect;
export type ZeroCaseRow = typeof zeroEmploymentCases.$inferSelect;

export type Lookup<T> = { status: 'visible'; row: T } | { status: 'out_of_scope'; jurisdictionCode: string } | { status: 'absent' };

export const WORKLIST_TASKS = ['precheck', 'review', 'recognise', 'recheck', 'handover_assessment', 'period_ended'] as const;
export type WorklistTask = (typeof WORKLIST_TASKS)[number];
export interface WorklistRow {
  applicationId: string;
  personId: string;
  personName: string | null;
  idNumberMasked: string | null;
  task: WorklistTask;
  due: string | null;
  overdue: boolean;
}

async function rowsOf<T>(db: Database, statement: SQL): Promise<T[]> {
  return ((await db.execute(statement)) as unknown as { rows: T[] }).rows;
}

export const OPEN_STATES = ['submitted', 'prechecked', 'public_notice', 'recognised', 'appealed'] as const;

export class AssistanceRepository {
  constructor(readonly db: Database) {}

  transaction<T>(fn: (repo: AssistanceRepository) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new AssistanceRepository(tx as unknown as Database)));
  }

  // --- persons and facts ----------------------------------------------------------------------------------

  async person(scope: Scope, id: string, forUpdate = false): Promise<Lookup<PersonRow>> {
    const q = this.db.select().from(persons).where(and(eq(persons.id, id), isNull(persons.hiddenAt))).limit(1);
    const row = (forUpdate ? await q.for('update') : await q)[0];
    if (!row) return { status: 'absent' };
    return scope.canSeePerson(row) ? { status: 'visible', row } : { status: 'out_of_scope', jurisdictionCode: row.jurisdictionCode };
  }

  async fileFacts(rows: readonly FactPerson[], cipher: FieldCipher): Promise<Map<string, FileFacts>> {
    const ids = rows.map((r) => r.id);
    const out = new Map<string, FileFacts>();
    if (ids.length === 0) return out;
    const [marks, regs, hh, placed] = await Promise.all([
      this.db.select({ personId: personMarks.personId, mark: personMarks.mark }).from(personMarks).where(and(inArray(personMarks.personId, ids), isNull(personMarks.until))),
      this.db
        .select({ personId: registrations.personId, kind: registrations.kind, registeredOn: registrations.registeredOn })
        .from(registrations)
        .where(and(inArray(registrations.personId, ids), eq(registrations.state, 'active'), eq(registrations.kind, 'unemployment'))),
      this.db
        .select({ id: households.id, zero: households.zeroEmployment, urban: households.urban })
        .from(households)
        .where(inArray(households.id, rows.map((r) => r.householdId).filter((h): h is string => h !== null).concat(['00000000-0000-0000-0000-000000000000']))),
      this.db.select({ personId: postPlacements.personId, n: count() }).from(postPlacements).where(inArray(postPlacements.personId, ids)).groupBy(postPlacements.personId),
    ]);
    const hhById = new Map(hh.map((h) => [h.id, h]));
    const regById = new Map(regs.map((x) => [x.personId, x]));
    const marksById = new Map<string, string[]>();
    for (const m of marks) marksById.set(m.personId, [...(marksById.get(m.personId) ?? []), m.mark]);
    const placedById = new Map(placed.map((p) => [p.personId, Number(p.n)]));
    for (const r of rows) {
      const h = r.householdId ? hhById.get(r.householdId) : undefined;
      const reg = regById.get(r.id);
      let grade: number | undefined;
      if (r.disabilityGradeEnc) {
        const g = Number(cipher.decrypt(r.disabilityGradeEnc));
        grade = Number.isInteger(g) ? g : undefined;
      }
      out.set(r.id, {
        person: r,
        marks: marksById.get(r.id) ?? [],
        registration: reg ? { kind: reg.kind, registeredOn: reg.registeredOn } : null,
        householdZeroEmployment: h ? h.zero ?? 'unknown' : null,
        householdUrban: h ? h.urban : null,
        disabilityGrade: grade,
        placements: placedById.get(r.id) ?? 0,
      });
    }
    return out;
  }

  async personsByIds(ids: readonly string[]): Promise<PersonRow[]> {
    if (ids.length === 0) return [];
    return this.db.select().from(persons).where(and(inArray(persons.id, [...ids]), isNull(persons.hiddenAt)));
  }

  /**
   * The whole candidate pool of the subtree as keys, in (registration date, person id) order: active unemployment
   * registrants without the `difficulty` mark and without an open application. One pass (the caller loads and
   * evaluates the people in chunks), so the scan is linear in the pool, with no cap.
   */
  async candidatePoolKeys(scope: Scope, within: string): Promise<{ personId: string; registeredOn: string }[]> {
    return this.db
      .select({ personId: persons.id, registeredOn: registrations.registeredOn })
      .from(persons)
      .innerJoin(registrations, and(eq(registrations.personId, persons.id), eq(registrations.state, 'active'), eq(registrations.kind, 'unemployment')))
      .where(
        andAll(
          scope.personCondition(persons.jurisdictionCode, persons.id, within),
          isNull(persons.hiddenAt),
          sql`NOT EXISTS (SELECT 1 FROM ${personMarks} m WHERE m.person_id = ${persons.id} AND m.mark = 'difficulty' AND m.until IS NULL)`,
          sql`NOT EXISTS (SELECT 1 FROM ${assistanceApplications} a WHERE a.person_id = ${persons.id} AND a.state IN ('submitted', 'prechecked', 'public_notice', 'recognised', 'appealed'))`,
        ),
      )
      .orderBy(asc(registrations.registeredOn), asc(persons.id));
  }

  async divisionNames(codes: readonly string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = await this.db.select({ code: divisions.code, name: divisions.name }).from(divisions).where(inArray(divisions.code, [...new Set(codes)]));
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  /** The nearest office up the tree (for the contact printed on notices and cards). */
  async officeFor(code: string): Promise<{ name: string; phone: string | null; address: string | null } | undefined> {
    const best = (await officesServing(this.db, code))[0];
    return best ? { name: best.name, phone: best.phone, address: best.address } : undefined;
  }

  /**
   * Staff who may be responsible for a person's plan (首问负责制): active users whose role makes plans
   * (`assistance.plan`) and whose jurisdiction covers the person's division (so they can serve the file), limited
   * to the actor's own subtree. Closest to the person first.
   */
  async responsibleWorkers(scope: Scope, personCode: string): Promise<{ id: string; username: string; displayName: string; role: string; jurisdictionCode: string }[]> {
    const ancestors = [NATION_CODE, ...ancestorCodes(personCode)];
    const roles = ROLES.filter((r) => can(r, 'assistance.plan'));
    const rows = await this.db
      .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role, jurisdictionCode: users.jurisdictionCode })
      .from(users)
      .where(andAll(eq(users.active, true), inArray(users.role, roles), inArray(users.jurisdictionCode, ancestors), scope.jurisdictionCondition(users.jurisdictionCode)))
      .orderBy(desc(users.jurisdictionCode), asc(users.username));
    return rows.sort((a, b) => codePrefix(b.jurisdictionCode).length - codePrefix(a.jurisdictionCode).length || a.username.localeCompare(b.username));
  }

  // --- applications ---------------------------------------------------------------------------------------

  async openApplication(personId: string): Promise<ApplicationRow | undefined> {
    const rows = await this.db
      .select()
      .from(assistanceApplications)
      .where(and(eq(assistanceApplications.personId, personId), inArray(assistanceApplications.state, [...OPEN_STATES])))
      .limit(1);
    return rows[0];
  }

  async application(scope: Scope, id: string, forUpdate = false): Promise<Lookup<ApplicationRow>> {
    const q = this.db.select().from(assistanceApplications).where(and(eq(assistanceApplications.id, id), notHiddenPerson(assistanceApplications.personId))).limit(1);
    const row = (forUpdate ? await q.for('update') : await q)[0];
    if (!row) return { status: 'absent' };
    const visible = scope.isCitizen ? row.personId === scope.actor.personId : scope.covers(row.jurisdictionCode);
    return visible ? { status: 'visible', row } : { status: 'out_of_scope', jurisdictionCode: row.jurisdictionCode };
  }

  async applicationsFor(personId: string): Promise<ApplicationRow[]> {
    return this.db.select().from(assistanceApplications).where(eq(assistanceApplications.personId, personId)).orderBy(desc(assistanceApplications.createdAt));
  }

  async list(scope: Scope, within: string, states: readonly string[] | undefined, page: number, pageSize: number, sort: { sort?: ApplicationSort | undefined; order?: SortOrder | undefined } = {}): Promise<{ rows: (ApplicationRow & { personName: string; idNumberMasked: string })[]; total: number }> {
    const where = andAll(scope.personCondition(assistanceApplications.jurisdictionCode, assistanceApplications.personId, within), states?.length ? inArray(assistanceApplications.state, [...states]) : undefined);
    const [rows, totals] = await Promise.all([
      this.db
        .select({ a: assistanceApplications, personName: persons.name, idNumberMasked: persons.idNumberMasked })
        .from(assistanceApplications)
        .innerJoin(persons, eq(persons.id, assistanceApplications.personId))
        .where(where)
        .orderBy(...applicationOrder(sort), asc(assistanceApplications.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize),
      this.db.select({ n: count() }).from(assistanceApplications).where(where),
    ]);
    return { rows: rows.map((r) => ({ ...r.a, personName: r.personName, idNumberMasked: r.idNumberMasked })), total: Number(totals[0]?.n ?? 0) };
  }

  /**
   * The public notices running in the subtree, one page, with the exact total: the notice ending first on top
   * (an ended notice awaits recognition), then by application id.
   */
  async notices(scope: Scope, within: string, page: number, pageSize: number): Promise<{ rows: ApplicationRow[]; total: number }> {
    const where = andAll(scope.personCondition(assistanceApplications.jurisdictionCode, assistanceApplications.personId, within), eq(assistanceApplications.state, 'public_notice'));
    const [rows, totals] = await Promise.all([
      this.db
        .select()
        .from(assistanceApplications)
        .where(where)
        .orderBy(asc(assistanceApplications.noticeEnds), asc(assistanceApplications.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize),
      this.db.select({ n: count() }).from(assistanceApplications).where(where),
    ]);
    return { rows, total: Number(totals[0]?.n ?? 0) };
  }

  /** Division codes of the recognitions in force in the subtree (to resolve each one's pack for the worklist). */
  async recognisedCodes(scope: Scope, within: string): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ code: assistanceApplications.jurisdictionCode })
      .from(assistanceApplications)
      .where(andAll(scope.personCondition(assistanceApplications.jurisdictionCode, assistanceApplications.personId, within), eq(assistanceApplications.state, 'recognised')));
    return rows.map((r) => r.code);
  }

  /**
   * The assistance worklist computed in the database, one page with the exact total and per-task counts (no row
   * cap, nothing of the subtree loaded into the process). Tasks: `precheck` (submitted, due = pre-check
   * deadline), `review` (pre-checked or appealed, review deadline), `recognise` (notice ended before `today`),
   * `recheck` (next re-check on or before `today`), `handover_assessment` (none recorded and `today` on or after
   * the period's end minus the pack's hand-over days), `period_ended` (after the period's end). The period's end
   * is the recognition date plus the pack's validity months minus one day (`assistancePeriod`; PostgreSQL's
   * month addition clamps to the month's end as the rules package does), with each division's pack given in
   * `packs`. Urgency order: overdue first, then the earliest due date, then the task's place in the workflow,
   * then application id (a total order, so pages neither overlap nor skip).
   */
  async worklist(
    scope: Scope,
    within: string,
    today: string,
    packs: readonly { code: string; validityMonths: number; handoverDays: number }[],
    tasks: readonly WorklistTask[] | undefined,
    page: number,
    pageSize: number,
  ): Promise<{ rows: WorklistRow[]; total: number; counts: { task: WorklistTask; n: number; overdue: number }[] }> {
    const a = assistanceApplications;
    const inScope = scope.personCondition(a.jurisdictionCode, a.personId, within) ?? sql`true`;
    const day = sql`${today}::date`;
    const packTable = JSON.stringify(packs.map((p) => ({ code: p.code, v: p.validityMonths, h: p.handoverDays })));
    const filter = tasks?.length ? sql`WHERE task IN (${sql.join(tasks.map((t) => sql`${t}`), sql`, `)})` : sql``;
    // One statement: the tasks are computed once (a CTE used twice is materialised) for the page and the counts.
    // Recognitions with nothing due (re-check ahead, before the hand-over window) are dropped before that.
    const [result] = await rowsOf<{ rows: WorklistRow[] | string; counts: { task: WorklistTask; n: number; overdue: number }[] | string }>(
      this.db,
      sql`
      WITH packs AS (SELECT * FROM jsonb_to_recordset(${packTable}::jsonb) AS x(code text, v int, h int)),
      rec AS (
        SELECT * FROM (
          SELECT ${a.id} AS id, ${a.personId} AS person_id, ${a.nextRecheckOn} AS next_recheck_on, ${a.handoverAssessment} IS NULL AS no_handover,
                 ((${a.recognisedOn} + make_interval(months => packs.v))::date - 1) AS valid_end, packs.h AS h
          FROM ${a} JOIN packs ON packs.code = ${a.jurisdictionCode}
          WHERE ${a.state} = 'recognised' AND ${a.recognisedOn} IS NOT NULL AND ${inScope}
        ) r
        WHERE next_recheck_on <= ${day} OR valid_end - h <= ${day}
      ),
      tasks AS (
        SELECT ${a.id} AS id, ${a.personId} AS person_id, 'precheck'::text AS task, 1 AS step, ${a.precheckDue} AS due, coalesce(${a.precheckDue} < ${day}, false) AS overdue
          FROM ${a} WHERE ${a.state} = 'submitted' AND ${inScope}
        UNION ALL
        SELECT ${a.id}, ${a.personId}, 'review', 2, ${a.reviewDue}, coalesce(${a.reviewDue} < ${day}, false)
          FROM ${a} WHERE ${a.state} IN ('prechecked', 'appealed') AND ${inScope}
        UNION ALL
        SELECT ${a.id}, ${a.personId}, 'recognise', 3, ${a.noticeEnds}, false
          FROM ${a} WHERE ${a.state} = 'public_notice' AND ${a.noticeEnds} < ${day} AND ${inScope}
        UNION ALL
        SELECT id, person_id, 'recheck', 4, next_recheck_on, next_recheck_on < ${day} FROM rec WHERE next_recheck_on <= ${day}
        UNION ALL
        SELECT id, person_id, 'handover_assessment', 5, valid_end, valid_end < ${day} FROM rec WHERE no_handover AND ${day} >= valid_end - h
        UNION ALL
        SELECT id, person_id, 'period_ended', 6, valid_end, true FROM rec WHERE valid_end < ${day}
      ),
      page AS (SELECT * FROM tasks ${filter} ORDER BY overdue DESC, due ASC NULLS LAST, step, id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize})
      SELECT
        (SELECT coalesce(json_agg(json_build_object('applicationId', t.id, 'personId', t.person_id, 'personName', p.name, 'idNumberMasked', p.id_number_masked, 'task', t.task, 'due', t.due, 'overdue', t.overdue)
                                  ORDER BY t.overdue DESC, t.due ASC NULLS LAST, t.step, t.id), '[]'::json)
           FROM page t LEFT JOIN ${persons} p ON p.id = t.person_id) AS rows,
        (SELECT coalesce(json_agg(json_build_object('task', c.task, 'n', c.n, 'overdue', c.o)), '[]'::json)
           FROM (SELECT task, count(*) AS n, count(*) FILTER (WHERE overdue) AS o FROM tasks GROUP BY task) c) AS counts`,
    );
    const parse = <T>(v: T | string | undefined): T | undefined => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
    const rows = parse(result?.rows) ?? [];
    const counts = (parse(result?.counts) ?? []).map((c) => ({ task: c.task, n: Number(c.n), overdue: Number(c.overdue) }));
    const total = counts.filter((c) => !tasks?.length || tasks.includes(c.task)).reduce((sum, c) => sum + c.n, 0);
    return { rows, total, counts };
  }

  async insertApplication(row: ApplicationInsert): Promise<ApplicationRow> {
    const rows = await this.db.insert(assistanceApplications).values(row).returning();
    return rows[0]!;
  }

  /**
   * Optimistic update: only when the row is still in `fromState` (a concurrent transition makes this return
   * undefined). `at` is the step's time from the slice's clock.
   */
  async transition(row: ApplicationRow, fromState: string, patch: Partial<ApplicationInsert>, at: Date): Promise<ApplicationRow | undefined> {
    const rows = await this.db
      .update(assistanceApplications)
      .set({ ...patch, version: row.version + 1, updatedAt: at })
      .where(and(eq(assistanceApplications.personId, row.personId), eq(assistanceApplications.id, row.id), eq(assistanceApplications.state, fromState), eq(assistanceApplications.version, row.version)))
      .returning();
    return rows[0];
  }

  /**
   * Appends an event: `at` is the step's time from the slice's clock (required: never the database's or the
   * process's own time); `seq` orders the application's events, since a fixed clock gives several steps the same
   * instant. Callers hold the application's row lock, so `max(seq) + 1` cannot race.
   */
  async event(e: Omit<typeof assistanceEvents.$inferInsert, 'seq' | 'at'> & { at: Date }): Promise<void> {
    const seq = sql<number>`(SELECT coalesce(max(${assistanceEvents.seq}), 0) + 1 FROM ${assistanceEvents} WHERE ${assistanceEvents.applicationId} = ${e.applicationId})`;
    await this.db.insert(assistanceEvents).values({ ...e, seq: seq as unknown as number });
  }

  async events(applicationId: string): Promise<EventRow[]> {
    return this.db.select().from(assistanceEvents).where(eq(assistanceEvents.applicationId, applicationId)).orderBy(asc(assistanceEvents.seq), asc(assistanceEvents.at), asc(assistanceEvents.id));
  }

  async nextCardSerial(countyCode: string, year: number): Promise<number> {
    const rows = await this.db
      .insert(assistanceCardCounters)
      .values({ countyCode, year, lastSerial: 1 })
      .onConflictDoUpdate({ target: [assistanceCardCounters.countyCode, assistanceCardCounters.year], set: { lastSerial: sql`${assistanceCardCounters.lastSerial} + 1` } })
      .returning({ n: assistanceCardCounters.lastSerial });
    return rows[0]!.n;
  }

  async applicationCount(personId: string): Promise<number> {
    const rows = await this.db.select({ n: count() }).from(assistanceApplications).where(eq(assistanceApplications.personId, personId));
    return Number(rows[0]?.n ?? 0);
  }

  // --- objections -----------------------------------------------------------------------------------------

  async insertObjection(row: typeof assistanceObjections.$inferInsert): Promise<ObjectionRow> {
    return (await this.db.insert(assistanceObjections).values(row).returning())[0]!;
  }

  async objections(applicationId: string): Promise<ObjectionRow[]> {
    return this.db.select().from(assistanceObjections).where(eq(assistanceObjections.applicationId, applicationId)).orderBy(asc(assistanceObjections.raisedOn), asc(assistanceObjections.id));
  }

  async resolveObjection(personId: string, id: string, patch: Partial<typeof assistanceObjections.$inferInsert>): Promise<ObjectionRow | undefined> {
    const rows = await this.db
      .update(assistanceObjections)
      .set(patch)
      .where(and(eq(assistanceObjections.personId, personId), eq(assistanceObjections.id, id), eq(assistanceObjections.status, 'open')))
      .returning();
    return rows[0];
  }

  // --- plans ----------------------------------------------------------------------------------------------

  async openPlan(personId: string): Promise<PlanRow | undefined> {
    return (await this.db.select().from(assistancePlans).where(and(eq(assistancePlans.personId, personId), inArray(assistancePlans.state, ['draft', 'agreed']))).limit(1))[0];
  }

  async plan(scope: Scope, id: string): Promise<Lookup<PlanRow>> {
    const row = (await this.db.select().from(assistancePlans).where(and(eq(assistancePlans.id, id), notHiddenPerson(assistancePlans.personId))).limit(1))[0];
    if (!row) return { status: 'absent' };
    const visible = scope.isCitizen ? row.personId === scope.actor.personId : scope.covers(row.jurisdictionCode);
    return visible ? { status: 'visible', row } : { status: 'out_of_scope', jurisdictionCode: row.jurisdictionCode };
  }

  /** The latest plan made under an application (its id links the application to the plan). */
  async planOf(personId: string, applicationId: string): Promise<{ id: string; state: string } | undefined> {
    return (
      await this.db
        .select({ id: assistancePlans.id, state: assistancePlans.state })
        .from(assistancePlans)
        .where(and(eq(assistancePlans.personId, personId), eq(assistancePlans.applicationId, applicationId)))
        .orderBy(desc(assistancePlans.createdAt), desc(assistancePlans.id))
        .limit(1)
    )[0];
  }

  async insertPlan(row: typeof assistancePlans.$inferInsert): Promise<PlanRow> {
    return (await this.db.insert(assistancePlans).values(row).returning())[0]!;
  }

  async updatePlan(personId: string, id: string, patch: Partial<typeof assistancePlans.$inferInsert>): Promise<PlanRow> {
    return (await this.db.update(assistancePlans).set(patch).where(and(eq(assistancePlans.personId, personId), eq(assistancePlans.id, id))).returning())[0]!;
  }

  async insertMeasures(rows: (typeof assistancePlanMeasures.$inferInsert)[]): Promise<void> {
    if (rows.length) await this.db.insert(assistancePlanMeasures).values(rows);
  }

  async measures(planId: string): Promise<MeasureRow[]> {
    return this.db.select().from(assistancePlanMeasures).where(eq(assistancePlanMeasures.planId, planId)).orderBy(asc(assistancePlanMeasures.targetDate), asc(assistancePlanMeasures.id));
  }

  async completeMeasure(personId: string, planId: string, id: string, patch: { doneOn: string; outcome: string | null; serviceRecordId: string | null }): Promise<MeasureRow | undefined> {
    const rows = await this.db
      .update(assistancePlanMeasures)
      .set(patch)
      .where(and(eq(assistancePlanMeasures.personId, personId), eq(assistancePlanMeasures.planId, planId), eq(assistancePlanMeasures.id, id), isNull(assistancePlanMeasures.doneOn)))
      .returning();
    return rows[0];
  }

  /** Open measures past their target date in agreed plans of the subtree (the overdue worklist). */
  async overdueMeasures(scope: Scope, within: string, asOf: string) {
    return this.db
      .select({ m: assistancePlanMeasures, plan: assistancePlans, personName: persons.name })
      .from(assistancePlanMeasures)
      .innerJoin(assistancePlans, and(eq(assistancePlans.personId, assistancePlanMeasures.personId), eq(assistancePlans.id, assistancePlanMeasures.planId)))
      .innerJoin(persons, eq(persons.id, assistancePlans.personId))
      .where(andAll(scope.personCondition(assistancePlans.jurisdictionCode, assistancePlans.personId, within), eq(assistancePlans.state, 'agreed'), isNull(assistancePlanMeasures.doneOn), sql`${assistancePlanMeasures.targetDate} < ${asOf}`))
      .orderBy(asc(assistancePlanMeasures.targetDate));
  }

  // --- zero-employment families ---------------------------------------------------------------------------

  /** Open zero-employment periods in the subtree with their confirmation (if any). */
  async openZeroPeriods(scope: Scope, within: string) {
    return this.db
      .select({
        periodId: householdZeroEmploymentPeriods.id,
        householdId: householdZeroEmploymentPeriods.householdId,
        jurisdictionCode: householdZeroEmploymentPeriods.jurisdictionCode,
        startedAt: householdZeroEmploymentPeriods.startedAt,
        address: households.address,
        members: sql<number>`(SELECT count(*)::int FROM ${persons} WHERE ${persons.householdId} = ${households.id} AND ${persons.hiddenAt} IS NULL)`,
        case: zeroEmploymentCases,
      })
      .from(householdZeroEmploymentPeriods)
      .innerJoin(households, eq(households.id, householdZeroEmploymentPeriods.householdId))
      .leftJoin(zeroEmploymentCases, and(eq(zeroEmploymentCases.householdId, householdZeroEmploymentPeriods.householdId), eq(zeroEmploymentCases.periodId, householdZeroEmploymentPeriods.id)))
      .where(andAll(scope.jurisdictionCondition(householdZeroEmploymentPeriods.jurisdictionCode, within), isNull(householdZeroEmploymentPeriods.endedAt)))
      .orderBy(asc(householdZeroEmploymentPeriods.startedAt));
  }

  async zeroPeriod(householdId: string) {
    return (
      await this.db
        .select()
        .from(householdZeroEmploymentPeriods)
        .where(and(eq(householdZeroEmploymentPeriods.householdId, householdId), isNull(householdZeroEmploymentPeriods.endedAt)))
        .limit(1)
    )[0];
  }

  async household(id: string) {
    return (await this.db.select().from(households).where(eq(households.id, id)).limit(1))[0];
  }

  async zeroCase(householdId: string, periodId: string): Promise<ZeroCaseRow | undefined> {
    return (await this.db.select().from(zeroEmploymentCases).where(and(eq(zeroEmploymentCases.householdId, householdId), eq(zeroEmploymentCases.periodId, periodId))).limit(1))[0];
  }

  async insertZeroCase(row: typeof zeroEmploymentCases.$inferInsert): Promise<ZeroCaseRow | undefined> {
    return (await this.db.insert(zeroEmploymentCases).values(row).onConflictDoNothing().returning())[0];
  }

  async completeZeroCase(householdId: string, periodId: string, doneOn: string, assistance: Record<string, unknown>): Promise<ZeroCaseRow | undefined> {
    return (
      await this.db
        .update(zeroEmploymentCases)
        .set({ assistanceDoneOn: doneOn, assistance })
        .where(and(eq(zeroEmploymentCases.householdId, householdId), eq(zeroEmploymentCases.periodId, periodId), isNull(zeroEmploymentCases.assistanceDoneOn)))
        .returning()
    )[0];
  }

  async householdMembers(householdId: string): Promise<{ id: string; name: string; employmentStatus: string }[]> {
    return this.db.select({ id: persons.id, name: persons.name, employmentStatus: persons.employmentStatus }).from(persons).where(and(eq(persons.householdId, householdId), isNull(persons.hiddenAt)));
  }
}

export type ApplicationSort = 'submittedOn' | 'name';

/** The list's ORDER BY: by submission date (then creation) or by name (pinyin). */
function applicationOrder(q: { sort?: ApplicationSort | undefined; order?: SortOrder | undefined }): SQL[] {
  const dir = q.order === 'asc' ? asc : desc;
  if (q.sort === 'name') return [dir(persons.namePinyin)];
  return [dir(assistanceApplications.submittedOn), dir(assistanceApplications.createdAt)];
}
