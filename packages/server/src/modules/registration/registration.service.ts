/**
 * The registration lifecycle (R2), the slice's one entry for routes and the citizen and comparison slices:
 * registering with eligibility from the pack in force (`register.service.ts`, pure rules in `eligibility.ts`),
 * first contact and deregistration (`lifecycle.service.ts`), employment registration (`employment.service.ts`) and
 * reads with the certificate (`queries.service.ts`), over one shared core (`registration.core.ts`). This class only
 * wires them and delegates.
 */
import type { PackRegistry } from '@bangfu/rules';
import { systemClock, type Clock } from '../../jobs/clock.ts';
import type { NotificationsRepository } from '../notifications/notifications.repository.ts';
import { EmploymentRegistration } from './employment.service.ts';
import { RegistrationLifecycle } from './lifecycle.service.ts';
import type { PersonFileUpdater } from './person-files.ts';
import { RegistrationQueries } from './queries.service.ts';
import { RegistrationIntake } from './register.service.ts';
import { RegistrationCore } from './registration.core.ts';
import type { RegistrationRepository } from './registration.repository.ts';

export type { Channel } from './registration.core.ts';
export type { RegistrationCreated } from './register.service.ts';

export class RegistrationService {
  readonly core: RegistrationCore;
  readonly intake: RegistrationIntake;
  readonly lifecycle: RegistrationLifecycle;
  readonly employment: EmploymentRegistration;
  readonly queries: RegistrationQueries;

  constructor(
    readonly repo: RegistrationRepository,
    notifications: NotificationsRepository,
    /** Person-file updates inside the registration's transaction (tests replace its methods to force a failure). */
    readonly personFiles: PersonFileUpdater,
    registry: PackRegistry,
    /** The application's one clock (`src/jobs/clock.ts`). */
    clock: Clock = systemClock,
  ) {
    this.core = new RegistrationCore(repo, notifications, personFiles, registry, clock);
    this.intake = new RegistrationIntake(this.core);
    this.lifecycle = new RegistrationLifecycle(this.core);
    this.employment = new EmploymentRegistration(this.core);
    this.queries = new RegistrationQueries(this.core);
  }

  today = (): string => this.core.today();

  // Registering.
  eligibility: RegistrationIntake['eligibility'] = (ctx, personId, body) => this.intake.eligibility(ctx, personId, body);
  register: RegistrationIntake['register'] = (ctx, personId, body, channel, officeId) => this.intake.register(ctx, personId, body, channel, officeId);

  // First contact and deregistration.
  recordFirstContact: RegistrationLifecycle['recordFirstContact'] = (ctx, id, body) => this.lifecycle.recordFirstContact(ctx, id, body);
  deregister: RegistrationLifecycle['deregister'] = (ctx, id, body) => this.lifecycle.deregister(ctx, id, body);

  // Employment registration (就业登记).
  registerEmployment: EmploymentRegistration['registerEmployment'] = (ctx, personId, body) => this.employment.registerEmployment(ctx, personId, body);
  employmentsFor: EmploymentRegistration['employmentsFor'] = (ctx, personId) => this.employment.employmentsFor(ctx, personId);

  // Reads.
  get: RegistrationQueries['get'] = (ctx, id) => this.queries.get(ctx, id);
  forPerson: RegistrationQueries['forPerson'] = (ctx, personId) => this.queries.forPerson(ctx, personId);
  worklist: RegistrationQueries['worklist'] = (ctx, q) => this.queries.worklist(ctx, q);
  certificate: RegistrationQueries['certificate'] = (ctx, id) => this.queries.certificate(ctx, id);
}
