/**
 * Issue 11, the at-rest scan: the real server (`bangfu serve`, PGlite in a temp data directory, or a fresh
 * PostgreSQL database with DATABASE_URL) takes an import and a comparison run through the API, stops, and is
 * backed up with `bangfu backup`. Then no 18-digit ID number or 11-digit mobile number of the test data may appear
 * in clear: not in the data directory's files (PGlite) or the app tables read back raw (PostgreSQL: every value,
 * bytea as bytes), not in the backup (decompressed, bytea decoded), not in the captured server output.
 * The modes of the data directory, key file and backup are checked on the way, and the key warning on PGlite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '@bangfu/rules';
import { DEMO_PASSWORD } from '../src/demo/accounts.ts';
import { csvText, encodeCsv, PERSON_HEADER, personCells, syntheticPerson } from '../src/modules/imports/synthetic.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';
import { multipart } from './support/multipart.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const MAIN = join(ROOT, 'packages', 'server', 'src', 'cli', 'main.ts');
const work = mkdtempSync(join(tmpdir(), 'bangfu-scan-'));
const dataDir = join(work, 'data');
const backupFile = join(work, 'backup.bangfu.gz');
let db: TestDatabase;
let env: NodeJS.ProcessEnv;
let log = '';

/** Test data: the import's persons and the comparison file's subjects. */
const imported = Array.from({ length: 150 }, (_, i) => syntheticPerson(i, ['150102001001', '150102001002'], 810_000));
const compared = Array.from({ length: 20 }, (_, i) => {
  const first17 = `15010219${String(70 + (i % 20)).padStart(2, '0')}0215${String(600 + i).padStart(3, '0')}`;
  return { idNumber: first17 + residentIdCheckChar(first17), phone: `158${String(40_000_000 + i * 7919).padStart(8, '0')}` };
});
const importNeedles = [...imported.map((p) => p.idNumber), ...imported.map((p) => p.phone)];
const comparisonNeedles = [...compared.map((p) => p.idNumber), ...compared.map((p) => p.phone)];

function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

