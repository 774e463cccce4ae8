/**
 * Kill -9 harness (issue 11): `npm run bench -- --only crash` (add `--scale 0.25` for 5 kills instead of 20).
 *
 * Starts the real server (`node --import tsx packages/server/src/cli/main.ts serve`) on a temp PGlite data directory,
 * then on a fresh PostgreSQL database (DATABASE_URL, default 127.0.0.1:5432), with a small demo (50 persons). Each
 * cycle starts an import (20,000 rows), a comparison run (3,000 rows, uploaded first) and a burst of person creations through the
 * API (each acknowledged 201 recorded), kills the server with SIGKILL at a random moment, restarts it and watches
 * whether the interrupted import and comparison run continue by themselves within 10 s of the restart (progress
 * or completion after the kill). At the end the server is stopped and the database read directly: every
 * acknowledged person present exactly once, no ID number of any attempted write or imported row twice, every
 * import done with each of its rows exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { residentIdCheckChar } from '@bangfu/rules';
import { loadConfig } from '../packages/server/src/config/config.ts';
import { DEMO_PASSWORD } from '../packages/server/src/demo/accounts.ts';
import { csvText, encodeCsv, PERSON_HEADER, personCells, syntheticPerson } from '../packages/server/src/modules/imports/synthetic.ts';
import { openRuntime } from '../packages/server/src/runtime.ts';
import { normalizeIdNumber } from '../packages/server/src/security/field-cipher.ts';
import type { Bench, BenchResult } from './types.ts';
import { scratchDatabase } from '../packages/server/test/support/scratch-db.ts';

const ROOT = join(import.meta.dirname, '..');
const MAIN = join(ROOT, 'packages', 'server', 'src', 'cli', 'main.ts');
const IMPORT_ROWS = 20_000;
const COMPARISON_ROWS = 3000;
const RESUME_LIMIT_MS = 10_000;
const VILLAGES = ['150102001001', '150102001002'];

/** Deterministic delays (same seed → same kill moments). */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Server {
  child: ChildProcess | undefined;
  url = '';
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** Starts `bangfu serve` and resolves at "is running" (the moment the API listens). */
  async start(): Promise<number> {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', '--port', '0', '--host', '127.0.0.1'], { cwd: ROOT, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let out = '';
    this.url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start in 180 s:\n${out}`)), 180_000);
      const onData = (d: Buffer) => {
        out += d.toString();
        const m = /is running: (http:\/\/\S+)/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited (${code}):\n${out}`));
      });
    });
    // Keep draining the output so the pipe never blocks the server.
    child.stdout?.resume();
    child.stderr?.resume();
    return Date.now();
  }

  async kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
    this.child = undefined;
  }
}

