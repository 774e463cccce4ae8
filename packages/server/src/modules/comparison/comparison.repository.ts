/** SQL of the comparison slice's own tables (runs, rejected rows, mappings, findings), scoped by `Scope`; reads of the registry are in `registry.repository.ts`. */
import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { comparisonFindings, comparisonMappings, comparisonRejectedRows, comparisonRuns } from '../../db/schema-comparison.ts';
import { auditLog, divisions, persons, users } from '../../db/schema.ts';
import { ancestorCodes, andAll, codePrefix, NATION_CODE, notHiddenPerson, type Scope } from '../../access/scope.ts';
import { ComparisonRegistryReads, rows } from './registry.repository.ts';

export type RunRow = typeof comparisonRuns.$inferSelect;
export type NewRun = typeof comparisonRuns.$inferInsert;
export type FindingRow = typeof comparisonFindings.$inferSelect;
/** A finding with the name and masked ID number of its person when the person has a (visible) file. */
export type FindingWithPerson = FindingRow & { personName: string | null; personIdMasked: string | null };
export type NewFinding = typeof comparisonFindings.$inferInsert;
export type NewRejected = typeof comparisonRejectedRows.$inferInsert;

function flatten(r: { f: FindingRow; personName: string | null; personIdMasked: string | null }): FindingWithPerson {
  return { ...r.f, personName: r.personName, personIdMasked: r.personIdMasked };
}

/** Rows per bulk insert statement. */
const BULK = 2000;

/** The columns a claim sets: this process's lease, one more attempt, and when the attempt began. */
function claimPatch(owner: string, now: Date, leaseMs: number) {
  return { state: 'running', leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs), claimedAt: now, startedAt: sql`coalesce(${comparisonRuns.startedAt}, now())`, attempts: sql`${comparisonRuns.attempts} + 1`, error: null } as const;
}

export class ComparisonRepository {
  /** Reads of other slices' tables (registrants, person facts, applied actions). */
  readonly registry: ComparisonRegistryReads;

  constructor(readonly db: Database) {
    this.registry = new ComparisonRegistryReads(db);
  }

