/**
 * All SQL of the import slice: jobs (scoped by the uploader's jurisdiction), the stored file, rejected rows, and
 * the batch writer that upserts persons (keyed by the ID-number blind index), their marks, registrations and
 * history events — one transaction per batch, together with the job's progress, so the resume point always
 * matches what is in the database.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { and, asc, desc, eq, getTableColumns, inArray, is, isNull, lt, or, SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Mark } from '@bangfu/rules';
import { maskIdNumber, maskPhone } from '@bangfu/rules';
import { codePrefix, type Scope } from '../../access/scope.ts';
import { lookupOf, type Lookup } from '../../access/visible.ts';
import type { Database, DbHandle } from '../../db/client.ts';
import { divisions, offices, personEvents, personMarks, persons, users } from '../../db/schema.ts';
import { registrations } from '../../db/schema-registration.ts';
import { formatRegistrationNo, reserveSerials } from '../registration/registration-numbers.ts';
import { importFileChunks, importJobs, importRejections } from '../../db/schema-imports.ts';
import { type FieldCipher, normalizePhone } from '../../security/field-cipher.ts';
import { changeOf, pinyinKeys, toSnapshot, withClears, type ClearFact } from '../persons/person-file.ts';
import type { MarkRow, PersonInsert, PersonRow } from '../persons/persons.repository.ts';
import type { ByteSource } from './read.ts';
import type { PersonFacts, RegistrationFactsIn, RowIssue } from './validate.ts';

export type JobRow = typeof importJobs.$inferSelect;
export type NewJob = typeof importJobs.$inferInsert;
export type RejectionRow = typeof importRejections.$inferSelect;

export const CHUNK_BYTES = 1 << 20;

/** States in which a job will not run again (its uploaded file is no longer needed). */
export function isEnded(state: string): boolean {
  return state === 'done' || state === 'failed' || state === 'cancelled';
}

export interface PurgeResult {
  /** Chunks deleted (of ended jobs, or left without a job). */
  readonly endedFiles: number;
  /** Pending uploads cancelled because they were not started within the retention period. */
  readonly staleUploads: number;
  /** Jobs whose rejected rows were deleted. */
  readonly reports: number;
  /** Chunks stored in clear by an earlier version, now encrypted. */
  readonly encryptedChunks: number;
}

/** A validated row ready to be written, with its blind index computed. */
export interface AcceptedRow {
  readonly rowNo: number;
  readonly bidx: string;
  readonly label: string;
  readonly person: PersonFacts;
  readonly registration: RegistrationFactsIn | null;
}

export interface RejectedRow {
  readonly rowNo: number;
  readonly issues: RowIssue[];
  readonly label: string | null;
  readonly cells: readonly string[];
}

export interface BatchInput {
  readonly job: JobRow;
  readonly leaseOwner: string;
  readonly scope: Scope;
  readonly actor: { userId: string; username: string };
  readonly today: string;
  readonly accepted: readonly AcceptedRow[];
  readonly rejected: readonly RejectedRow[];
  /** Cells of accepted rows by row number (kept for rows the writer rejects, e.g. a file elsewhere). */
  readonly cellsOf: (rowNo: number) => readonly string[];
  /** Data rows consumed once this batch commits (the new resume point). */
  readonly processedAfter: number;
  /** The worker's lease length (renewed with the batch). */
  readonly leaseMs: number;
}

export interface BatchOutcome {
  readonly accepted: number;
  readonly rejected: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly registrations: number;
  /** Rows the writer rejected (in addition to those given), e.g. a person filed outside the area. */
  readonly lateRejections: readonly RejectedRow[];
}

/** The job was cancelled (or taken over) while the batch ran; the batch was rolled back. */
export class JobNoLongerOwned extends Error {
  constructor() {
    super('import job is no longer running under this worker');
  }
}


export class ImportsRepository {
  constructor(
    private readonly handle: DbHandle,
    private readonly cipher: FieldCipher,
  ) {}