class Client {
  private cookie = '';
  private csrf = '';
  constructor(
    private readonly server: Server,
    private readonly username: string,
  ) {}
  async login(): Promise<void> {
    const res = await fetch(`${this.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: this.username, password: DEMO_PASSWORD }) });
    if (res.status !== 200) throw new Error(`login ${this.username}: ${res.status} ${await res.text()}`);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  }
  async get<T>(path: string): Promise<T> {
    const res = await fetch(`${this.server.url}${path}`, { headers: { cookie: this.cookie } });
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  async post(path: string, body: Buffer | string, contentType: string): Promise<Response> {
    return fetch(`${this.server.url}${path}`, { method: 'POST', headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, 'content-type': contentType }, body });
  }
}

function multipart(fields: Record<string, string>, name: string, data: Buffer): { body: Buffer; type: string } {
  const boundary = `----bangfu${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`), data, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

interface JobState {
  state: string;
  progress: { processed: number };
  runStartedAt: string | null;
  finishedAt: string | null;
}
interface RunState {
  state: string;
  rowsRead: number;
  attempts: number;
  /** When the current attempt was claimed: after the restart, when the server took the run up. */
  claimedAt: string | null;
  finishedAt: string | null;
}

interface Tally {
  kills: number;
  attempted: string[];
  acknowledged: string[];
  importIds: string[];
  importJobs: string[];
  importInterrupted: number;
  importResumed: number;
  importResumeMs: number[];
  comparisonInterrupted: number;
  comparisonResumed: number;
}

type Watch = { interrupted: false } | { interrupted: true; resumedMs: number | undefined };

/** How long the harness keeps looking (the API can answer slowly while PGlite works through a batch). */
const OBSERVE_MS = 45_000;

/**
 * After the restart: was the job/run cut by the kill (it had not ended before the kill), and did it move on by itself
 * within the limit (progress beyond the first look after the restart, or an end after the kill)? Ends are judged by
 * `finishedAt` against the moment of the kill: the killed process cannot have finished anything after it.
 */
async function watchResume<T extends { finishedAt: string | null }>(
  probe: () => Promise<T>,
  ended: (t: T) => boolean,
  moved: (first: T, now: T) => boolean,
  killedAt: number,
  readyAt: number,
  /** When the server itself says the work was taken up again (a new run's start), if it says so. */
  resumedAt: (t: T) => number | undefined = () => undefined,
): Promise<Watch> {
  let first: T | undefined;
  let last: T | undefined;
  while (Date.now() - readyAt <= OBSERVE_MS) {
    try {
      const now = await probe();
      last = now;
      const endedAfterKill = ended(now) && now.finishedAt !== null && Date.parse(now.finishedAt) >= killedAt;
      if (first === undefined) {
        first = now;
        if (ended(now) && !endedAfterKill) return { interrupted: false };
      }
      if (endedAfterKill || moved(first, now)) {
        const at = resumedAt(now);
        const ms = at !== undefined && at >= killedAt ? Math.max(0, at - readyAt) : Date.now() - readyAt;
        return { interrupted: true, resumedMs: ms <= RESUME_LIMIT_MS ? ms : undefined };
      }
    } catch {
      // the server may still be warming up
    }
    await sleep(150);
  }
  if (last && ended(last) && last.finishedAt !== null && Date.parse(last.finishedAt) < killedAt) return { interrupted: false };
  return { interrupted: true, resumedMs: undefined };
}

async function campaign(label: string, databaseUrl: string | undefined, kills: number, seed: number): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bangfu-crash-'));
  const secretKey = randomBytes(32).toString('hex');
  const env: NodeJS.ProcessEnv = { ...process.env, BANGFU_DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '', BANGFU_DEMO_PERSONS: '50', LOG_LEVEL: 'warn', BANGFU_SECRET_KEY: secretKey };
  const server = new Server(env);
  const random = prng(seed);
  const t: Tally = { kills: 0, attempted: [], acknowledged: [], importIds: [], importJobs: [], importInterrupted: 0, importResumed: 0, importResumeMs: [], comparisonInterrupted: 0, comparisonResumed: 0 };
  let personSerial = 0;
  try {
    await server.start();
    const op = new Client(server, 'operator.county');
    const cw = new Client(server, 'caseworker');
    for (let cycle = 0; cycle < kills; cycle++) {
      await op.login();
      await cw.login();
      // An import of fresh persons, started.
      const people = Array.from({ length: IMPORT_ROWS }, (_, i) => syntheticPerson(cycle * IMPORT_ROWS + i, VILLAGES, 1_000_000 + seed * 100_000));
      t.importIds.push(...people.map((p) => p.idNumber));
      const up = await op.post(`/api/v1/imports?kind=persons&filename=crash-${cycle}.csv`, encodeCsv(csvText(PERSON_HEADER, people.map((p) => personCells(p))), 'utf-8'), 'application/octet-stream');
      if (up.status !== 201) throw new Error(`import upload ${up.status} ${await up.text()}`);
      const jobId = ((await up.json()) as { job: { id: string } }).job.id;
      t.importJobs.push(jobId);
      // A comparison run over outsiders (rows to read and match; none in the registry).
      const rows = Array.from({ length: COMPARISON_ROWS }, (_, i) => {
        const first17 = `150102${1950 + (i % 50)}0${1 + (i % 9)}1${(i % 9) + 1}${String(i % 1000).padStart(3, '0')}`;
        return `${first17 + residentIdCheckChar(first17)},比对${i},150102001001,2025-01-01`;
      });
      const file = Buffer.from(`公民身份号码,姓名,所在区划代码,认定日期\n${rows.join('\n')}\ncycle-${cycle}-${seed},x,150102001001,2025-01-01\n`, 'utf8');
      const m = multipart({ kind: 'dibao' }, `crash-${cycle}.csv`, file);
      const cmp = await op.post('/api/v1/comparison/files', m.body, m.type);
      const runId = cmp.status === 201 || cmp.status === 200 ? ((await cmp.json()) as { id: string }).id : undefined;
      // A burst of writes: two writers creating persons; a 201 is an acknowledged write.
      let burst = true;
      const writer = async () => {
        while (burst) {
          const p = syntheticPerson(personSerial++, ['150102001001'], 5_000_000 + seed * 100_000);
          t.attempted.push(p.idNumber);
          try {
            const res = await cw.post('/api/v1/persons', JSON.stringify({ idNumber: p.idNumber, name: p.name, phone: p.phone, residence: { code: p.residenceCode, address: '崩溃测试 1 号' }, employmentStatus: 'unemployed', source: 'visit' }), 'application/json');
            if (res.status === 201) t.acknowledged.push(p.idNumber);
            else if (res.status >= 500 || res.status === 400) await sleep(50);
          } catch {
            return; // the server is gone
          }
        }
      };
      const writers = [writer(), writer()];
      // The burst runs alone for a moment, then the import starts, then the kill comes.
      await sleep(300 + Math.floor(random() * 1200));
      const cycleStart = Date.now();
      const started = await op.post(`/api/v1/imports/${jobId}/start`, '{}', 'application/json');
      if (started.status !== 200) throw new Error(`import start ${started.status} ${await started.text()}`);
      await sleep(300 + Math.floor(random() * 2200));
      // The run's attempts just before the kill: a claim by the restarted server raises them, even when it happens
      // before the first look after the restart (progress of a small file shows only at its end).
      const runBefore = runId ? await op.get<RunState>(`/api/v1/comparison/runs/${runId}`).catch(() => undefined) : undefined;
      const killedAt = Date.now();
      await server.kill('SIGKILL');
      t.kills++;
      burst = false;
      await Promise.all(writers);

      const readyAt = await server.start();
      await op.login();
      await cw.login();
      const [imp, cmpWatch] = await Promise.all([
        watchResume(
          () => op.get<JobState>(`/api/v1/imports/${jobId}`),
          (j) => j.state === 'done' || j.state === 'failed' || j.state === 'cancelled',
          // Claimed by the restarted server (a new run began after the kill), or progress.
          (a, b) => (b.runStartedAt !== null && Date.parse(b.runStartedAt) >= killedAt) || b.progress.processed > a.progress.processed,
          killedAt,
          readyAt,
          (j) => (j.runStartedAt === null ? undefined : Date.parse(j.runStartedAt)),
        ),
        runId
          ? watchResume(
              () => op.get<RunState>(`/api/v1/comparison/runs/${runId}`),
              (r) => r.state === 'done' || r.state === 'failed' || r.state === 'cancelled',
              (a, b) => b.rowsRead > a.rowsRead || b.attempts > (runBefore?.attempts ?? a.attempts),
              killedAt,
              readyAt,
              // As for imports: the server's own record of when it took the run up, not when the harness saw it.
              (r) => (r.claimedAt === null ? undefined : Date.parse(r.claimedAt)),
            )
          : Promise.resolve<Watch>({ interrupted: false }),
      ]);
      if (imp.interrupted) {
        t.importInterrupted++;
        if (imp.resumedMs !== undefined) {
          t.importResumed++;
          t.importResumeMs.push(imp.resumedMs);
        }
      }
      if (cmpWatch.interrupted) {
        t.comparisonInterrupted++;
        if (cmpWatch.resumedMs !== undefined) t.comparisonResumed++;
      }
      const say = (w: Watch) => (!w.interrupted ? 'not interrupted' : w.resumedMs === undefined ? 'NOT resumed within 10 s' : `resumed ${(w.resumedMs / 1000).toFixed(1)} s after restart`);
      process.stdout.write(`${label} kill ${cycle + 1}/${kills} at +${killedAt - cycleStart} ms: import ${say(imp)}; comparison ${say(cmpWatch)}; writes acknowledged so far ${t.acknowledged.length}\n`);
      // Let the import finish before the next cycle (the next kill hits a new one).
      const end = Date.now() + 120_000;
      while (Date.now() < end) {
        const j = await op.get<JobState>(`/api/v1/imports/${jobId}`).catch(() => undefined);
        if (j && (j.state === 'done' || j.state === 'failed')) break;
        await sleep(300);
      }
    }
    await server.kill('SIGTERM');

    // Read the database directly (the server is stopped; PGlite's directory is free again).
    const rt = await openRuntime({ ...loadConfig({}), dataDir, databaseUrl, secretKey });
    try {
      const bidx = (id: string) => rt.services.cipher.blindIndex('id_number', normalizeIdNumber(id));
      const counts = new Map<string, number>();
      const all = [...new Set([...t.attempted, ...t.importIds])].map(bidx);
      for (let i = 0; i < all.length; i += 5000) {
        const slice = all.slice(i, i + 5000);
        const rows = await rt.handle.query<{ b: string; n: number }>(sql`SELECT id_number_bidx AS b, count(*)::int AS n FROM persons WHERE id_number_bidx IN (${sql.join(slice.map((b) => sql`${b}`), sql`, `)}) GROUP BY id_number_bidx`);
        for (const r of rows) counts.set(r.b, Number(r.n));
      }
      const present = t.acknowledged.filter((id) => (counts.get(bidx(id)) ?? 0) >= 1).length;
      const duplicates = [...counts.values()].filter((n) => n > 1).length;
      const importPresent = t.importIds.filter((id) => counts.get(bidx(id)) === 1).length;
      const jobs = await rt.handle.query<{ state: string; n: number }>(sql`SELECT state, count(*)::int AS n FROM import_jobs WHERE id IN (${sql.join(t.importJobs.map((j) => sql`${j}::uuid`), sql`, `)}) GROUP BY state`);
      const chunksLeft = await rt.handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM import_file_chunks`);
      const jobsDone = jobs.find((j) => j.state === 'done')?.n ?? 0;
      const p95 = t.importResumeMs.sort((a, b) => a - b)[Math.max(0, Math.ceil(t.importResumeMs.length * 0.95) - 1)] ?? 0;
      return [
        { name: `crash ${label}: kill -9`, value: t.kills, unit: 'kills', target: '≥ 20 at scale 1' },
        { name: `crash ${label}: person writes acknowledged / present`, value: present, unit: `of ${t.acknowledged.length}`, target: 'all', ok: present === t.acknowledged.length, notes: `${t.attempted.length} attempted` },
        { name: `crash ${label}: ID numbers on file twice`, value: duplicates, unit: 'persons', target: '0', ok: duplicates === 0 },
        { name: `crash ${label}: imports done / rows on file once`, value: importPresent, unit: `of ${t.importIds.length} rows`, ok: importPresent === t.importIds.length && Number(jobsDone) === t.importJobs.length, notes: `${jobsDone}/${t.importJobs.length} jobs done; ${chunksLeft[0]?.n ?? '?'} upload chunks left` },
        { name: `crash ${label}: interrupted imports resumed within 10 s`, value: t.importResumed, unit: `of ${t.importInterrupted}`, target: 'all', ok: t.importResumed === t.importInterrupted, notes: `p95 ${(p95 / 1000).toFixed(1)} s from restart` },
        { name: `crash ${label}: interrupted comparison runs resumed within 10 s`, value: t.comparisonResumed, unit: `of ${t.comparisonInterrupted}`, target: 'all', ok: t.comparisonResumed === t.comparisonInterrupted },
      ];
    } finally {
      await rt.close();
    }
  } finally {
    await server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export default {
  name: 'crash',
  async run({ databaseUrl, scale }): Promise<BenchResult[]> {
    const kills = Math.max(1, Math.round(20 * scale));
    const results = await campaign('PGlite', undefined, kills, 1);
    if (!databaseUrl) return [...results, { name: 'crash PostgreSQL', value: 0, unit: '', notes: 'skipped: no DATABASE_URL' }];
    const db = await scratchDatabase(databaseUrl, 'crash');
    try {
      return [...results, ...(await campaign('PostgreSQL', db.url, kills, 2))];
    } finally {
      await db.drop();
    }
  },
} satisfies Bench;
