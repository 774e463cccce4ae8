/**
 * Message dispatch on PostgreSQL (issue 15): 20,000 × scale SMS to as many people, delivered by the delivery worker
 * (lease claims of 1,000, 64 in flight, one outcome statement per batch) to the fake gateway on loopback, which
 * checks every request's signature. Reports SMS per second (target ≥ 1,000) and the time a push to 100,000 people
 * would take at that rate (target ≤ 2 minutes), and that every message reached the gateway exactly once.
 * Persons are generated in SQL (generate_series); their load is not what is measured.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../packages/server/src/db/client.ts';
import { runMigrations } from '../packages/server/src/db/migrate.ts';
import { FixedClock } from '../packages/server/src/jobs/clock.ts';
import { FieldCipher } from '../packages/server/src/security/field-cipher.ts';
import { DeliveryWorker } from '../packages/server/src/modules/notifications/delivery.ts';
import { NotificationsRepository } from '../packages/server/src/modules/notifications/notifications.repository.ts';
import { DELIVERY_POLICY } from '../packages/server/src/modules/notifications/policy.ts';
import { HttpSmsGateway } from '../packages/server/src/modules/notifications/sms-gateway.ts';
import { FakeSmsGateway } from '../packages/server/test/support/fake-sms-gateway.ts';
import { scratchDatabase } from '../packages/server/test/support/scratch-db.ts';
import type { Bench, BenchResult } from './types.ts';

const SECRET = 'bench-access-secret';
const KILLS = 20;

/**
 * Runs the worker in a child process; with `killAfterCalls` it is killed with SIGKILL once the gateway has had that
 * many more calls (mid-push, with requests in flight and outcomes unrecorded).
 */
function runWorker(databaseUrl: string, gateway: FakeSmsGateway, at: Date, killAfterCalls?: number): Promise<number | null> {
  const file = join(dirname(fileURLToPath(import.meta.url)), 'messages-worker.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', file, databaseUrl, gateway.url, at.toISOString(), SECRET], { stdio: ['ignore', 'ignore', 'inherit'] });
  const start = gateway.calls;
  const timer =
    killAfterCalls === undefined
      ? undefined
      : setInterval(() => {
          if (gateway.calls - start >= killAfterCalls) child.kill('SIGKILL');
        }, 5);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      if (timer) clearInterval(timer);
      resolve(code);
    });
  });
}

