/**
 * The demo loader against real databases: an in-memory PGlite always, and a fresh PostgreSQL database (created
 * and dropped here) when DATABASE_URL is set. Counts, encryption at rest, blind-index lookup, idempotency.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { checkIdentity } from '@bangfu/rules';
import { openDatabase, type DbHandle } from '../src/db/client.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { FieldCipher } from '../src/security/field-cipher.ts';
import { verifyPassword } from '../src/security/passwords.ts';
import { loadDemo, type DemoCounts } from '../src/demo/load.ts';
import { generateDemo } from '../src/demo/generate.ts';
import { readDemoDivisions } from '../src/demo/divisions.ts';
import { demoAccounts, demoAnchorVillages, DEMO_PASSWORD } from '../src/demo/accounts.ts';
import { minusDays } from '../src/modules/persons/person-file.ts';
import { DEFAULT_STALE_AFTER_DAYS } from '../src/modules/persons/four-clears.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

const PERSONS = 500;
const SEED = 7;
const AS_OF = '2026-03-15';

interface Target {
  readonly label: string;
  open(): Promise<{ handle: DbHandle; drop: () => Promise<void> }>;
}

const targets: Target[] = [
  {
    label: 'PGlite',
    async open() {
      const handle = await openDatabase({});
      return { handle, drop: async () => undefined };
    },
  },
];

const serverUrl = process.env.DATABASE_URL;
if (serverUrl) {
  targets.push({
    label: 'PostgreSQL',
    async open() {
      const name = `bangfu_test_${randomBytes(5).toString('hex')}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`).finally(() => admin.end());
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const handle = await openDatabase({ databaseUrl: url.toString() });
      return {
        handle,
        async drop() {
          await handle.close();
          const c = new pg.Client({ connectionString: serverUrl });
          await c.connect();
          await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).finally(() => c.end());
        },
      };
    },
  });
}

const cipher = new FieldCipher(randomBytes(32));

describe.each(targets)('loadDemo on $label', (target) => {
  let handle: DbHandle;
  let drop: () => Promise<void>;
  let counts: DemoCounts;
  const progress: number[] = [];

  async function count(table: string): Promise<number> {
    const rows = await handle.query<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${table}`));
    return Number(rows[0]?.n ?? 0);
  }

  let indexesAfterMigration: string[] = [];
  const indexDefinitions = async () =>
    (await handle.query<{ def: string }>(sql`SELECT indexdef AS def FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`)).map((r) => r.def);

  beforeAll(async () => {
    ({ handle, drop } = await target.open());
    await runMigrations(handle);
    indexesAfterMigration = await indexDefinitions();
    // deferIndexesFrom: 1 takes PostgreSQL's bulk path (indexes rebuilt after COPY) even for 500 persons.
    counts = await loadDemo(handle, cipher, { persons: PERSONS, seed: SEED, asOf: AS_OF, deferIndexesFrom: 1, onProgress: (done) => progress.push(done) });
  });

  it('leaves exactly the migrated indexes in place', async () => {
    expect(indexesAfterMigration.some((d) => d.includes('persons_id_bidx_idx'))).toBe(true);
    expect(await indexDefinitions()).toEqual(indexesAfterMigration);
  });
  afterAll(async () => {
    if (target.label === 'PGlite') await handle?.close();
    await drop?.();
  });

  it('returns the counts of what it stored', async () => {
    const divisions = readDemoDivisions();
    expect(counts.persons).toBe(PERSONS);
    expect(await count('persons')).toBe(PERSONS);
    expect(await count('divisions')).toBe(divisions.length);
    expect(counts.divisions).toBe(divisions.length);
    expect(await count('offices')).toBe(counts.offices);
    expect(await count('users')).toBe(demoAccounts(divisions).length);
    expect(await count('households')).toBe(counts.households);
    expect(await count('registrations')).toBe(counts.registrations);
    expect(counts.registrations).toBeGreaterThan(0);
    expect(await count('person_marks')).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(PERSONS);
  });

  it('stores the national root and the slice tree', async () => {
    const root = await handle.query<{ name: string; level: string }>(sql`SELECT name, level FROM divisions WHERE code = '000000000000'`);
    expect(root).toEqual([{ name: '全国', level: 'nation' }]);
    const province = await handle.query<{ parent_code: string }>(sql`SELECT parent_code FROM divisions WHERE code = '150000000000'`);
    expect(province[0]?.parent_code).toBe('000000000000');
    const office = await handle.query<{ name: string }>(sql`SELECT name FROM offices WHERE jurisdiction_code = '150100000000'`);
    expect(office[0]?.name).toBe('呼和浩特市公共就业和人才服务中心');
  });

  it('stores the same persons the generator produces, with no plaintext ID numbers or phones', async () => {
    const divisions = readDemoDivisions();
    const expected = [...generateDemo({ persons: PERSONS, seed: SEED, asOf: AS_OF, divisions, anchorVillages: demoAnchorVillages(demoAccounts(divisions)) })].flatMap((b) => b.persons);
    const rows = await handle.query<{ id: string; id_number_enc: string; phone_enc: string | null; id_number_masked: string; name_pinyin: string; birth_date: string }>(
      sql`SELECT id, id_number_enc, phone_enc, id_number_masked, name_pinyin, birth_date FROM persons`,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const p of expected) {
      const row = byId.get(p.id);
      expect(row, p.id).toBeDefined();
      if (!row) continue;
      expect(row.birth_date).toBe(p.birthDate);
      expect(row.id_number_enc).not.toContain(p.idNumber);
      expect(row.id_number_enc).not.toContain(p.idNumber.slice(6, 14));
      expect(cipher.decrypt(row.id_number_enc)).toBe(p.idNumber);
      expect(checkIdentity(p.idNumber, { asOf: AS_OF }).valid).toBe(true);
      expect(row.id_number_masked).toBe(`${p.idNumber.slice(0, 4)}**********${p.idNumber.slice(14)}`);
      if (p.phone) {
        expect(row.phone_enc).not.toContain(p.phone);
        expect(cipher.decrypt(row.phone_enc ?? '')).toBe(p.phone);
      } else expect(row.phone_enc).toBeNull();
      expect(row.name_pinyin).toMatch(/^[a-z]+$/);
    }
  });

  it('stores the four clears, skills and service needs the generator drew, so the four-clears summary is not empty', async () => {
    const divisions = readDemoDivisions();
    const expected = [...generateDemo({ persons: PERSONS, seed: SEED, asOf: AS_OF, divisions, anchorVillages: demoAnchorVillages(demoAccounts(divisions)) })].flatMap((b) => b.persons);
    const rows = await handle.query<{ id: string; clears: unknown; skills: unknown; service_needs: unknown }>(sql`SELECT id, clears, skills, service_needs FROM persons`);
    const parsed = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const p of expected) {
      const row = byId.get(p.id);
      expect(parsed(row?.clears), p.id).toEqual(p.clears);
      expect(parsed(row?.skills), p.id).toEqual(p.skills);
      expect(parsed(row?.service_needs), p.id).toEqual(p.serviceNeeds);
    }
    // The summary's own test (four-clears.repository fourClearsCounts): gathered on or after "as of" − 180 days.
    const cutoff = minusDays(AS_OF, DEFAULT_STALE_AFTER_DAYS);
    const fresh = (key: string) => sql`(clears->${key}->>'on') >= ${cutoff}`;
    const counts = await handle.query<{ headcount: number; all4: number; registered_all4: number; registered: number }>(sql`
      SELECT count(*) FILTER (WHERE ${fresh('headcount')})::int AS headcount,
             count(*) FILTER (WHERE ${fresh('headcount')} AND ${fresh('skills')} AND ${fresh('intention')} AND ${fresh('serviceNeeds')})::int AS all4,
             count(*) FILTER (WHERE r.id IS NOT NULL AND ${fresh('headcount')} AND ${fresh('skills')} AND ${fresh('intention')} AND ${fresh('serviceNeeds')})::int AS registered_all4,
             count(r.id)::int AS registered
        FROM persons p LEFT JOIN registrations r ON r.person_id = p.id`);
    const c = counts[0];
    expect(c?.headcount).toBeGreaterThan(PERSONS / 2);
    expect(c?.all4).toBeGreaterThan(0);
    expect(Number(c?.registered_all4)).toBeGreaterThan(Number(c?.registered) / 2);
  });

  it('finds a person by the blind index of the ID number and of the phone', async () => {
    const one = await handle.query<{ id: string; id_number_enc: string; phone_enc: string | null }>(
      sql`SELECT id, id_number_enc, phone_enc FROM persons WHERE phone_enc IS NOT NULL ORDER BY id LIMIT 1`,
    );
    const row = one[0];
    expect(row).toBeDefined();
    if (!row) return;
    const idNumber = cipher.decrypt(row.id_number_enc);
    const byId = await handle.query<{ id: string }>(sql`SELECT id FROM persons WHERE id_number_bidx = ${cipher.blindIndex('id_number', idNumber)}`);
    expect(byId.map((r) => r.id)).toEqual([row.id]);
    const phone = cipher.decrypt(row.phone_enc ?? '');
    const byPhone = await handle.query<{ id: string }>(sql`SELECT id FROM persons WHERE phone_bidx = ${cipher.blindIndex('phone', phone)}`);
    expect(byPhone.map((r) => r.id)).toContain(row.id);
  });

  it('gives every demo account a working password, the citizen its own file in 公主府社区', async () => {
    const users = await handle.query<{ username: string; password_hash: string; role: string; person_id: string | null; jurisdiction_code: string }>(
      sql`SELECT username, password_hash, role, person_id, jurisdiction_code FROM users ORDER BY username`,
    );
    expect(users.map((u) => u.username).sort()).toEqual(demoAccounts().map((a) => a.username).sort());
    const admin = users.find((u) => u.username === 'admin');
    expect(admin?.jurisdiction_code).toBe('000000000000');
    expect(await verifyPassword(DEMO_PASSWORD, admin?.password_hash ?? '')).toBe(true);
    const citizen = users.find((u) => u.role === 'citizen');
    expect(citizen?.person_id).toEqual(expect.any(String));
    const file = await handle.query<{ jurisdiction_code: string }>(sql`SELECT jurisdiction_code FROM persons WHERE id = ${citizen?.person_id ?? ''}`);
    expect(file[0]?.jurisdiction_code).toBe('150102001001');
    for (const village of ['150102001001', '150102001002', '411002001001']) {
      const n = await handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM persons WHERE jurisdiction_code = ${village}`);
      expect(Number(n[0]?.n), village).toBeGreaterThan(0);
    }
  });

  it('links registrations to the township office and numbers them by community', async () => {
    const regs = await handle.query<{ registration_no: string; jurisdiction_code: string; office_jurisdiction: string | null }>(
      sql`SELECT r.registration_no, r.jurisdiction_code, o.jurisdiction_code AS office_jurisdiction
          FROM registrations r LEFT JOIN offices o ON o.id = r.office_id`,
    );
    expect(regs.length).toBe(counts.registrations);
    for (const r of regs) {
      expect(r.registration_no.startsWith(r.jurisdiction_code)).toBe(true);
      expect(r.office_jurisdiction).toBe(`${r.jurisdiction_code.slice(0, 9)}000`);
    }
  });

  it('does nothing on a second load and returns the stored counts', async () => {
    const again = await loadDemo(handle, cipher, { persons: PERSONS * 2, seed: SEED + 1, asOf: AS_OF });
    expect(again).toEqual(counts);
    expect(await count('persons')).toBe(PERSONS);
    expect(await count('users')).toBe(demoAccounts().length);
  });
});

describe.each(targets)('an interrupted loadDemo on $label', (target) => {
  let handle: DbHandle;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ handle, drop } = await target.open());
    await runMigrations(handle);
  });
  afterAll(async () => {
    if (target.label === 'PGlite') await handle?.close();
    await drop?.();
  });

  async function count(table: string): Promise<number> {
    const rows = await handle.query<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${table}`));
    return Number(rows[0]?.n ?? 0);
  }

  it('leaves no half-loaded demo behind: the next load completes it exactly once', async () => {
    const persons = 12_000;
    const options = { persons, seed: SEED, asOf: AS_OF, deferIndexesFrom: 1 };
    await expect(
      loadDemo(handle, cipher, {
        ...options,
        onProgress: (done) => {
          if (done >= 4000) throw new Error('simulated crash');
        },
      }),
    ).rejects.toThrow('simulated crash');
    const settings = await handle.query<{ key: string }>(sql`SELECT key FROM app_settings ORDER BY key`);
    expect(settings.map((s) => s.key)).not.toContain('demo');
    // PostgreSQL rolls the whole load back; PGlite keeps the committed batches and resumes from them.
    if (target.label === 'PostgreSQL') expect(await count('persons')).toBe(0);
    else expect(await count('persons')).toBeGreaterThan(0);

    const counts = await loadDemo(handle, cipher, options);
    expect(counts.persons).toBe(persons);
    expect(await count('persons')).toBe(persons);
    expect(await count('households')).toBe(counts.households);
    expect(await count('registrations')).toBe(counts.registrations);
    const keys = await handle.query<{ key: string }>(sql`SELECT key FROM app_settings ORDER BY key`);
    expect(keys.map((s) => s.key)).toEqual(['demo']);
    const dup = await handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM (SELECT id_number_bidx FROM persons GROUP BY 1 HAVING count(*) > 1) d`);
    expect(Number(dup[0]?.n)).toBe(0);
  });
});

describe('the four-clears summary over the demo data (through the API)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ persons: 1500 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows gathered facts for the demo persons: most counted, some fully gathered, registered persons mostly complete', async () => {
    const op = await t.login('operator.county');
    const summary = (await op.get('/api/v1/persons/four-clears/summary')).json() as {
      items: { persons: number; complete: number; percent: number; byClear: Record<string, number> }[];
    };
    const persons = summary.items.reduce((n, i) => n + i.persons, 0);
    const complete = summary.items.reduce((n, i) => n + i.complete, 0);
    expect(persons).toBeGreaterThan(0);
    expect(complete).toBeGreaterThan(0);
    const busiest = summary.items.reduce((a, b) => (b.persons > a.persons ? b : a));
    expect(busiest.percent).toBeGreaterThan(0);
    expect(busiest.byClear.headcount).toBeGreaterThan(50);
    expect(busiest.byClear.skills).toBeGreaterThan(0);
    expect(busiest.byClear.serviceNeeds).toBeGreaterThan(0);

    // Registered (unemployed) persons' files: headcount always on file, most with all four recent.
    const list = (await op.get('/api/v1/persons?status=unemployed&pageSize=30')).json() as { items: { id: string }[] };
    const files = await Promise.all(list.items.map(async (i) => (await op.get(`/api/v1/persons/${i.id}`)).json() as { fourClears: { complete: boolean; headcount: { status: string } } }));
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.fourClears.headcount.status !== 'missing')).toBe(true);
    expect(files.filter((f) => f.fourClears.complete).length).toBeGreaterThan(files.length / 2);
  });
});
