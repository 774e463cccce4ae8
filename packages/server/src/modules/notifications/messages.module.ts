/** Composition of the messages slice: the outbox repository, the delivery worker with the configured SMS gateway. */
import type { Config } from '../../config/config.ts';
import type { Database } from '../../db/client.ts';
import type { Clock } from '../../jobs/clock.ts';
import type { FieldCipher } from '../../security/field-cipher.ts';
import { PersonsRepository } from '../persons/persons.repository.ts';
import { DeliveryWorker } from './delivery.ts';
import { MessagesService } from './messages.service.ts';
import { NotificationsRepository } from './notifications.repository.ts';
import { HttpSmsGateway, SinkSmsGateway, type SmsGateway } from './sms-gateway.ts';

export function smsGatewayFor(config: Config['sms']): SmsGateway | null {
  switch (config.mode) {
    case 'off':
      return null;
    case 'sink':
      return new SinkSmsGateway();
    case 'gateway':
      if (!config.gatewayUrl) throw new Error('BANGFU_SMS_MODE=gateway 需要 BANGFU_SMS_GATEWAY_URL / BANGFU_SMS_MODE=gateway needs BANGFU_SMS_GATEWAY_URL');
      return new HttpSmsGateway({ url: config.gatewayUrl, accessKeyId: config.accessKeyId, accessKeySecret: config.accessKeySecret, ratePerSecond: config.ratePerSecond });
    default: {
      const never: never = config.mode;
      throw new Error(`unknown SMS mode ${String(never)}`);
    }
  }
}

export function createMessagesService(config: Config, db: Database, cipher: FieldCipher, clock: Clock): MessagesService {
  const repo = new NotificationsRepository(db);
  const worker = new DeliveryWorker(repo, cipher, clock, { sms: { gateway: smsGatewayFor(config.sms), signName: config.sms.signName } });
  return new MessagesService(repo, new PersonsRepository(db), worker, config.sms, clock);
}
