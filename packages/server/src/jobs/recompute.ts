/**
 * Nightly recomputation of every registrant's service state (tier, level, class, obligations, follow-up, stale
 * file) and worklist items, set-based and batched:
 * - PostgreSQL: one `COPY (source query) TO STDOUT` streams registrants with their service aggregate (one
 *   `person_service_summary` row each, kept up to date on insert); `evaluateSnapshot` evaluates each; only changed
 *   rows (with their worklist items as jsonb) go through `COPY … FROM STDIN` into a temporary staging table, then
 *   one `INSERT … SELECT … ON CONFLICT DO UPDATE` and one item replacement, all in one transaction with the change
 *   log, the removal of ended registrations and the reminders.
 * - PGlite (one connection): the same source query in keyset pages, multi-row UPSERTs per page.
 * Items of unchanged rows are rewritten too when the item derivation changed (`ITEMS_VERSION`) or at the first run
 * of a calendar year (yearly deadlines move to the new 31 December).
 * Progress (percent, rows, ETA) is written to `job_runs` as it goes.
 */
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PackRegistry } from '@bangfu/rules';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type pg from 'pg';
import type { DbHandle, Database } from '../db/client.ts';
import { rowsOf } from '../db/executor.ts';
import * as schema from '../db/schema.ts';
import { createDueReminders } from '../modules/worklist/reminders.repository.ts';
import { ITEMS_VERSION, ITEMS_VERSION_SETTING, itemsOf, replaceItems, type ItemRow } from '../modules/worklist/items.ts';
import { dropEnded, insertChanges, loadSource, staleAfterDays, STATE_UPSERT_SET, upsertStates } from '../modules/services/service-state.repository.ts';
import { SOURCE_COLUMNS, STATE_COLUMNS, STORED_AT, StateEngine, sameState, sourceQuery, toSourceRow, type ChangeRow, type StateRow } from '../modules/services/service-state.ts';

export const NIGHTLY_JOB = 'service-state-nightly';

export interface RecomputeOptions {
  readonly asOf: string;
  readonly trigger: 'cron' | 'manual' | 'in-process' | 'startup' | 'bench' | 'test';
  /** PGlite page size (registrants per page). */
  readonly pageSize?: number;
  readonly onProgress?: (p: { done: number; total: number; percent: number; etaSeconds: number | null }) => void;
}

export interface RecomputeResult {
  readonly runId: string;
  readonly asOf: string;
  readonly total: number;
  readonly evaluated: number;
  readonly written: number;
  readonly changes: number;
  readonly ended: number;
  readonly reminders: number;
  /** Outbox messages (`worklist.item_due`) to the caseworkers of the new reminders. */
  readonly messages: number;
  readonly seconds: number;
  /** Seconds per phase: streaming + evaluating, writing state and changes, ending, reminders. */
  readonly phases: Record<string, number>;
}

class Progress {
  private readonly started = performance.now();
  private lastWrite = 0;

  constructor(
    private readonly db: Database,
    private readonly runId: string,
    readonly total: number,
    private readonly onProgress: RecomputeOptions['onProgress'],
  ) {}

  async tick(done: number, force = false): Promise<void> {
    const now = performance.now();
    if (!force && now - this.lastWrite < 2000) return;
    this.lastWrite = now;
    const percent = this.total === 0 ? 100 : Math.min(100, Math.round((done * 1000) / this.total) / 10);
    const elapsed = (now - this.started) / 1000;
    const eta = done > 0 && this.total > done ? Math.round(((elapsed / done) * (this.total - done)) * 10) / 10 : done >= this.total ? 0 : null;
    this.onProgress?.({ done, total: this.total, percent, etaSeconds: eta });
    await this.db.execute(sql`UPDATE job_runs SET done = ${done}, percent = ${percent}, eta_seconds = ${eta} WHERE id = ${this.runId}`);
  }
}

