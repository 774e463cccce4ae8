/**
 * Child process of the messages crash bench: one delivery worker against the database and the fake gateway given
 * on the command line, on a fixed clock (so the leases of a killed predecessor have run out), draining until done.
 */
import { openDatabase } from '../packages/server/src/db/client.ts';
import { FixedClock } from '../packages/server/src/jobs/clock.ts';
import { FieldCipher } from '../packages/server/src/security/field-cipher.ts';
import { DeliveryWorker } from '../packages/server/src/modules/notifications/delivery.ts';
import { NotificationsRepository } from '../packages/server/src/modules/notifications/notifications.repository.ts';
import { DELIVERY_POLICY } from '../packages/server/src/modules/notifications/policy.ts';
import { HttpSmsGateway } from '../packages/server/src/modules/notifications/sms-gateway.ts';

const [databaseUrl, gatewayUrl, at, secret] = process.argv.slice(2);
if (!databaseUrl || !gatewayUrl || !at || !secret) throw new Error('usage: messages-worker <db> <gateway> <iso time> <secret>');
const handle = await openDatabase({ databaseUrl });
const clock = new FixedClock(at);
const gateway = new HttpSmsGateway({ url: gatewayUrl, accessKeyId: 'bench', accessKeySecret: secret, ratePerSecond: 5000 });
const worker = new DeliveryWorker(new NotificationsRepository(handle.db, clock), new FieldCipher(Buffer.alloc(32, 7)), clock, {
  sms: { gateway, signName: '就业服务' },
  batchSize: 1000,
  concurrency: 64,
  parallel: 3,
  policy: { ...DELIVERY_POLICY, maxSmsPerPersonPerDay: { value: 1000, source: 'bench' } },
});
await worker.drain(10_000);
gateway.close();
await handle.close();