const bench: Bench = {
  name: 'messages',
  async run({ databaseUrl, scale }): Promise<BenchResult[]> {
    if (!databaseUrl) return [{ name: 'messages: SMS dispatch', value: 0, unit: 'skipped', notes: 'needs DATABASE_URL (PostgreSQL)' }];
    const n = Math.max(100, Math.round(20_000 * scale));
    const scratch = await scratchDatabase(databaseUrl, 'messages');
    const fake = new FakeSmsGateway({ accessKeySecret: SECRET, receiptSecret: 'unused' });
    await fake.start();
    const handle = await openDatabase({ databaseUrl: scratch.url });
    let gateway: HttpSmsGateway | undefined;
    try {
      await runMigrations(handle);
      const cipher = new FieldCipher(Buffer.alloc(32, 7));
      const phone = cipher.encrypt('13800000000');
      await handle.db.execute(sql`
        INSERT INTO persons (id, jurisdiction_code, name, name_pinyin, name_initials, sex, birth_date, document_type, id_number_enc, id_number_bidx, id_number_masked, employment_status, phone_enc)
        SELECT md5('p' || g)::uuid, '150102001001', '测试' || g, 'ceshi', 'cs', 'male', '1990-01-01', 'resident_id', 'x', md5('b' || g), '1501**********0000', 'unemployed', ${phone}
        FROM generate_series(1, ${n}) g`);
      const clock = new FixedClock('2026-03-02T02:00:00Z'); // 10:00 in China: no quiet hours
      await handle.db.execute(sql`
        INSERT INTO notifications (person_id, channel, template_id, payload, subject, created_at, next_attempt_at)
        SELECT md5('p' || g)::uuid, 'sms', 'registration.created',
               jsonb_build_object('name', '测试', 'kind', 'unemployment', 'kindZh', '失业登记', 'registrationNo', 'R' || g, 'on', '2026-03-02',
                                  'firstContactDeadline', '2026-03-09', 'officeName', '中心', 'officePhone', '0471'),
               'bench:push', ${clock.now().toISOString()}::timestamptz, ${clock.now().toISOString()}::timestamptz
        FROM generate_series(1, ${n}) g`);
      gateway = new HttpSmsGateway({ url: fake.url, accessKeyId: 'bench', accessKeySecret: SECRET, ratePerSecond: 5000 });
      const worker = new DeliveryWorker(new NotificationsRepository(handle.db, clock), cipher, clock, {
        sms: { gateway, signName: '就业服务' },
        batchSize: 1000,
        concurrency: 64,
        parallel: 3,
        policy: { ...DELIVERY_POLICY, maxSmsPerPersonPerDay: { value: 1000, source: 'bench' } },
      });
      const t0 = performance.now();
      const counts = await worker.drain(10_000);
      const seconds = (performance.now() - t0) / 1000;
      // Timed-out requests wait for their retry (1 minute on the fixed clock): let them go, as the next rounds would.
      clock.set(new Date(clock.now().getTime() + 3_600_000));
      const late = await worker.drain(100);
      const [row] = await handle.query<{ sent: number }>(sql`SELECT count(*)::int AS sent FROM notifications WHERE state = 'sent'`);
      const rate = Math.round(n / seconds);
      // Exactly once at the phone: every message sent, and the gateway saw each OutId as one message.
      const exactlyOnce = Number(row?.sent) === n && fake.delivered === n;
      // Kill -9 campaign: a second push of n, its worker killed mid-push KILLS times, then run to the end.
      await handle.db.execute(sql`UPDATE notifications SET state = 'pending', attempts = 0, provider_message_id = NULL, sent_at = NULL, subject = 'bench:push2', id = gen_random_uuid()`);
      const callsBefore = fake.calls;
      const distinctBefore = fake.delivered;
      let at = clock.now().getTime() + 3_600_000;
      let killed = 0;
      for (let i = 0; i < KILLS; i++) {
        at += 61_000; // past the lease of the killed worker
        const code = await runWorker(scratch.url, fake, new Date(at), 1 + ((i * 7919) % Math.max(1, Math.floor(n / KILLS))));
        if (code === null) killed++;
      }
      at += 61_000;
      await runWorker(scratch.url, fake, new Date(at));
      const [after] = await handle.query<{ sent: number; other: number; recovered: number }>(
        sql`SELECT count(*) FILTER (WHERE state = 'sent')::int AS sent, count(*) FILTER (WHERE state <> 'sent')::int AS other,
                   count(*) FILTER (WHERE held_reason = 'recovered')::int AS recovered FROM notifications`,
      );
      const distinct = fake.delivered - distinctBefore;
      let resubmitted = 0;
      for (const m of fake.sent.values()) resubmitted += m.submissions - 1;
      const crashOk = Number(after?.sent) === n && distinct === n;
      return [
        { name: 'messages: kill -9 mid-push', value: n - distinct, unit: 'duplicates or lost', target: '0', ok: crashOk, notes: `${killed} of ${KILLS} workers killed mid-push; ${after?.sent} sent, ${after?.other} not; ${distinct} distinct messages at the gateway for ${n}; ${fake.calls - callsBefore} send calls; ${after?.recovered} sent by a killed worker and found at the gateway by OutId after its lease (recorded, not sent again); ${resubmitted} re-submissions of an OutId answered with its first BizId (not sent again)` },
        { name: 'messages: SMS dispatched to the fake gateway', value: rate, unit: 'SMS/s', target: '≥ 1,000', ok: rate >= 1000 && exactlyOnce, notes: `${n} SMS in ${seconds.toFixed(1)} s; first pass sent ${counts.sent}, retried ${counts.retried} (then ${late.sent}); gateway calls ${fake.calls}, distinct messages at the gateway ${fake.delivered}; load average ${loadavg()[0]?.toFixed(1)}` },
        { name: 'messages: push to 100,000 people (at the measured rate)', value: Math.round(100_000 / rate), unit: 's', target: '≤ 120 s', ok: 100_000 / rate <= 120 },
      ];
    } finally {
      gateway?.close();
      await handle.close();
      await fake.stop();
      await scratch.drop();
    }
  },
};

export default bench;