export async function runRecompute(handle: DbHandle, registry: PackRegistry, options: RecomputeOptions): Promise<RecomputeResult> {
  const db = handle.db;
  const started = performance.now();
  const [{ n: total } = { n: 0 }] = await rowsOf<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM registrations WHERE state = 'active' AND kind = 'unemployment' AND registered_on <= ${options.asOf}`,
  );
  const [run] = await rowsOf<{ id: string }>(
    db,
    sql`INSERT INTO job_runs (job, trigger, as_of, state, total) VALUES (${NIGHTLY_JOB}, ${options.trigger}, ${options.asOf}, 'running', ${total}) RETURNING id::text AS id`,
  );
  const runId = run!.id;
  const progress = new Progress(db, runId, Number(total), options.onProgress);
  const engine = new StateEngine(registry, options.asOf, await staleAfterDays(db));
  const [prev] = await rowsOf<{ as_of: string | null; last: string | null }>(
    db,
    sql`SELECT max(as_of) FILTER (WHERE as_of < ${options.asOf})::text AS as_of, max(as_of)::text AS last FROM job_runs WHERE job = ${NIGHTLY_JOB} AND state = 'done' AND as_of <= ${options.asOf}`,
  );
  const since = prev?.as_of ?? null;
  // Every registrant's items are rewritten after a change of their derivation, at the first run ever and at the
  // first run of a calendar year (yearly deadlines move to the new 31 December); a same-day re-run does not.
  const [version] = await rowsOf<{ value: unknown }>(db, sql`SELECT value FROM app_settings WHERE key = ${ITEMS_VERSION_SETTING}`);
  const last = prev?.last ?? null;
  const rebuildItems = version?.value !== ITEMS_VERSION || last === null || last.slice(0, 4) !== options.asOf.slice(0, 4);
  try {
    const r = handle.pool ? await viaCopy(handle.pool, engine, runId, progress, since, rebuildItems) : await viaPages(db, engine, runId, progress, options.pageSize ?? 2000, since, rebuildItems);
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    const result: RecomputeResult = { runId, asOf: options.asOf, total: Number(total), ...r, seconds };
    await progress.tick(r.evaluated, true);
    await db.execute(
      sql`UPDATE job_runs SET state = 'done', finished_at = now(), done = ${r.evaluated}, percent = 100, eta_seconds = 0, stats = ${JSON.stringify(result)}::jsonb WHERE id = ${runId}`,
    );
    return result;
  } catch (e) {
    await db.execute(sql`UPDATE job_runs SET state = 'failed', finished_at = now(), error = ${e instanceof Error ? e.message : String(e)} WHERE id = ${runId}`);
    throw e;
  }
}

type Counts = Omit<RecomputeResult, 'runId' | 'asOf' | 'total' | 'seconds'>;

const secondsSince = (t: number) => Math.round((performance.now() - t) / 10) / 100;

/** Marks the items as built by this derivation (inside the run's transaction). */
const itemsVersionSql = sql`INSERT INTO app_settings (key, value) VALUES (${ITEMS_VERSION_SETTING}, ${JSON.stringify(ITEMS_VERSION)}::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`;

async function viaPages(db: Database, engine: StateEngine, runId: string, progress: Progress, pageSize: number, since: string | null, rebuildItems: boolean): Promise<Counts> {
  const cause = `job:${runId}`;
  const t0 = performance.now();
  let after: string | null = null;
  let evaluated = 0;
  let written = 0;
  let changes = 0;
  for (;;) {
    const rows = await rowsOf<Record<string, unknown>>(db, sql.raw(sourceQuery(engine.asOf, undefined, { after, limit: pageSize })));
    if (rows.length === 0) break;
    const changed: StateRow[] = [];
    const log: ChangeRow[] = [];
    const itemPersons: string[] = [];
    const items: ItemRow[] = [];
    for (const raw of rows) {
      const src = toSourceRow(raw);
      const next = engine.compute(src);
      const same = sameState(src.stored, next);
      if (!same) {
        changed.push(next);
        log.push(...engine.diff(src.stored, next));
      }
      if (!same || rebuildItems) {
        itemPersons.push(next.personId);
        for (const it of itemsOf(next, engine)) items.push(it);
      }
      after = src.personId;
    }
    evaluated += rows.length;
    if (changed.length || log.length || itemPersons.length) {
      await db.transaction(async (tx) => {
        await upsertStates(tx, changed, engine.asOf);
        await replaceItems(tx, itemPersons, items);
        await insertChanges(tx, log, cause);
      });
    }
    written += changed.length;
    changes += log.length;
    await progress.tick(evaluated);
    if (rows.length < pageSize) break;
  }
  const t1 = performance.now();
  const { ended, reminders, messages } = await db.transaction(async (tx) => {
    const ended = await dropEnded(tx, engine.asOf, cause);
    if (rebuildItems) await tx.execute(itemsVersionSql);
    return { ended, ...(await createDueReminders(tx, engine.asOf, since)) };
  });
  return { evaluated, written, changes, ended, reminders, messages, phases: { evaluateAndWrite: secondsSince(t0), endedAndReminders: secondsSince(t1) } };
}

/** COPY text format: escape backslash, tab, newline, carriage return; NULL is \N. */
const COPY_SPECIAL = /[\\\t\n\r]/;

function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const s = String(v);
  if (!COPY_SPECIAL.test(s)) return s;
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

function unescapeCopy(s: string): string | null {
  if (s === '\\N') return null;
  return s.includes('\\') ? s.replace(/\\(.)/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c)) : s;
}

/** An item as a compact jsonb array (the state row supplies person, jurisdiction, caseworker and pack). */
function itemJson(it: ItemRow): unknown[] {
  return [it.kind, it.dueOn, it.overdueFrom, it.visibleFrom, it.visibleUntil, it.serviceType, it.channel, it.rule, it.ruleMask, it.ruleDues, it.detail];
}

async function viaCopy(pool: pg.Pool, engine: StateEngine, runId: string, progress: Progress, since: string | null, rebuildItems: boolean): Promise<Counts> {
  const cause = `job:${runId}`;
  const reader = await pool.connect();
  const writer = await pool.connect();
  let evaluated = 0;
  let written = 0;
  const log: ChangeRow[] = [];
  try {
    // The source query's cost estimate triggers JIT, which costs more than it saves here; sorts fit in memory.
    await reader.query("SET jit = off; SET work_mem = '256MB'");
    await writer.query("SET jit = off; SET work_mem = '256MB'");
    await writer.query('BEGIN');
    await writer.query('CREATE TEMP TABLE pss_stage (LIKE person_service_state INCLUDING DEFAULTS) ON COMMIT DROP');
    await writer.query('ALTER TABLE pss_stage ADD COLUMN changed boolean NOT NULL, ADD COLUMN items jsonb NOT NULL');
    const stateCols = STATE_COLUMNS.map(([, c]) => c).join(', ');
    const stage = writer.query(copyFrom(`COPY pss_stage (${stateCols}, changed_on, changed, items) FROM STDIN`));
    const source = reader.query(copyTo(`COPY (${sourceQuery(engine.asOf)}) TO STDOUT`));
    let rest = '';
    const width = SOURCE_COLUMNS.length;
    const evaluate = new Transform({
      writableObjectMode: false,
      readableObjectMode: false,
      transform(chunk: Buffer, _enc, done) {
        const text = rest + chunk.toString('utf8');
        const lines = text.split('\n');
        rest = lines.pop() ?? '';
        let out = '';
        for (const line of lines) {
          if (!line) continue;
          // The source facts are parsed; the stored state stays COPY text and is compared with the new state written
          // the same way (parsed only for a changed row's change log), which spares most of a night's work.
          let cut = -1;
          for (let i = 0; i < STORED_AT; i++) {
            cut = line.indexOf('\t', cut + 1);
            if (cut < 0) return done(new Error(`source row has fewer than ${width} fields`));
          }
          const src = toSourceRow(line.slice(0, cut).split('\t').map(unescapeCopy));
          const next = engine.compute(src);
          evaluated++;
          const stateText = STATE_COLUMNS.map(([k]) => copyField(next[k])).join('\t');
          const same = stateText === line.slice(cut + 1);
          if (!same) {
            const fields = line.split('\t').map(unescapeCopy);
            if (fields.length !== width) return done(new Error(`source row has ${fields.length} fields, expected ${width}`));
            const stored = toSourceRow(fields).stored;
            written++;
            for (const c of engine.diff(stored, next)) log.push(c);
          }
          if (!same || rebuildItems) {
            const items = copyField(JSON.stringify(itemsOf(next, engine).map(itemJson)));
            out += `${stateText}\t${engine.asOf}\t${same ? 'f' : 't'}\t${items}\n`;
          }
        }
        if (evaluated % 50_000 < lines.length) void progress.tick(evaluated).catch(() => undefined);
        done(null, out);
      },
      flush(done) {
        done(rest ? new Error('source stream ended inside a row') : null);
      },
    });
    const t0 = performance.now();
    await pipeline(source, evaluate, stage);
    const phases: Record<string, number> = { streamAndEvaluate: secondsSince(t0) };
    let t = performance.now();
    // The planner must know how few rows a night stages (index lookups, not a scan of every item).
    await writer.query('ANALYZE pss_stage');
    await writer.query(`INSERT INTO person_service_state (${stateCols}, changed_on) SELECT ${stateCols}, changed_on FROM pss_stage WHERE changed ON CONFLICT (person_id) DO UPDATE SET ${STATE_UPSERT_SET}`);
    phases.writeState = secondsSince(t);
    t = performance.now();
    // Worklist items of the staged persons (all of them when rebuilding: other persons' items go with their state),
    // inserted in worklist order so a community's items share few pages.
    await writer.query(rebuildItems ? 'DELETE FROM worklist_items' : 'DELETE FROM worklist_items w USING pss_stage st WHERE w.person_id = st.person_id');
    await writer.query(`INSERT INTO worklist_items (person_id, kind, jurisdiction_code, caseworker_id, pack_ref, due_on, overdue_from, visible_from, visible_until, service_type, channel, rule, rule_mask, rule_dues, detail)
      SELECT st.person_id, e->>0, st.jurisdiction_code, st.caseworker_id, st.pack_ref, (e->>1)::date, (e->>2)::date, (e->>3)::date, (e->>4)::date, e->>5, e->>6, e->>7, (e->>8)::int,
             CASE WHEN jsonb_typeof(e->9) = 'array' THEN ARRAY(SELECT d FROM jsonb_array_elements_text(e->9) WITH ORDINALITY AS a(d, n) ORDER BY n)::date[] END, e->>10
      FROM pss_stage st CROSS JOIN LATERAL jsonb_array_elements(st.items) AS e
      ORDER BY st.jurisdiction_code, e->>0, (e->>1)::date, st.person_id`);
    if (rebuildItems) await writer.query(`INSERT INTO app_settings (key, value) VALUES ('${ITEMS_VERSION_SETTING}', '${JSON.stringify(ITEMS_VERSION)}'::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`);
    phases.writeItems = secondsSince(t);
    t = performance.now();
    if (log.length) {
      const changes = writer.query(copyFrom('COPY service_state_changes (person_id, "on", kind, from_value, to_value, text_zh, text_en, cause, jurisdiction_code) FROM STDIN'));
      const lines = log.map((c) => [c.personId, c.on, c.kind, c.fromValue, c.toValue, c.textZh, c.textEn, cause, c.jurisdictionCode].map(copyField).join('\t') + '\n');
      await pipeline(
        (async function* () {
          for (let i = 0; i < lines.length; i += 5000) yield lines.slice(i, i + 5000).join('');
        })(),
        changes,
      );
    }
    phases.writeChanges = secondsSince(t);
    // The remaining set-based steps run on the writer connection, inside the same transaction.
    const wdb = writerDatabase(writer);
    t = performance.now();
    const ended = await dropEnded(wdb, engine.asOf, cause);
    phases.ended = secondsSince(t);
    t = performance.now();
    const { reminders, messages } = await createDueReminders(wdb, engine.asOf, since);
    phases.reminders = secondsSince(t);
    t = performance.now();
    await writer.query('COMMIT');
    phases.commit = secondsSince(t);
    return { evaluated, written, changes: log.length, ended, reminders, messages, phases };
  } catch (e) {
    await writer.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    reader.release();
    writer.release();
  }
}

/** Drizzle on the writer's own connection, so repository SQL runs inside its transaction. */
function writerDatabase(client: pg.PoolClient): Database {
  return drizzlePg(client, { schema });
}

/** Per-person recomputation of everyone, one by one (reference for tests: must equal the batch result). */
export async function recomputeOneByOne(db: Database, registry: PackRegistry, asOf: string): Promise<StateRow[]> {
  const engine = new StateEngine(registry, asOf, await staleAfterDays(db));
  const rows = await loadSource(db, asOf);
  return rows.map((src) => engine.compute(src)).sort((a, b) => a.personId.localeCompare(b.personId));
}
