/**
 * Operations: the PGlite data-directory lock, backup and restore (verified, all-or-nothing), and what-if
 * evaluation through the API.
 */
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config/config.ts';
import { lockDataDir } from '../src/db/lock.ts';
import { AppError } from '../src/errors/app-error.ts';
import { NOT_BACKED_UP, backupTables, backupTo, restoreFrom, verifyBackup } from '../src/modules/backup/backup.service.ts';
import type { DbHandle } from '../src/db/client.ts';
import { openRuntime } from '../src/runtime.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';
import { createTestDatabase } from './support/test-db.ts';

let t: TestApp;
let dir: string;

beforeAll(async () => {
  t = await createTestApp({ persons: 120 });
  dir = mkdtempSync(join(tmpdir(), 'bangfu-ops-'));
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('data directory lock', () => {
  it('refuses a second holder with a clear bilingual message and frees the lock on release', () => {
    const d = join(dir, 'locked');
    const lock = lockDataDir(d);
    try {
      // Simulate another live process holding it: rewrite the pid to our parent's.
      writeFileSync(join(d, 'bangfu.lock'), JSON.stringify({ pid: process.ppid, since: 'test' }));
      let caught: unknown;
      try {
        lockDataDir(d);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).code).toBe('DATA_DIR_LOCKED');
      expect((caught as AppError).message_('zh-CN')).toMatch(/正被另一个 Bangfu 进程/);
    } finally {
      lock.release();
    }
    lockDataDir(d).release();
  });

  it('takes over a stale lock left by a dead process', () => {
    const d = join(dir, 'stale');
    lockDataDir(d).release();
    writeFileSync(join(d, 'bangfu.lock'), JSON.stringify({ pid: 999_999_99, since: 'crash' }));
    const lock = lockDataDir(d);
    lock.release();
  });
});

describe('backup and restore', () => {
  /** Row count and a digest of every row (as jsonb, in key order) of each backed-up table. */
  async function digests(handle: DbHandle): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const table of await backupTables(handle)) {
      const key = table.key.map((k) => `"${k}"`).join(', ');
      const [r] = await handle.query<{ n: number; d: string | null }>(
        sql.raw(`SELECT count(*)::int AS n, md5(string_agg(to_jsonb(t)::text, '|' ORDER BY ${key})) AS d FROM "${table.name}" t`),
      );
      out[table.name] = `${r?.n ?? 0}:${r?.d ?? ''}`;
    }
    return out;
  }

  it('round-trips every table (but sessions) row for row into an empty database and refuses a non-empty one', async () => {
    // Work of several slices, so that their tables hold rows: service state and worklist items, an audit trail.
    // As of the application clock's day, the demo's "today" (a fixed date before the demo's registrations
    // computed nothing once the calendar had moved past them).
    await t.runtime.services.serviceWork.jobs.recompute('test', t.runtime.services.clock.today());
    const file = join(dir, 'backup.jsonl.gz');
    const counts = await backupTo(t.runtime.handle, file);
    expect(counts.persons).toBe(120);
    expect(counts.users).toBeGreaterThanOrEqual(14);
    expect(counts.person_service_state).toBeGreaterThan(0);
    expect((await verifyBackup(file)).counts).toEqual(counts);
    // Every application table is in the file: one added by a later migration is covered without being listed.
    const tables = await t.runtime.handle.query<{ name: string }>(
      sql`SELECT relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'`,
    );
    expect(Object.keys(counts).sort()).toEqual(tables.map((r) => r.name).filter((n) => !NOT_BACKED_UP.has(n)).sort());
    expect(Object.keys(counts)).not.toContain('sessions');
    const before = await digests(t.runtime.handle);

    const target = await createTestDatabase('restore');
    const rt = await openRuntime({ ...loadConfig({}), databaseUrl: target.databaseUrl }, { memory: true });
    try {
      const restored = await restoreFrom(rt.handle, file);
      expect(restored).toEqual(counts);
      expect(await digests(rt.handle)).toEqual(before);
      // Sequences continue after the restored rows: a new audit entry does not collide with a restored one.
      await rt.handle.query(sql`INSERT INTO audit_log (action, outcome) VALUES ('test.after_restore', 'ok')`);
      await expect(restoreFrom(rt.handle, file)).rejects.toMatchObject({ code: 'RESTORE_TARGET_NOT_EMPTY' });
    } finally {
      await rt.close();
      await target.drop();
    }
  });

  it('refuses a truncated backup before writing anything', async () => {
    const file = join(dir, 'full.jsonl.gz');
    await backupTo(t.runtime.handle, file);
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
    const truncated = join(dir, 'truncated.jsonl.gz');
    writeFileSync(truncated, gzipSync(lines.slice(0, -2).join('\n')));
    await expect(verifyBackup(truncated)).rejects.toMatchObject({ code: 'BACKUP_INVALID' });
    const target = await createTestDatabase('restore');
    const rt = await openRuntime({ ...loadConfig({}), databaseUrl: target.databaseUrl }, { memory: true });
    try {
      await expect(restoreFrom(rt.handle, truncated)).rejects.toMatchObject({ code: 'BACKUP_INVALID' });
      const rows = await rt.handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM persons`);
      expect(rows[0]?.n ?? 0).toBe(0);
    } finally {
      await rt.close();
      await target.drop();
    }
  });

  it('refuses a file that is not a backup', async () => {
    const junk = join(dir, 'junk.gz');
    writeFileSync(junk, gzipSync('hello\n'));
    await expect(verifyBackup(junk)).rejects.toMatchObject({ code: 'BACKUP_INVALID' });
    const notGzip = join(dir, 'plain.txt');
    writeFileSync(notGzip, 'not gzip at all');
    await expect(verifyBackup(notGzip)).rejects.toMatchObject({ code: 'BACKUP_INVALID' });
  });
});

describe('what-if evaluation API', () => {
  const xuchangCase = {
    jurisdiction: '411002001001',
    asOf: '2026-03-16',
    person: { sex: 'female', birthDate: '1980-05-10', retirementCategory: 'female50', laborCapacity: 'full', wantsWork: true, employmentStatus: 'unemployed', intention: 'employment' },
    registration: { kind: 'unemployment', registeredOn: '2026-03-02', placeBasis: 'residence' },
    services: [],
    proposedDeregistration: { reason: 'no_contact_6_months' },
  };

  it('lets an operator evaluate a case in their subtree and cites the pack', async () => {
    const op = await t.login('operator.xuchang');
    const res = await op.post('/api/v1/evaluate', xuchangCase);
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.pack.id).toBe('xuchang');
    expect(d.deregistration.allowed).toBe(false);
    expect(JSON.stringify(d.deregistration)).toMatch(/XC23/);
    expect(d.tier.code).toBe('short');
  });

  it('refuses a case outside the operator’s jurisdiction, and caseworkers may not run what-if', async () => {
    const op = await t.login('operator.county');
    expect((await op.post('/api/v1/evaluate', xuchangCase)).statusCode).toBe(403);
    const cw = await t.login('caseworker');
    expect((await cw.post('/api/v1/evaluate', xuchangCase)).statusCode).toBe(403);
  });

  it('names the field of nonsense input', async () => {
    const op = await t.login('operator.xuchang');
    const res = await op.post('/api/v1/evaluate', { ...xuchangCase, person: { ...xuchangCase.person, birthDate: '1980-02-30' } });
    expect([400, 422]).toContain(res.statusCode);
    expect(JSON.stringify(res.json().error)).toMatch(/person\.birthDate/);
  });
});

describe('operator rule-pack files', () => {
  const weidu = {
    id: 'weidu-2027',
    version: '2027.1',
    name: '魏都区补充规则（测试）',
    jurisdictionPrefix: '411002',
    effectiveFrom: '2027-01-01',
    parent: 'xuchang',
    sources: [],
    params: { tiers: { shortMaxMonths: { value: 2, source: { doc: 'XC23', clause: '三(二)1' } } } },
  };

  it('loads a valid child pack from the directory and resolves it by jurisdiction and date', async () => {
    const packsDir = join(dir, 'packs-ok');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(packsDir, { recursive: true });
    writeFileSync(join(packsDir, 'weidu.json'), JSON.stringify(weidu));
    const rt = await openRuntime({ ...loadConfig({}), rulePacksDir: packsDir }, { memory: true });
    try {
      expect(rt.services.rules.inForce('411002001001', '2027-01-05').id).toBe('weidu-2027');
      expect(rt.services.rules.inForce('411002001001', '2026-12-31').id).toBe('xuchang');
      expect(rt.services.rules.inForce('411023000000', '2027-01-05').id).toBe('xuchang');
      expect(rt.services.rules.history('411002001001').map((p) => p.id)).toEqual(expect.arrayContaining(['national', 'xuchang', 'weidu-2027']));
    } finally {
      await rt.close();
    }
  });

  it('refuses to start with an invalid pack file, naming the file and the path', async () => {
    const packsDir = join(dir, 'packs-bad');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(packsDir, { recursive: true });
    writeFileSync(join(packsDir, 'broken.json'), JSON.stringify({ ...weidu, params: { tiers: { shortMaxMonths: { value: 'two', source: { doc: 'XC23', clause: '三' } } } } }));
    let caught: unknown;
    try {
      const rt = await openRuntime({ ...loadConfig({}), rulePacksDir: packsDir }, { memory: true });
      await rt.close();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AppError);
    const err = caught as AppError;
    expect(err.code).toBe('RULE_PACK_INVALID');
    expect(err.message_('zh-CN')).toMatch(/broken\.json.*params\.tiers\.shortMaxMonths\.value/);
    writeFileSync(join(packsDir, 'broken.json'), '{ not json');
    await expect(openRuntime({ ...loadConfig({}), rulePacksDir: packsDir }, { memory: true })).rejects.toMatchObject({ code: 'RULE_PACK_INVALID' });
  });

  it('shows operators the pack history of a jurisdiction through the API', async () => {
    const op = await t.login('operator.xuchang');
    const res = await op.get('/api/v1/rule-packs/history?jurisdiction=411002001001');
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((p: { id: string }) => p.id)).toEqual(['national', 'xuchang']);
  });
});
