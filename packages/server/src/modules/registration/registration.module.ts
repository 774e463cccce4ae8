/** Composition of the registration, notification and citizen slices (wired into `createServices`). */
import type { PackRegistry } from '@bangfu/rules';
import type { Database } from '../../db/client.ts';
import { systemClock, type Clock } from '../../jobs/clock.ts';
import type { FieldCipher } from '../../security/field-cipher.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { CitizenRepository } from '../citizen/citizen.repository.ts';
import { CitizenService } from '../citizen/citizen.service.ts';
import { NotificationsRepository } from '../notifications/notifications.repository.ts';
import { NotificationsService } from '../notifications/notifications.service.ts';
import { SqlPersonFiles } from './person-files.ts';
import { RegistrationRepository } from './registration.repository.ts';
import { RegistrationService } from './registration.service.ts';

export interface RegistrationServices {
  readonly registration: RegistrationService;
  readonly notifications: NotificationsService;
  readonly citizen: CitizenService;
}

/** `clock`: the application's one clock (from `createServices`); the system clock when not given. */
export function createRegistrationServices(db: Database, cipher: FieldCipher, auth: AuthService, registry: PackRegistry, clock: Clock = systemClock): RegistrationServices {
  const outbox = new NotificationsRepository(db, clock);
  const notifications = new NotificationsService(outbox);
  const personFiles = new SqlPersonFiles(cipher);
  const registration = new RegistrationService(new RegistrationRepository(db), outbox, personFiles, registry, clock);
  const citizen = new CitizenService(new CitizenRepository(db), cipher, auth, registration, notifications, personFiles, registry, clock);
  return { registration, notifications, citizen };
}
