/** Composition of the messages slice: the outbox repository, the delivery worker with the configured SMS gateway. */
import type { Config } from '../../config/config.ts';
import type { Database } from '../../db/client.ts';
import type { Clock } from '../../jobs/clock.ts';
import type { FieldCipher } from '../../security/field-cipher.ts';
import { PersonsRepository } from '../persons/persons.repository.ts';
import { DeliveryWorker } from './delivery.ts';
import { MessagesService } from './messages.service.ts';
import { NotificationsRepository } from './notifications.repository.ts';
import { smsGatewayFor } from './sms-gateway.ts';

export function createMessagesService(config: Config, db: Database, cipher: FieldCipher, clock: Clock): MessagesService {
  const repo = new NotificationsRepository(db, clock);
  const worker = new DeliveryWorker(repo, cipher, clock, { sms: { gateway: smsGatewayFor(config.sms), signName: config.sms.signName } });
  return new MessagesService(repo, new PersonsRepository(db), worker, config.sms, clock);
}
