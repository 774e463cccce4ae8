/**
 * Daily service work at scale on PostgreSQL: a fresh database with 1,000,000 × scale active registrants (500 × scale
 * communities of 2,000, 50 communities a county) and 5,000,000 × scale service records (COPY), then
 * - the nightly recomputation of every registrant's service state (issue target < 60 s at scale 1), first run
 *   (every row written) and a second night (only changes),
 * - a caseworker's worklist for one community of ~2,000 registrants, p95 over 200 requests (< 50 ms),
 * - a county compliance summary, p95 over 200 requests (< 300 ms),
 * - peak memory of this process. The database is dropped afterwards.
 * Persons and registrations are generated in SQL (generate_series) — their load is not what is measured.
 *
 * `BENCH_WORKLIST_KEEP=<name>` keeps the database `<name>_<scale>` and reuses it on the next run of the same scale
 * (the load takes minutes): persons, registrations, marks and service records are loaded once; the derived tables
 * (service state, changes, reminders, runs) are emptied first so every run starts from the same state.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PackRegistry } from '@bangfu/rules';
import { openDatabase } from '../packages/server/src/db/client.ts';
import { runMigrations } from '../packages/server/src/db/migrate.ts';
import { systemContext, type RequestContext } from '../packages/server/src/http/context.ts';
import { FixedClock } from '../packages/server/src/jobs/clock.ts';
import { runRecompute } from '../packages/server/src/jobs/recompute.ts';
import { ComplianceService } from '../packages/server/src/modules/compliance/compliance.service.ts';
import { WorklistService } from '../packages/server/src/modules/worklist/worklist.service.ts';
import { peakRssMiB, type Bench, type BenchResult } from './types.ts';

const AS_OF = '2026-03-02';
const PER_VILLAGE = 2000;
const VILLAGES_PER_COUNTY = 50;
const TYPES = ['job_recommendation', 'job_recommendation', 'career_guidance', 'follow_up', 'follow_up', 'policy_briefing', 'training_recommendation', 'recruitment_event'];

function uuidOf(text: string): string {
  const h = createHash('md5').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Village code of person g (same formula as the SQL below). */
function villageOf(g: number): string {
  const v = Math.floor(g / PER_VILLAGE);
  const c = Math.floor(v / VILLAGES_PER_COUNTY);
  const t = Math.floor((v % VILLAGES_PER_COUNTY) / 10);
  const k = v % 10;
  return `1501${String(10 + c).padStart(2, '0')}${String(t + 1).padStart(3, '0')}${String(k + 1).padStart(3, '0')}`;
}

const regOffset = (g: number) => (g * 7919) % 540; // days before AS_OF

function ctxFor(jurisdictionCode: string, role: 'caseworker' | 'supervisor'): RequestContext {
  const ctx = systemContext();
  ctx.actor = { userId: '00000000-0000-4000-8000-000000000001', username: 'bench', displayName: 'bench', role, jurisdictionCode, personId: null, sessionId: 'bench', csrfToken: 'bench' };
  return ctx;
}

function p95(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]! * 10) / 10;
}