  private get db(): Database {
    return this.handle.db;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Jobs

  async findActiveByContent(sha: string, kind: string, jurisdictionCode: string): Promise<JobRow | undefined> {
    const rows = await this.db
      .select()
      .from(importJobs)
      .where(and(eq(importJobs.contentSha256, sha), eq(importJobs.kind, kind), eq(importJobs.jurisdictionCode, jurisdictionCode), sql`${importJobs.state} NOT IN ('failed', 'cancelled')`))
      .limit(1);
    return rows[0];
  }

  /**
   * Creates the job with its file. When the same file (hash, kind, uploader's area) was uploaded concurrently,
   * the unique index keeps one job and the existing one is answered.
   */
  async createJob(job: NewJob, data: Buffer): Promise<{ job: JobRow; existing: boolean }> {
    return this.db.transaction(async (tx) => {
      const inserted = await tx.insert(importJobs).values(job).onConflictDoNothing().returning();
      const row = inserted[0];
      if (!row) {
        const found = await tx
          .select()
          .from(importJobs)
          .where(and(eq(importJobs.contentSha256, job.contentSha256), eq(importJobs.kind, job.kind), eq(importJobs.jurisdictionCode, job.jurisdictionCode), sql`${importJobs.state} NOT IN ('failed', 'cancelled')`))
          .limit(1);
        if (!found[0]) throw new Error('import job conflict without an existing job');
        return { job: found[0], existing: true };
      }
      for (let seq = 0, off = 0; off < data.length; seq++, off += CHUNK_BYTES) {
        // Encrypted with the field key: the file holds every ID number and phone of the upload.
        const piece = data.subarray(off, Math.min(data.length, off + CHUNK_BYTES));
        await tx.insert(importFileChunks).values({ jobId: row.id, seq, data: this.cipher.encryptBytes(piece), encrypted: true });
      }
      return { job: row, existing: false };
    });
  }

  /** A job read by id under the scope (visible when the job's jurisdiction lies in the user's subtree). */
  async job(scope: Scope, id: string): Promise<Lookup<JobRow>> {
    return lookupOf(await this.byId(id), (row) => scope.covers(row.jurisdictionCode));
  }

  async byId(id: string): Promise<JobRow | undefined> {
    const rows = await this.db.select().from(importJobs).where(eq(importJobs.id, id)).limit(1);
    return rows[0];
  }

  /** The uploader of a job as the worker checks them before each run: role, still active, area. */
  async uploader(userId: string): Promise<{ role: string; active: boolean; jurisdictionCode: string } | undefined> {
    const rows = await this.db.select({ role: users.role, active: users.active, jurisdictionCode: users.jurisdictionCode }).from(users).where(eq(users.id, userId)).limit(1);
    return rows[0];
  }

  async list(scope: Scope, page: number, pageSize: number): Promise<{ rows: JobRow[]; total: number }> {
    const where = scope.jurisdictionCondition(importJobs.jurisdictionCode);
    const [rows, total] = await Promise.all([
      this.db.select().from(importJobs).where(where).orderBy(desc(importJobs.createdAt)).limit(pageSize).offset((page - 1) * pageSize),
      this.db.select({ n: sql<number>`count(*)::int` }).from(importJobs).where(where),
    ]);
    return { rows, total: Number(total[0]?.n ?? 0) };
  }

  /** Moves a job between states when it is in one of `from`; answers the updated row or undefined. */
  async transition(id: string, from: readonly string[], set: Partial<NewJob>): Promise<JobRow | undefined> {
    return this.db.transaction(async (tx) => {
      const rows = await tx
        .update(importJobs)
        .set(set)
        .where(and(eq(importJobs.id, id), inArray(importJobs.state, [...from])))
        .returning();
      // A job that can no longer run needs its file no more (retention: the upload is not kept past its use).
      if (rows[0] && isEnded(rows[0].state)) await tx.delete(importFileChunks).where(eq(importFileChunks.jobId, id));
      return rows[0];
    });
  }


  /**
   * Claims the oldest queued job (or a running one whose worker's lease expired, or — with `takeOverRunning`,
   * used when this process is known to be the only one — any running job) for `owner`.
   */
  async claimNext(owner: string, leaseMs: number, takeOverRunning: boolean): Promise<JobRow | undefined> {
    const candidates = await this.db
      .select({ id: importJobs.id })
      .from(importJobs)
      .where(
        or(
          eq(importJobs.state, 'queued'),
          and(eq(importJobs.state, 'running'), takeOverRunning ? sql`true` : or(isNull(importJobs.leaseUntil), lt(importJobs.leaseUntil, sql`now()`))),
        ),
      )
      .orderBy(asc(importJobs.createdAt))
      .limit(5);
    for (const c of candidates) {
      const rows = await this.db
        .update(importJobs)
        .set({
          state: 'running',
          leaseOwner: owner,
          leaseUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval`,
          startedAt: sql`coalesce(${importJobs.startedAt}, now())`,
          runStartedAt: sql`now()`,
          runStartedRow: sql`${importJobs.processedRows}`,
        })
        .where(
          and(
            eq(importJobs.id, c.id),
            or(
              eq(importJobs.state, 'queued'),
              and(eq(importJobs.state, 'running'), takeOverRunning ? sql`true` : or(isNull(importJobs.leaseUntil), lt(importJobs.leaseUntil, sql`now()`))),
            ),
          ),
        )
        .returning();
      if (rows[0]) return rows[0];
    }
    return undefined;
  }

  async setTotal(id: string, owner: string, totalRows: number): Promise<void> {
    await this.db.update(importJobs).set({ totalRows }).where(and(eq(importJobs.id, id), eq(importJobs.leaseOwner, owner)));
  }

  /** Ends a run this worker owns (done / failed) or releases it (shutdown: another process may resume at once). */
  async finish(id: string, owner: string, set: Partial<NewJob>): Promise<JobRow | undefined> {
    return this.db.transaction(async (tx) => {
      const rows = await tx
        .update(importJobs)
        .set({ ...set, leaseOwner: null, leaseUntil: null })
        .where(and(eq(importJobs.id, id), eq(importJobs.leaseOwner, owner), eq(importJobs.state, 'running')))
        .returning();
      // Done or failed: the rejected rows (encrypted) are the report; the uploaded file goes in the same commit.
      if (rows[0] && isEnded(rows[0].state)) await tx.delete(importFileChunks).where(eq(importFileChunks.jobId, id));
      return rows[0];
    });
  }

  /** Extends this worker's claim (heartbeat while a job runs, so a killed worker's job is free again soon). */
  async renewLease(id: string, owner: string, leaseMs: number): Promise<void> {
    await this.db
      .update(importJobs)
      .set({ leaseUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
      .where(and(eq(importJobs.id, id), eq(importJobs.leaseOwner, owner), eq(importJobs.state, 'running')));
  }

  /** Milliseconds until the earliest lease of a running job held by another worker lapses (undefined: none). */
  async nextForeignLeaseExpiry(owner: string): Promise<number | undefined> {
    const rows = await this.handle.query<{ ms: number | string | null }>(
      sql`SELECT (extract(epoch FROM (min(lease_until) - now())) * 1000)::float8 AS ms FROM import_jobs
           WHERE state = 'running' AND lease_until IS NOT NULL AND lease_owner IS DISTINCT FROM ${owner}`,
    );
    const ms = rows[0]?.ms;
    return ms === null || ms === undefined ? undefined : Math.max(0, Number(ms));
  }

  // ------------------------------------------------------------------------------------------------------------
  // Retention

  /**
   * The retention purge (at start and every day): files of ended jobs are deleted (normally gone already, with the
   * commit that ended the job); uploads never started within `retentionDays` are cancelled with their file; the
   * rejected rows of jobs ended more than `retentionDays` ago are deleted; chunks stored in clear by earlier
   * versions are encrypted in place. Each step is idempotent, so a crash midway is harmless.
   */
  async purge(asOf: Date, retentionDays: number): Promise<PurgeResult> {
    const cutoff = new Date(asOf.getTime() - retentionDays * 86_400_000);
    const endedFiles = await this.handle.query<{ n: number }>(
      sql`WITH d AS (DELETE FROM import_file_chunks c USING import_jobs j
                      WHERE j.id = c.job_id AND j.state IN ('done', 'failed', 'cancelled') RETURNING 1)
          SELECT count(*)::int AS n FROM d`,
    );
    const orphanFiles = await this.handle.query<{ n: number }>(
      sql`WITH d AS (DELETE FROM import_file_chunks c WHERE NOT EXISTS (SELECT 1 FROM import_jobs j WHERE j.id = c.job_id) RETURNING 1)
          SELECT count(*)::int AS n FROM d`,
    );
    const stale = await this.db
      .select({ id: importJobs.id })
      .from(importJobs)
      .where(and(eq(importJobs.state, 'pending'), lt(importJobs.createdAt, cutoff)));
    for (const j of stale) {
      await this.transition(j.id, ['pending'], {
        state: 'cancelled',
        finishedAt: asOf,
        error: { code: 'IMPORT_RETENTION', zh: `上传后 ${retentionDays} 天内未开始导入，文件已按保留期删除`, en: `not started within ${retentionDays} days of the upload; the file was deleted (retention)` },
      });
    }
    let reports = 0;
    const expired = await this.db
      .select({ id: importJobs.id })
      .from(importJobs)
      .where(and(inArray(importJobs.state, ['done', 'failed', 'cancelled']), isNull(importJobs.reportPurgedAt), lt(importJobs.finishedAt, cutoff)));
    for (const j of expired) {
      await this.db.transaction(async (tx) => {
        await tx.delete(importRejections).where(eq(importRejections.jobId, j.id));
        await tx.update(importJobs).set({ reportPurgedAt: asOf }).where(eq(importJobs.id, j.id));
      });
      reports++;
    }
    let encrypted = 0;
    for (;;) {
      const clear = await this.db
        .select({ jobId: importFileChunks.jobId, seq: importFileChunks.seq, data: importFileChunks.data })
        .from(importFileChunks)
        .where(eq(importFileChunks.encrypted, false))
        .limit(8);
      if (clear.length === 0) break;
      for (const c of clear) {
        const bytes = Buffer.isBuffer(c.data) ? c.data : Buffer.from(c.data as Uint8Array);
        await this.db
          .update(importFileChunks)
          .set({ data: this.cipher.encryptBytes(bytes), encrypted: true })
          .where(and(eq(importFileChunks.jobId, c.jobId), eq(importFileChunks.seq, c.seq), eq(importFileChunks.encrypted, false)));
        encrypted++;
      }
    }
    return { endedFiles: Number(endedFiles[0]?.n ?? 0) + Number(orphanFiles[0]?.n ?? 0), staleUploads: stale.length, reports, encryptedChunks: encrypted };
  }

  // ------------------------------------------------------------------------------------------------------------
  // The stored file

  /** The file's bytes, read chunk by chunk from the database. */
  chunkSource(jobId: string): ByteSource {
    const db = this.db;
    const cipher = this.cipher;
    return () =>
      Readable.from(
        (async function* () {
          for (let seq = 0; ; seq++) {
            const rows = await db
              .select({ data: importFileChunks.data, encrypted: importFileChunks.encrypted })
              .from(importFileChunks)
              .where(and(eq(importFileChunks.jobId, jobId), eq(importFileChunks.seq, seq)))
              .limit(1);
            const row = rows[0];
            if (!row) return;
            const stored = Buffer.isBuffer(row.data) ? row.data : Buffer.from(row.data as Uint8Array);
            yield row.encrypted ? cipher.decryptBytes(stored) : stored;
          }
        })(),
        { objectMode: false },
      );
  }


  // ------------------------------------------------------------------------------------------------------------
  // Rejections

  async rejections(jobId: string, page: number, pageSize: number): Promise<{ rows: RejectionRow[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.db.select().from(importRejections).where(eq(importRejections.jobId, jobId)).orderBy(asc(importRejections.rowNo)).limit(pageSize).offset((page - 1) * pageSize),
      this.db.select({ n: sql<number>`count(*)::int` }).from(importRejections).where(eq(importRejections.jobId, jobId)),
    ]);
    return { rows, total: Number(total[0]?.n ?? 0) };
  }

  /** All rejections in row order, page by page (report download). */
  async *allRejections(jobId: string, pageSize = 2000): AsyncGenerator<RejectionRow> {
    let after = 0;
    for (;;) {
      const rows = await this.db
        .select()
        .from(importRejections)
        .where(and(eq(importRejections.jobId, jobId), sql`${importRejections.rowNo} > ${after}`))
        .orderBy(asc(importRejections.rowNo))
        .limit(pageSize);
      for (const r of rows) yield r;
      const last = rows[rows.length - 1];
      if (!last || rows.length < pageSize) return;
      after = last.rowNo;
    }
  }

  async rejectedRowNumbers(jobId: string): Promise<Set<number>> {
    const rows = await this.db.select({ rowNo: importRejections.rowNo }).from(importRejections).where(eq(importRejections.jobId, jobId));
    return new Set(rows.map((r) => r.rowNo));
  }

  decryptRow(rowEnc: string | null): string[] {
    if (!rowEnc) return [];
    return JSON.parse(this.cipher.decrypt(rowEnc)) as string[];
  }

  // ------------------------------------------------------------------------------------------------------------
  // Reference lookups

  async existingDivisions(codes: readonly string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows = await this.db.select({ code: divisions.code }).from(divisions).where(inArray(divisions.code, [...new Set(codes)]));
    return new Set(rows.map((r) => r.code));
  }

  /** Offices and caseworkers by jurisdiction code (small tables), for registrations. */
  async registrationDirectory(): Promise<{ offices: Map<string, string>; caseworkers: Map<string, string> }> {
    const [o, u] = await Promise.all([
      this.db.select({ id: offices.id, code: offices.jurisdictionCode }).from(offices),
      this.db
        .select({ id: users.id, code: users.jurisdictionCode, username: users.username })
        .from(users)
        .where(and(eq(users.role, 'caseworker'), eq(users.active, true)))
        .orderBy(asc(users.username)),
    ]);
    const caseworkers = new Map<string, string>();
    for (const x of u) if (!caseworkers.has(x.code)) caseworkers.set(x.code, x.id);
    return { offices: new Map(o.map((x) => [x.code, x.id])), caseworkers };
  }

  // ------------------------------------------------------------------------------------------------------------
  // The batch writer

  async commitBatch(input: BatchInput, directory: { offices: Map<string, string>; caseworkers: Map<string, string> }): Promise<BatchOutcome> {
    return this.db.transaction(async (tx) => {
      const t = tx as unknown as Database;
      // No flush to disk per batch: after a crash the last batches are lost together with their progress (same
      // transaction), and the resumed job redoes them.
      if (this.handle.kind === 'postgres') await t.execute(sql`SET LOCAL synchronous_commit = off`);
      const bidxs = [...new Set(input.accepted.map((a) => a.bidx))].sort();
      // One file per person: the same per-number lock as the person-file service's create (PGlite has one connection).
      if (this.handle.kind === 'postgres' && bidxs.length > 0) {
        await t.execute(sql`SELECT count(pg_advisory_xact_lock(hashtext('person-id:' || k))) FROM unnest(${sql.param(bidxs)}::text[]) AS k`);
      }
      const existingRows = bidxs.length === 0 ? [] : await t.select().from(persons).where(and(inArray(persons.idNumberBidx, bidxs), isNull(persons.mergedInto))).orderBy(asc(persons.createdAt));
      const existing = new Map<string, PersonRow>();
      for (const r of existingRows) if (!existing.has(r.idNumberBidx)) existing.set(r.idNumberBidx, r);
      const existingIds = [...existing.values()].map((r) => r.id);
      const [activeMarks, regs] = await Promise.all([
        existingIds.length === 0 ? [] : t.select({ personId: personMarks.personId, mark: personMarks.mark }).from(personMarks).where(and(inArray(personMarks.personId, existingIds), isNull(personMarks.until))),
        existingIds.length === 0 || input.job.kind !== 'registrations'
          ? []
          : t
              .select({ personId: registrations.personId, kind: registrations.kind, state: registrations.state, registeredOn: registrations.registeredOn, registrationNo: registrations.registrationNo })
              .from(registrations)
              .where(inArray(registrations.personId, existingIds)),
      ]);
      const marksOf = new Map<string, Set<string>>();
      for (const m of activeMarks) (marksOf.get(m.personId) ?? marksOf.set(m.personId, new Set()).get(m.personId)!).add(m.mark);
      const regsOf = new Map<string, typeof regs>();
      for (const r of regs) (regsOf.get(r.personId) ?? regsOf.set(r.personId, []).get(r.personId)!).push(r);

      const late: RejectedRow[] = [];
      const inserts: { row: AcceptedRow; value: PersonInsert }[] = [];
      const updates: { row: AcceptedRow; before: PersonRow; patch: Partial<PersonInsert> }[] = [];
      const newMarks: { row: AcceptedRow; personId: string | null; marks: Mark[] }[] = [];
      const newRegs: { row: AcceptedRow; personId: string | null; period: number }[] = [];
      let unchanged = 0;
      const fact: ClearFact = { on: input.today, source: 'import', by: input.actor.userId };

      for (const a of input.accepted) {
        const before = existing.get(a.bidx);
        const reject = (zh: string, en: string, column: string | null = null) =>
          late.push({ rowNo: a.rowNo, issues: [{ column, field: null, zh, en }], label: a.label, cells: input.cellsOf(a.rowNo) });
        if (before) {
          if (!input.scope.canSeePerson(before)) {
            reject('该证件号码已在其他辖区建档，请联系上级经办机构', 'a file with this document number exists outside your area; contact the supervising office');
            continue;
          }
          if (before.hiddenAt !== null) {
            reject('该人员档案已按删除申请隐藏，不能通过导入更新', 'this file was hidden after a deletion request and cannot be updated by an import');
            continue;
          }
          let period = 0;
          if (a.registration) {
            const own = regsOf.get(before.id) ?? [];
            const same = own.find((r) => r.kind === a.registration!.kind && r.registeredOn === a.registration!.registeredOn);
            const active = own.find((r) => r.kind === a.registration!.kind && r.state === 'active');
            if (!same && active) {
              const names = a.registration.kind === 'unemployment' ? { zh: '失业登记', en: 'unemployment' } : { zh: '求职登记', en: 'job-seeking' };
              reject(
                `该人员已有有效的${names.zh}（登记编号 ${active.registrationNo ?? '—'}），不能重复登记`,
                `this person already has an active ${names.en} registration (${active.registrationNo ?? '—'}); no second one`,
              );
              continue;
            }
            if (!same) period = own.length + 1;
          }
          const patch = diff(before, a.person, this.cipher);
          const active = marksOf.get(before.id) ?? new Set<string>();
          const addMarks = a.person.marks.filter((m) => !active.has(m));
          if (Object.keys(patch).length > 0 || addMarks.length > 0) {
            const cleared: ('headcount' | 'intention')[] = ['headcount'];
            if (patch.intention !== undefined) cleared.push('intention');
            patch.clears = withClears(before.clears, cleared, fact);
            updates.push({ row: a, before, patch });
          }
          if (addMarks.length > 0) newMarks.push({ row: a, personId: before.id, marks: addMarks });
          if (period > 0) newRegs.push({ row: a, personId: before.id, period });
          if (Object.keys(patch).length === 0 && addMarks.length === 0 && period === 0) unchanged++;
        } else {
          inserts.push({ row: a, value: this.newPerson(a, input, fact) });
          if (a.person.marks.length > 0) newMarks.push({ row: a, personId: null, marks: a.person.marks });
          if (a.registration) newRegs.push({ row: a, personId: null, period: 1 });
        }
      }

      // Persons: inserts in chunks (PostgreSQL allows 65 535 parameters per statement), updates one by one.
      const idOf = new Map<number, string>();
      const after = new Map<string, { row: PersonRow; before: PersonRow | null; rowNo: number }>();
      const now = new Date();
      const createdRows = inserts.map((c) => completeRow<PersonRow>(persons, c.value, now));
      await bulkInsert(t, persons, createdRows);
      createdRows.forEach((row, j) => {
        const rowNo = inserts[j]!.row.rowNo;
        idOf.set(rowNo, row.id);
        after.set(row.id, { row, before: null, rowNo });
      });
      for (const u of updates) {
        const rows = await t
          .update(persons)
          .set({ ...u.patch, updatedAt: sql`now()`, updatedBy: input.actor.userId, version: sql`${persons.version} + 1` })
          .where(eq(persons.id, u.before.id))
          .returning();
        const row = rows[0];
        if (!row) throw new Error(`person ${u.before.id} vanished during the import`);
        after.set(row.id, { row, before: u.before, rowNo: u.row.rowNo });
      }
      for (const a of input.accepted) {
        const b = existing.get(a.bidx);
        if (b && !idOf.has(a.rowNo)) idOf.set(a.rowNo, b.id);
      }

      // Marks (since the registration date for registration rows, else today).
      const markRows = newMarks.flatMap((m) =>
        m.marks.map((mark) => ({
          personId: m.personId ?? idOf.get(m.row.rowNo)!,
          mark,
          since: m.row.registration?.registeredOn ?? input.today,
          source: 'import',
          recordedBy: input.actor.userId,
          note: `批量导入 ${input.job.fileName} 第 ${m.row.rowNo} 行 / bulk import row ${m.row.rowNo}`,
        })),
      );
      if (markRows.length > 0) await t.insert(personMarks).values(markRows).onConflictDoNothing();

      // Registrations: numbers are the registering division + year + serial, serials taken per division and year.
      const regNos = await this.takeSerials(t, newRegs.map((r) => r.row.registration!));
      const regRows = newRegs.map((r, i) => {
        const reg = r.row.registration!;
        const d = reg.decision;
        return {
          personId: r.personId ?? idOf.get(r.row.rowNo)!,
          kind: reg.kind,
          state: 'active',
          registrationNo: regNos[i]!,
          registeredOn: reg.registeredOn,
          appliedOn: reg.registeredOn,
          placeBasis: reg.placeBasis,
          jurisdictionCode: reg.jurisdictionCode,
          officeId: nearest(directory.offices, reg.jurisdictionCode) ?? null,
          createdBy: input.actor.userId,
          channel: 'import',
          unemploymentReason: reg.unemploymentReason,
          marks: r.row.person.marks,
          intention: r.row.person.intention,
          uiBenefitEligible: 'unknown',
          packRef: reg.packRef,
          eligibility: { decision: d.kind, eligible: d.eligible, reasons: d.reasons, missingFacts: d.missingFacts },
          offeredInstead: false,
          decisionDeadline: d.decisionDeadline,
          firstContactDeadline: d.firstContactDeadline,
          caseworkerId: nearest(directory.caseworkers, reg.jurisdictionCode) ?? null,
          period: r.period,
        };
      });
      if (regRows.length > 0) await t.insert(registrations).values(regRows);

      // History: one event per created or changed file, with the snapshot after the change.
      const changedIds = [...new Set([...after.keys(), ...newMarks.map((m) => m.personId ?? idOf.get(m.row.rowNo)!), ...regRows.map((r) => r.personId)])];
      const allMarks = changedIds.length === 0 ? [] : await t.select().from(personMarks).where(inArray(personMarks.personId, changedIds));
      const marksByPerson = new Map<string, MarkRow[]>();
      for (const m of allMarks) (marksByPerson.get(m.personId) ?? marksByPerson.set(m.personId, []).get(m.personId)!).push(m);
      const missing = changedIds.filter((id) => !after.has(id));
      if (missing.length > 0) {
        for (const row of await t.select().from(persons).where(inArray(persons.id, missing))) {
          const a = input.accepted.find((x) => idOf.get(x.rowNo) === row.id);
          after.set(row.id, { row, before: row, rowNo: a?.rowNo ?? 0 });
        }
      }
      const regByPerson = new Map(regRows.map((r) => [r.personId, r]));
      const events = changedIds.map((id) => {
        const e = after.get(id)!;
        const change = changeOf(e.before, e.row);
        const added = newMarks.find((m) => (m.personId ?? idOf.get(m.row.rowNo)) === id);
        if (added && e.before) change.marks = { added: added.marks };
        const reg = regByPerson.get(id);
        if (reg) change.registration = { kind: reg.kind, registrationNo: reg.registrationNo, registeredOn: reg.registeredOn };
        return {
          personId: id,
          actorId: input.actor.userId,
          actorName: input.actor.username,
          kind: e.before ? 'updated' : 'created',
          source: 'import',
          reason: `批量导入 ${input.job.fileName} 第 ${e.rowNo} 行 / bulk import ${input.job.fileName} row ${e.rowNo}`,
          change,
          snapshot: toSnapshot(e.row, marksByPerson.get(id) ?? []),
        };
      });
      await bulkInsert(t, personEvents, events.map((e) => completeRow<typeof personEvents.$inferSelect>(personEvents, e, now)));

      // Rejected rows (idempotent on resume: the key is job + row).
      const rejected = [...input.rejected, ...late];
      if (rejected.length > 0) {
        const values = rejected.map((r) => ({
          jobId: input.job.id,
          rowNo: r.rowNo,
          issues: r.issues,
          label: r.label,
          rowEnc: this.cipher.encrypt(JSON.stringify(r.cells)),
        }));
        for (let i = 0; i < values.length; i += 5000) await t.insert(importRejections).values(values.slice(i, i + 5000)).onConflictDoNothing();
      }

      const accepted = input.accepted.length - late.length;
      const outcome: BatchOutcome = {
        accepted,
        rejected: rejected.length,
        created: inserts.length,
        updated: updates.length,
        unchanged,
        registrations: regRows.length,
        lateRejections: late,
      };
      // Progress in the same transaction; when the job was cancelled meanwhile nothing of the batch stays.
      const moved = await t
        .update(importJobs)
        .set({
          processedRows: input.processedAfter,
          acceptedRows: sql`${importJobs.acceptedRows} + ${outcome.accepted}`,
          rejectedRows: sql`${importJobs.rejectedRows} + ${outcome.rejected}`,
          createdPersons: sql`${importJobs.createdPersons} + ${outcome.created}`,
          updatedPersons: sql`${importJobs.updatedPersons} + ${outcome.updated}`,
          unchangedRows: sql`${importJobs.unchangedRows} + ${outcome.unchanged}`,
          createdRegistrations: sql`${importJobs.createdRegistrations} + ${outcome.registrations}`,
          leaseUntil: sql`now() + ${`${input.leaseMs} milliseconds`}::interval`,
        })
        .where(and(eq(importJobs.id, input.job.id), eq(importJobs.state, 'running'), eq(importJobs.leaseOwner, input.leaseOwner)))
        .returning({ id: importJobs.id });
      if (moved.length === 0) throw new JobNoLongerOwned();
      return outcome;
    });
  }

  private newPerson(a: AcceptedRow, input: BatchInput, fact: ClearFact): PersonInsert {
    const p = a.person;
    const phone = p.phone ? normalizePhone(p.phone) : null;
    const keys = pinyinCached(p.name);
    const cleared: ('headcount' | 'intention')[] = ['headcount'];
    if (p.intention) cleared.push('intention');
    return {
      id: randomUUID(),
      jurisdictionCode: p.residenceCode,
      address: p.address,
      name: p.name,
      namePinyin: keys.full,
      nameInitials: keys.initials,
      sex: p.sex,
      birthDate: p.birthDate,
      documentType: p.documentType,
      idNumberEnc: this.cipher.encrypt(p.idNumber),
      idNumberBidx: a.bidx,
      idNumberMasked: maskIdNumber(p.idNumber),
      phoneEnc: phone ? this.cipher.encrypt(phone) : null,
      phoneBidx: phone ? this.cipher.blindIndex('phone', phone) : null,
      phoneMasked: phone ? maskPhone(phone) : null,
      hukouCode: p.hukouCode,
      education: p.education,
      employmentStatus: p.employmentStatus ?? 'other',
      laborCapacity: p.laborCapacity ?? 'full',
      intention: p.intention,
      retirementCategory: p.retirementCategory ?? (p.sex === 'male' ? 'male' : null),
      clears: withClears({}, cleared, fact),
      createdBy: input.actor.userId,
      updatedBy: input.actor.userId,
    };
  }

  /** Registration numbers for new registrations, in order: one counter upsert per division and year. */
  private async takeSerials(t: Database, regs: readonly RegistrationFactsIn[]): Promise<string[]> {
    const groups = new Map<string, number[]>();
    regs.forEach((r, i) => {
      const key = `${r.jurisdictionCode}:${r.registeredOn.slice(0, 4)}`;
      (groups.get(key) ?? groups.set(key, []).get(key)!).push(i);
    });
    const out: string[] = new Array<string>(regs.length);
    for (const [key, idx] of groups) {
      const [code, yearText] = key.split(':') as [string, string];
      const year = Number(yearText);
      const first = await reserveSerials(t, code, year, idx.length);
      idx.forEach((i, k) => {
        out[i] = formatRegistrationNo(code, year, first + k);
      });
    }
    return out;
  }
}

/** Value of the nearest division at or above `code` in a map keyed by division code. */
function nearest(map: ReadonlyMap<string, string>, code: string): string | undefined {
  let prefix = codePrefix(code);
  for (;;) {
    const hit = map.get(prefix.padEnd(12, '0'));
    if (hit) return hit;
    if (prefix.length === 0) return undefined;
    prefix = prefix.length === 12 ? prefix.slice(0, 9) : prefix.length === 9 ? prefix.slice(0, 6) : prefix.slice(0, prefix.length - 2);
  }
}

const pinyinMemo = new Map<string, { full: string; initials: string }>();
/** Pinyin keys of the person-file slice, memoised (names repeat a lot in a large file). */
function pinyinCached(name: string): { full: string; initials: string } {
  let k = pinyinMemo.get(name);
  if (!k) {
    if (pinyinMemo.size > 100_000) pinyinMemo.clear();
    k = pinyinKeys(name);
    pinyinMemo.set(name, k);
  }
  return k;
}

/** Columns an import row changes on an existing file: only cells that were filled in, only when different. */
function diff(before: PersonRow, p: PersonFacts, cipher: FieldCipher): Partial<PersonInsert> {
  const patch: Partial<PersonInsert> = {};
  if (p.name !== before.name) {
    const keys = pinyinCached(p.name);
    Object.assign(patch, { name: p.name, namePinyin: keys.full, nameInitials: keys.initials });
  }
  if (p.phone) {
    const phone = normalizePhone(p.phone);
    const bidx = cipher.blindIndex('phone', phone);
    if (bidx !== before.phoneBidx) Object.assign(patch, { phoneEnc: cipher.encrypt(phone), phoneBidx: bidx, phoneMasked: maskPhone(phone) });
  }
  if (p.residenceCode !== before.jurisdictionCode) patch.jurisdictionCode = p.residenceCode;
  const set = <K extends 'address' | 'hukouCode' | 'education' | 'employmentStatus' | 'laborCapacity' | 'intention' | 'retirementCategory'>(key: K, value: PersonInsert[K] | null) => {
    if (value !== null && value !== undefined && value !== before[key]) (patch as Record<string, unknown>)[key] = value;
  };
  set('address', p.address);
  set('hukouCode', p.hukouCode);
  set('education', p.education);
  set('employmentStatus', p.employmentStatus);
  set('laborCapacity', p.laborCapacity);
  set('intention', p.intention);
  set('retirementCategory', p.retirementCategory);
  return patch;
}

/**
 * A row as the table will store it: the given values, else the column's default (a JS default as is, `now()`
 * as the batch's timestamp, a random UUID), else null — so history snapshots are written without reading back.
 */
function completeRow<T>(table: PgTable, values: Record<string, unknown>, now: Date): T {
  const out: Record<string, unknown> = {};
  for (const [key, col] of Object.entries(getTableColumns(table))) {
    const v = values[key];
    if (v !== undefined && !is(v, SQL)) out[key] = v;
    else if (col.default !== undefined && !is(col.default, SQL)) out[key] = col.default;
    else if (col.hasDefault && col.columnType === 'PgTimestamp') out[key] = now;
    else if (col.hasDefault && col.columnType === 'PgUUID') out[key] = randomUUID();
    else out[key] = null;
  }
  return out as T;
}

/**
 * Multi-row insert from one JSON parameter (`json_populate_recordset`): a constant number of parameters however
 * many rows, and JSON values (history snapshots) pass through without array-literal escaping.
 */
async function bulkInsert(t: Database, table: PgTable, rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  const cols = Object.entries(getTableColumns(table));
  const records = rows.map((r) => {
    const o: Record<string, unknown> = {};
    for (const [key, col] of cols) {
      const v = (r as Record<string, unknown>)[key];
      o[col.name] = v instanceof Date ? v.toISOString() : (v ?? null);
    }
    return o;
  });
  const names = sql.join(
    cols.map(([, c]) => sql.identifier(c.name)),
    sql`, `,
  );
  await t.execute(sql`INSERT INTO ${table} (${names}) SELECT ${names} FROM json_populate_recordset(NULL::${table}, ${JSON.stringify(records)}::json)`);
}