  transaction<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => work(tx as unknown as Database));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Runs.

  /** Inserts the run, or answers the live run of the same content (same kind and jurisdiction). */
  async insertRun(run: NewRun): Promise<{ run: RunRow; existing: boolean }> {
    const inserted = await this.db.insert(comparisonRuns).values(run).onConflictDoNothing().returning();
    if (inserted[0]) return { run: inserted[0], existing: false };
    const found = await this.db
      .select()
      .from(comparisonRuns)
      .where(
        and(
          eq(comparisonRuns.contentSha256, run.contentSha256 ?? ''),
          eq(comparisonRuns.datasetKind, run.datasetKind),
          eq(comparisonRuns.jurisdictionCode, run.jurisdictionCode),
          sql`${comparisonRuns.state} NOT IN ('failed', 'cancelled')`,
        ),
      );
    if (!found[0]) throw new Error('run conflict without a live run');
    return { run: found[0], existing: true };
  }

  async run(id: string): Promise<RunRow | undefined> {
    return (await this.db.select().from(comparisonRuns).where(eq(comparisonRuns.id, id)))[0];
  }

  /** Runs of the scope's subtree, newest first; `createdBy` (not null): only that user's uploads. */
  async runs(scope: Scope, q: { state?: string | undefined; kind?: string | undefined; createdBy: string | null; limit: number }): Promise<RunRow[]> {
    return this.db
      .select()
      .from(comparisonRuns)
      .where(
        andAll(
          scope.jurisdictionCondition(comparisonRuns.jurisdictionCode),
          q.state ? eq(comparisonRuns.state, q.state) : undefined,
          q.kind ? eq(comparisonRuns.datasetKind, q.kind) : undefined,
          q.createdBy !== null ? eq(comparisonRuns.createdBy, q.createdBy) : undefined,
        ),
      )
      .orderBy(desc(comparisonRuns.createdAt))
      .limit(q.limit);
  }

  async updateRun(id: string, patch: Partial<NewRun>): Promise<void> {
    await this.db.update(comparisonRuns).set(patch).where(eq(comparisonRuns.id, id));
  }

  /** Claims a run for this process: queued, or running with an expired lease (its process died). */
  async claim(id: string, owner: string, leaseMs: number): Promise<RunRow | undefined> {
    const now = new Date();
    const claimed = await this.db
      .update(comparisonRuns)
      .set(claimPatch(owner, now, leaseMs))
      .where(and(eq(comparisonRuns.id, id), or(eq(comparisonRuns.state, 'queued'), and(eq(comparisonRuns.state, 'running'), lt(comparisonRuns.leaseUntil, now)))))
      .returning();
    return claimed[0];
  }

  /**
   * Claims, in one statement, the oldest run to (re)start on the embedded database (one process owns it): queued,
   * or running under a lease owner that is not one of this process's live runners — its process died.
   */
  async claimNext(owner: string, leaseMs: number, liveOwners: readonly string[]): Promise<RunRow | undefined> {
    const now = new Date();
    const orphaned = liveOwners.length === 0 ? sql`true` : sql`${comparisonRuns.leaseOwner} IS NULL OR ${comparisonRuns.leaseOwner} NOT IN (${sql.join(liveOwners.map((o) => sql`${o}`), sql`, `)})`;
    const next = sql`(SELECT ${comparisonRuns.id} FROM ${comparisonRuns} WHERE ${comparisonRuns.state} = 'queued' OR (${comparisonRuns.state} = 'running' AND (${orphaned})) ORDER BY ${comparisonRuns.createdAt} LIMIT 1)`;
    const claimed = await this.db
      .update(comparisonRuns)
      .set(claimPatch(owner, now, leaseMs))
      .where(sql`${comparisonRuns.id} = ${next}`)
      .returning();
    return claimed[0];
  }

  async renewLease(id: string, owner: string, leaseMs: number): Promise<{ cancelRequested: boolean } | undefined> {
    const r = await this.db
      .update(comparisonRuns)
      .set({ leaseUntil: new Date(Date.now() + leaseMs) })
      .where(and(eq(comparisonRuns.id, id), eq(comparisonRuns.leaseOwner, owner), eq(comparisonRuns.state, 'running')))
      .returning({ cancelRequested: comparisonRuns.cancelRequested });
    return r[0];
  }

  /** Runs to (re)start: queued ones, and running ones whose lease expired. */
  async resumable(): Promise<RunRow[]> {
    return this.db
      .select()
      .from(comparisonRuns)
      .where(or(eq(comparisonRuns.state, 'queued'), and(eq(comparisonRuns.state, 'running'), lt(comparisonRuns.leaseUntil, new Date()))))
      .orderBy(asc(comparisonRuns.createdAt));
  }

  /** Runs left `running` (with their lease owner), to tell those of a dead process at start-up. */
  async runningRuns(): Promise<Pick<RunRow, 'id' | 'leaseOwner' | 'leaseUntil'>[]> {
    return this.db.select({ id: comparisonRuns.id, leaseOwner: comparisonRuns.leaseOwner, leaseUntil: comparisonRuns.leaseUntil }).from(comparisonRuns).where(eq(comparisonRuns.state, 'running'));
  }

  /** Files that queued or running runs still read. */
  async liveFilePaths(): Promise<Set<string>> {
    const r = await this.db.select({ filePath: comparisonRuns.filePath }).from(comparisonRuns).where(inArray(comparisonRuns.state, ['queued', 'running']));
    return new Set(r.map((x) => x.filePath).filter((x): x is string => x !== null));
  }

  /** Ends the lease of a run whose owner died (only while that owner still holds it): it is resumable now. */
  async releaseLease(id: string, owner: string): Promise<boolean> {
    const r = await this.db
      .update(comparisonRuns)
      .set({ leaseUntil: new Date(0) })
      .where(and(eq(comparisonRuns.id, id), eq(comparisonRuns.state, 'running'), eq(comparisonRuns.leaseOwner, owner)))
      .returning({ id: comparisonRuns.id });
    return r.length > 0;
  }

  /** Retention: rejected-row data (cells with ID numbers) of runs finished before `before`; answers rows deleted. */
  async purgeRejected(before: Date): Promise<number> {
    const r = await this.db.execute(sql`
      DELETE FROM comparison_rejected_rows WHERE run_id IN (SELECT id FROM comparison_runs WHERE finished_at < ${before.toISOString()}::timestamptz)`);
    return (r as { affectedRows?: number; rowCount?: number }).affectedRows ?? (r as { rowCount?: number }).rowCount ?? 0;
  }

  /** A user by name, for CLI imports on someone's behalf (`--user`). */
  async user(username: string): Promise<{ id: string; username: string; role: string; jurisdictionCode: string; active: boolean } | undefined> {
    return (await this.db.select({ id: users.id, username: users.username, role: users.role, jurisdictionCode: users.jurisdictionCode, active: users.active }).from(users).where(eq(users.username, username)))[0];
  }

  async divisionExists(code: string): Promise<boolean> {
    return (await this.db.select({ code: divisions.code }).from(divisions).where(eq(divisions.code, code))).length > 0;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Rejected rows.

  /**
   * Inserts rejected rows, thousands per statement as ONE jsonb parameter expanded by jsonb_populate_recordset
   * (a VALUES list needs a bind parameter per cell, and its parsing dominated the findings phase).
   */
  async insertRejected(tx: Database, items: NewRejected[]): Promise<void> {
    for (let i = 0; i < items.length; i += BULK) {
      const json = JSON.stringify(items.slice(i, i + BULK).map((r) => ({ run_id: r.runId, row_no: r.rowNo, reasons: r.reasons, id_masked: r.idMasked ?? null, row_enc: r.rowEnc ?? null })));
      await tx.execute(sql`
        INSERT INTO comparison_rejected_rows (run_id, row_no, reasons, id_masked, row_enc)
        SELECT run_id, row_no, reasons, id_masked, row_enc FROM jsonb_populate_recordset(NULL::comparison_rejected_rows, ${json}::jsonb)
        ON CONFLICT DO NOTHING`);
    }
  }

  async rejectedPage(runId: string, afterLine: number, limit: number) {
    return this.db
      .select()
      .from(comparisonRejectedRows)
      .where(and(eq(comparisonRejectedRows.runId, runId), sql`${comparisonRejectedRows.rowNo} > ${afterLine}`))
      .orderBy(asc(comparisonRejectedRows.rowNo))
      .limit(limit);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Mappings.

  /** The nearest saved mapping on the path from `jurisdiction` up to the nation (a subtree's own wins). */
  async mapping(partner: string, kind: string, jurisdiction: string): Promise<Record<string, string> | undefined> {
    const path = [...new Set([NATION_CODE, ...ancestorCodes(jurisdiction)])];
    const found = await this.db
      .select()
      .from(comparisonMappings)
      .where(and(eq(comparisonMappings.partner, partner), eq(comparisonMappings.datasetKind, kind), inArray(comparisonMappings.jurisdictionCode, path)));
    return found.sort((a, b) => codePrefix(b.jurisdictionCode).length - codePrefix(a.jurisdictionCode).length)[0]?.mapping;
  }

  /** Saves the mapping of `jurisdiction` (the saver's): never another jurisdiction's row. */
  async saveMapping(partner: string, kind: string, mapping: Record<string, string>, by: string | null, jurisdiction: string): Promise<void> {
    await this.db
      .insert(comparisonMappings)
      .values({ jurisdictionCode: jurisdiction, partner, datasetKind: kind, mapping, updatedBy: by })
      .onConflictDoUpdate({ target: [comparisonMappings.jurisdictionCode, comparisonMappings.partner, comparisonMappings.datasetKind], set: { mapping, updatedBy: by, updatedAt: new Date() } });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Findings.

  /** Inserts findings; existing keys (person, dataset, rule, evidence key) are left alone. Returns how many were new. */
  async insertFindings(tx: Database, items: NewFinding[]): Promise<number> {
    let created = 0;
    for (let i = 0; i < items.length; i += BULK) {
      const json = JSON.stringify(
        items.slice(i, i + BULK).map((f) => ({
          person_id: f.personId,
          run_id: f.runId,
          category: f.category,
          dataset_kind: f.datasetKind,
          rule: f.rule,
          evidence_key: f.evidenceKey,
          proposed_action: f.proposedAction,
          evidence: f.evidence,
          criteria: f.criteria ?? null,
          state: f.state ?? 'pending',
          jurisdiction_code: f.jurisdictionCode,
          registration_id: f.registrationId ?? null,
          person_known: f.personKnown ?? true,
          subject: f.subject ?? null,
          as_of: f.asOf ?? null,
        })),
      );
      const r = rows<{ n: number }>(
        await tx.execute(sql`
          WITH ins AS (
            INSERT INTO comparison_findings (person_id, run_id, category, dataset_kind, rule, evidence_key, proposed_action, evidence, criteria, state, jurisdiction_code, registration_id, person_known, subject, as_of)
            SELECT person_id, run_id, category, dataset_kind, rule, evidence_key, proposed_action, evidence, criteria, state, jurisdiction_code, registration_id, person_known, subject, as_of
              FROM jsonb_populate_recordset(NULL::comparison_findings, ${json}::jsonb)
            ON CONFLICT DO NOTHING RETURNING 1)
          SELECT count(*)::int AS n FROM ins`),
      );
      created += Number(r[0]?.n ?? 0);
    }
    return created;
  }

  async findings(scope: Scope, q: { within: string; state?: string | undefined; kind?: string | undefined; category?: string | undefined; runId?: string | undefined; limit: number; offset: number }) {
    const where = andAll(
      scope.jurisdictionCondition(comparisonFindings.jurisdictionCode, q.within),
      q.state ? eq(comparisonFindings.state, q.state) : undefined,
      q.kind ? eq(comparisonFindings.datasetKind, q.kind) : undefined,
      q.category ? eq(comparisonFindings.category, q.category) : undefined,
      q.runId ? eq(comparisonFindings.runId, q.runId) : undefined,
      // Hidden means hidden: findings about a hidden file are not listed (a finding without a file stays).
      notHiddenPerson(comparisonFindings.personId),
    );
    const [items, total] = await Promise.all([
      this.withPerson().where(where).orderBy(desc(comparisonFindings.createdAt), asc(comparisonFindings.id)).limit(q.limit).offset(q.offset),
      this.db.select({ n: sql<number>`count(*)::int` }).from(comparisonFindings).where(where),
    ]);
    return { items: items.map(flatten), total: total[0]?.n ?? 0 };
  }

  async finding(id: string): Promise<FindingWithPerson | undefined> {
    const r = (await this.withPerson().where(and(eq(comparisonFindings.id, id), notHiddenPerson(comparisonFindings.personId))))[0];
    return r ? flatten(r) : undefined;
  }

  /** Findings joined to their person's file (name and masked ID number, as every list shows them). */
  private withPerson() {
    return this.db
      .select({ f: comparisonFindings, personName: persons.name, personIdMasked: persons.idNumberMasked })
      .from(comparisonFindings)
      .leftJoin(persons, and(eq(persons.id, comparisonFindings.personId), sql`${persons.hiddenAt} IS NULL`));
  }

  /** Moves a finding from one state to another; answers undefined when it was not in `from` any more. */
  async transition(f: FindingRow, from: string, patch: Partial<NewFinding>): Promise<FindingRow | undefined> {
    const r = await this.db
      .update(comparisonFindings)
      .set(patch)
      .where(and(eq(comparisonFindings.personId, f.personId), eq(comparisonFindings.id, f.id), eq(comparisonFindings.state, from)))
      .returning();
    return r[0];
  }

  /**
   * Marks a claimed finding confirmed once its action is applied: from `applying`, or from `pending` if a recovery
   * sweep took the claim for abandoned meanwhile (the action did happen).
   */
  async completeApplying(f: FindingRow, patch: Partial<NewFinding>): Promise<FindingRow | undefined> {
    const r = await this.db
      .update(comparisonFindings)
      .set(patch)
      .where(and(eq(comparisonFindings.personId, f.personId), eq(comparisonFindings.id, f.id), inArray(comparisonFindings.state, ['applying', 'pending'])))
      .returning();
    return r[0];
  }

  async findingsInState(state: string): Promise<FindingRow[]> {
    return this.db.select().from(comparisonFindings).where(eq(comparisonFindings.state, state));
  }

  /** An audit entry written outside a request (recovery by the worker or the CLI). */
  async audit(entry: Omit<typeof auditLog.$inferInsert, 'username'>): Promise<void> {
    await this.db.insert(auditLog).values({ ...entry, username: 'system' });
  }

  async findingsOfRun(runId: string): Promise<FindingRow[]> {
    return this.db.select().from(comparisonFindings).where(eq(comparisonFindings.runId, runId));
  }

  /** Counts per jurisdiction (at the level below `within`), dataset kind and state. */
  async summary(scope: Scope, within: string, level: number) {
    const cond: SQL | undefined = scope.jurisdictionCondition(comparisonFindings.jurisdictionCode, within);
    return rows<{ jurisdiction: string; dataset_kind: string; state: string; n: number }>(
      await this.db.execute(sql`
        SELECT rpad(left(jurisdiction_code, ${level}), 12, '0') AS jurisdiction, dataset_kind, state, count(*)::int AS n
          FROM comparison_findings ${cond ? sql`WHERE ${cond}` : sql``}
         GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`),
    );
  }

  async divisionNames(codes: readonly string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const r = rows<{ code: string; name: string }>(await this.db.execute(sql`SELECT code, name FROM divisions WHERE code IN (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})`));
    return new Map(r.map((x) => [x.code, x.name]));
  }

  async runsByIds(ids: readonly string[]): Promise<RunRow[]> {
    if (ids.length === 0) return [];
    return this.db.select().from(comparisonRuns).where(inArray(comparisonRuns.id, [...ids]));
  }
}