export default {
  name: 'worklist',
  async run({ databaseUrl, scale }): Promise<BenchResult[]> {
    if (!databaseUrl) return [{ name: 'worklist (PostgreSQL)', value: 0, unit: 's', notes: 'skipped: no DATABASE_URL' }];
    const registrants = Math.max(PER_VILLAGE, Math.round(1_000_000 * scale));
    const keep = process.env.BENCH_WORKLIST_KEEP ? `${process.env.BENCH_WORKLIST_KEEP}_${String(scale).replace('.', '_')}` : null;
    if (keep && !/^[a-z0-9_]+$/.test(keep)) throw new Error('BENCH_WORKLIST_KEEP: lower-case letters, digits and _ only');
    const dbName = keep ?? `bangfu_bench_wl_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName])).rowCount === 1;
    if (!exists) await admin.query(`CREATE DATABASE "${dbName}"`);
    await admin.end();
    const url = new URL(databaseUrl);
    url.pathname = `/${dbName}`;
    const handle = await openDatabase({ databaseUrl: url.toString() });
    const log = (s: string) => process.stdout.write(`${s}\n`);
    try {
      await runMigrations(handle);
      const pool = handle.pool!;
      // An idle pooled connection closed by the server must not crash the bench process (the next query reports it).
      pool.on('error', (e) => log(`idle connection error: ${e.message}`));
      const loaded = keep !== null && Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM service_records')).rows[0]!.n) > 0;
      let services = 0;
      let t0 = performance.now();
      if (loaded) {
        services = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM service_records')).rows[0]!.n);
        await pool.query('TRUNCATE person_service_state, service_state_changes, service_reminders, job_runs, worklist_items');
        await pool.query('VACUUM ANALYZE');
        log(`kept database ${dbName}: ${services} service records, derived tables emptied (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      } else {
      await pool.query(
        `INSERT INTO persons (id, jurisdiction_code, name, name_pinyin, name_initials, sex, birth_date, document_type, id_number_enc, id_number_bidx, id_number_masked, employment_status, intention, clears)
         SELECT md5('p' || g)::uuid,
                '1501' || lpad((10 + (g / ${PER_VILLAGE}) / ${VILLAGES_PER_COUNTY})::text, 2, '0') || lpad((((g / ${PER_VILLAGE}) % ${VILLAGES_PER_COUNTY}) / 10 + 1)::text, 3, '0') || lpad(((g / ${PER_VILLAGE}) % 10 + 1)::text, 3, '0'),
                '测试' || g, 'ceshi' || g, 'cs', CASE WHEN g % 2 = 0 THEN 'male' ELSE 'female' END, DATE '1975-01-01' + (g % 9000)::int, 'resident_id', 'enc', md5('b' || g),
                '150102**********' || lpad((g % 100)::text, 2, '0'), 'unemployed', 'employment',
                CASE WHEN g % 3 = 0 THEN '{"headcount":{"on":"2026-01-05"},"skills":{"on":"2026-01-05"},"intention":{"on":"2026-01-05"},"serviceNeeds":{"on":"2026-01-05"}}'::jsonb ELSE '{}'::jsonb END
         FROM generate_series(0, ${registrants - 1}) g`,
      );
      await pool.query(
        `INSERT INTO registrations (person_id, id, kind, state, registration_no, registered_on, place_basis, jurisdiction_code, first_contact_deadline, first_contact_on)
         SELECT md5('p' || g)::uuid, md5('r' || g)::uuid, 'unemployment', 'active', 'B' || g, DATE '${AS_OF}' - (((g * 7919) % 540)::int), 'residence', p.jurisdiction_code,
                CASE WHEN ((g * 7919) % 540)::int < 40 THEN DATE '${AS_OF}' - (((g * 7919) % 540)::int) + 7 END,
                CASE WHEN ((g * 7919) % 540)::int < 40 AND g % 2 = 0 THEN DATE '${AS_OF}' - (((g * 7919) % 540)::int) + 2 END
         FROM generate_series(0::bigint, ${registrants - 1}) g JOIN persons p ON p.id = md5('p' || g)::uuid`,
      );
      await pool.query(`INSERT INTO person_marks (person_id, mark, since, source) SELECT md5('p' || g)::uuid, 'difficulty', DATE '2024-01-01', 'bench' FROM generate_series(0, ${registrants - 1}, 10) g`);
      log(`persons + registrations: ${((performance.now() - t0) / 1000).toFixed(1)} s`);

      // Service records: 5 per registrant on average, streamed with COPY.
      t0 = performance.now();
      const client = await pool.connect();
      try {
        const stream = client.query(copyFrom('COPY service_records (person_id, type, channel, served_on, jurisdiction_code, worker_name) FROM STDIN'));
        const asOfDay = Date.parse(`${AS_OF}T00:00:00Z`) / 86_400_000;
        await pipeline(
          (async function* () {
            let buf = '';
            for (let g = 0; g < registrants; g++) {
              const n = g % 11;
              const id = uuidOf(`p${g}`);
              const village = villageOf(g);
              const span = regOffset(g);
              for (let i = 0; i < n; i++) {
                const day = asOfDay - ((g * 31 + i * 97) % (span + 1));
                buf += `${id}\t${TYPES[(g + i) % TYPES.length]}\tphone\t${new Date(day * 86_400_000).toISOString().slice(0, 10)}\t${village}\tbench\n`;
                services++;
              }
              if (buf.length > 1 << 20) {
                yield buf;
                buf = '';
              }
            }
            if (buf) yield buf;
          })(),
          stream as unknown as Writable,
        );
      } finally {
        client.release();
      }
      await pool.query('ANALYZE');
      log(`${services} service records (COPY): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }

      const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
      log(`load average before the nights: ${loadavg()}`);
      const registry = PackRegistry.builtIn();
      const first = await runRecompute(handle, registry, { asOf: AS_OF, trigger: 'bench', onProgress: (p) => log(`  nightly ${p.percent}% (${p.done}/${p.total}), ETA ${p.etaSeconds ?? '?'} s`) });
      log(`first night: ${first.seconds} s, ${first.written} rows written, ${first.reminders} reminders ${JSON.stringify(first.phases)}`);
      await pool.query('ANALYZE person_service_state');
      const second = await runRecompute(handle, registry, { asOf: AS_OF, trigger: 'bench' });
      const nextDay = await runRecompute(handle, registry, { asOf: '2026-03-03', trigger: 'bench' });
      log(`second night (same day): ${second.seconds} s, ${second.written} written ${JSON.stringify(second.phases)}; next day: ${nextDay.seconds} s, ${nextDay.written} written, ${nextDay.changes} changes ${JSON.stringify(nextDay.phases)}`);

      log(`load average after the nights: ${loadavg()}`);
      const clock = new FixedClock('2026-03-03');
      const worklist = new WorklistService(handle.db, registry, clock);
      const compliance = new ComplianceService(handle.db, clock);
      const village = villageOf(0);
      const county = `${village.slice(0, 6)}000000`;
      // The console's request (counts of every kind, first page of 20 per kind) and the old shape (500 per kind).
      const wlTimes: number[] = [];
      const wlPageTimes: number[] = [];
      let items = 0;
      let returned = 0;
      for (let i = 0; i < 210; i++) {
        let s = performance.now();
        const w = await worklist.worklist(ctxFor(village, 'caseworker'), { limit: 500 });
        if (i >= 10) wlTimes.push(performance.now() - s);
        s = performance.now();
        await worklist.worklist(ctxFor(village, 'caseworker'), { limit: 20 });
        if (i >= 10) wlPageTimes.push(performance.now() - s);
        items = w.total;
        returned = w.groups.reduce((n, g) => n + g.items.length, 0);
      }
      const cTimes: number[] = [];
      let countyRegistrants = 0;
      for (let i = 0; i < 210; i++) {
        const s = performance.now();
        const c = await compliance.summary(ctxFor(county, 'supervisor'), county);
        if (i >= 10) cTimes.push(performance.now() - s);
        countyRegistrants = c.total.registrants;
      }
      log(`load average after the requests: ${loadavg()}`);
      const nightlyTarget = 60 * Math.max(scale, 0.001);
      return [
        { name: `nightly recomputation, ${registrants.toLocaleString('en')} registrants / ${services.toLocaleString('en')} services (first run)`, value: first.seconds, unit: 's', target: `< ${nightlyTarget} s`, ok: first.seconds < nightlyTarget, notes: `${first.written} rows written` },
        { name: 'nightly recomputation, next day (changes only)', value: nextDay.seconds, unit: 's', target: `< ${nightlyTarget} s`, ok: nextDay.seconds < nightlyTarget, notes: `${nextDay.written} rows, ${nextDay.changes} changes, ${nextDay.reminders} reminders` },
        { name: `worklist p95, community of ${PER_VILLAGE} registrants, console page (counts + 20 per kind, 200 requests)`, value: p95(wlPageTimes), unit: 'ms', target: '< 50 ms', ok: p95(wlPageTimes) < 50, notes: `${items} items due` },
        { name: `worklist p95, community of ${PER_VILLAGE} registrants, 500 per kind (200 requests)`, value: p95(wlTimes), unit: 'ms', target: '< 50 ms', ok: p95(wlTimes) < 50, notes: `${returned} items returned of ${items}` },
        { name: `county compliance summary p95, ${countyRegistrants.toLocaleString('en')} registrants (200 requests)`, value: p95(cTimes), unit: 'ms', target: '< 300 ms', ok: p95(cTimes) < 300 },
        { name: 'worklist bench peak RSS', value: await peakRssMiB(), unit: 'MiB' },
      ];
    } finally {
      await handle.close();
      if (!keep) {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await c.end();
      }
    }
  },
} satisfies Bench;