async function serve(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', '--port', '0', '--host', '127.0.0.1'], { cwd: ROOT, env });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 120_000);
    const onData = (d: Buffer) => {
      log += d.toString();
      const m = /已启动 \/ is running: (http:\/\/\S+)/.exec(log);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${log}`)));
  });
  return { child, url };
}

class Client {
  private cookie = '';
  private csrf = '';
  constructor(private readonly base: string) {}
  async login(username: string): Promise<void> {
    const res = await fetch(`${this.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
    if (res.status !== 200) throw new Error(`login ${res.status} ${await res.text()}`);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  }
  async get<T>(path: string): Promise<T> {
    const res = await fetch(`${this.base}${path}`, { headers: { cookie: this.cookie } });
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  async post<T>(path: string, body: Buffer | string, contentType: string): Promise<T> {
    const res = await fetch(`${this.base}${path}`, { method: 'POST', headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, 'content-type': contentType }, body });
    if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const ID_OR_MOBILE = /[0-9]{17}[0-9X]|1[3-9][0-9]{9}/g;

/** The needles found in `bytes` (read as latin1, so digits stay digits whatever the encoding around them). */
function found(bytes: Buffer, needles: ReadonlySet<string>, into: Set<string>): void {
  for (const m of bytes.toString('latin1').matchAll(ID_OR_MOBILE)) if (needles.has(m[0])) into.add(m[0]);
}

function valueBytes(v: unknown): Buffer {
  if (v instanceof Uint8Array) return Buffer.from(v);
  return Buffer.from(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''), 'utf8');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}

interface Hits {
  readonly store: Set<string>;
  readonly backup: Set<string>;
  readonly log: Set<string>;
}

async function scan(needles: readonly string[]): Promise<Hits> {
  const set = new Set(needles);
  const hits: Hits = { store: new Set(), backup: new Set(), log: new Set() };
  if (db.databaseUrl) {
    // Every value of every app table, bytea as its bytes (a hex dump would hide clear digits).
    const client = new pg.Client({ connectionString: db.databaseUrl });
    await client.connect();
    try {
      const tables = await client.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'`);
      for (const { t } of tables.rows) {
        const rows = await client.query<Record<string, unknown>>(`SELECT * FROM "${t}"`);
        for (const r of rows.rows) {
          for (const v of Object.values(r)) found(valueBytes(v), set, hits.store);
        }
      }
    } finally {
      await client.end();
    }
  } else {
    // The files as they lie on disk, and every value read back raw (large values are compressed on disk, so the
    // files alone could hide clear bytes that a copy of the directory would still give away).
    for (const f of filesUnder(dataDir)) found(readFileSync(f), set, hits.store);
    const pglite = new PGlite(join(dataDir, 'pglite'));
    try {
      const tables = await pglite.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'`);
      for (const { t } of tables.rows) {
        const rows = await pglite.query<Record<string, unknown>>(`SELECT * FROM "${t}"`);
        for (const r of rows.rows) for (const v of Object.values(r)) found(valueBytes(v), set, hits.store);
      }
    } finally {
      await pglite.close();
    }
  }
  const text = gunzipSync(readFileSync(backupFile)).toString('utf8');
  found(Buffer.from(text, 'utf8'), set, hits.backup);
  for (const m of text.matchAll(/"\\\\x([0-9a-f]+)"/g)) found(Buffer.from(m[1] ?? '', 'hex'), set, hits.backup);
  found(Buffer.from(log, 'utf8'), set, hits.log);
  return hits;
}

let hitsImport: Hits;
let hitsComparison: Hits;

beforeAll(async () => {
  db = await createTestDatabase('scan');
  env = { ...process.env, BANGFU_DATA_DIR: dataDir, DATABASE_URL: db.databaseUrl ?? '', BANGFU_DEMO_PERSONS: '30', LOG_LEVEL: 'info', BANGFU_SECRET_KEY: '', BANGFU_SECRET_KEY_FILE: '' };
  const { child, url } = await serve();
  try {
    const op = new Client(url);
    await op.login('operator.county');
    const rows = imported.map((p, i) => {
      const cells = personCells(p);
      if (i % 10 === 0) cells[5] = '999999999999'; // rejected rows: their cells are kept for the report
      return cells;
    });
    const up = await op.post<{ job: { id: string } }>('/api/v1/imports?kind=persons&filename=scan.csv', encodeCsv(csvText(PERSON_HEADER, rows), 'utf-8'), 'application/octet-stream');
    await op.post(`/api/v1/imports/${up.job.id}/start`, '{}', 'application/json');
    const job = await until('the import', async () => {
      const j = await op.get<{ state: string; progress: { accepted: number; rejected: number } }>(`/api/v1/imports/${up.job.id}`);
      return j.state === 'done' || j.state === 'failed' ? j : undefined;
    });
    expect(job).toMatchObject({ state: 'done', progress: { accepted: 135, rejected: 15 } });

    const file = Buffer.from(`公民身份号码,姓名,所在区划代码,联系电话\n${compared.map((c, i) => `${c.idNumber},比对${i},150102001001,${c.phone}`).join('\n')}\n`, 'utf8');
    const m = multipart({ kind: 'dibao' }, { name: 'dibao-scan.csv', data: file });
    const run = await op.post<{ id: string }>('/api/v1/comparison/files', m.payload, m.headers['content-type'] ?? '');
    const done = await until('the comparison run', async () => {
      const r = await op.get<{ state: string; rowsRead: number }>(`/api/v1/comparison/runs/${run.id}`);
      return r.state === 'running' || r.state === 'queued' || r.state === 'pending' ? undefined : r;
    });
    expect(done).toMatchObject({ state: 'done', rowsRead: 20 });
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  const backup = await cli(['backup', backupFile]);
  log += backup.out;
  expect(backup.code, backup.out).toBe(0);
  hitsImport = await scan(importNeedles);
  hitsComparison = await scan(comparisonNeedles);
}, 400_000);

afterAll(async () => {
  await db?.drop();
  rmSync(work, { recursive: true, force: true });
});

describe('no ID number or mobile number of the test data in clear at rest (issue 11)', () => {
  it('modes: data directory 0700, key file 0600, backup 0600; on PGlite the key-beside-data warning was printed', () => {
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(statSync(backupFile).mode & 0o777).toBe(0o600);
    if (!db.databaseUrl) {
      expect(statSync(join(dataDir, 'pglite')).mode & 0o777).toBe(0o700);
      expect(log).toContain(`WARNING: the key file ${join(dataDir, 'secret.key')} lives beside the data in ${dataDir}`);
    }
  });

  it('the import: not in the data directory / app tables, nor in the backup', () => {
    expect([...hitsImport.store], 'store').toEqual([]);
    expect([...hitsImport.backup], 'backup').toEqual([]);
  });

  it('the comparison run: not in the data directory / app tables, nor in the backup', () => {
    expect([...hitsComparison.store], 'store').toEqual([]);
    expect([...hitsComparison.backup], 'backup').toEqual([]);
  });

  it('the captured server output (log) holds none of them', () => {
    expect([...hitsImport.log, ...hitsComparison.log]).toEqual([]);
  });
});
