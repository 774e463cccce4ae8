/** Wires repositories and services to one database handle (the composition root). */
import type { Config } from './config/config.ts';
import type { DbHandle } from './db/client.ts';
import { AuditRepository } from './modules/audit/audit.repository.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import { AuthRepository } from './modules/auth/auth.repository.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { OrgRepository } from './modules/org/org.repository.ts';
import { OrgService } from './modules/org/org.service.ts';
import { HouseholdsRepository } from './modules/households/households.repository.ts';
import { HouseholdsService } from './modules/households/households.service.ts';
import { PersonsRepository } from './modules/persons/persons.repository.ts';
import { createPersonsServices, type PersonsServices } from './modules/persons/persons.module.ts';
import { packFilesIn, readPackFiles, registryWithFiles } from './modules/rules/pack-files.ts';
import { RulesService } from './modules/rules/rules.service.ts';
import { createRegistrationServices, type RegistrationServices } from './modules/registration/registration.module.ts';
import { ImportsService, type ImportServices } from './modules/imports/imports.service.ts';
import type { FieldCipher } from './security/field-cipher.ts';
import { createComparisonService, type ComparisonService } from './modules/comparison/comparison.service.ts';
import { createServiceWorkServices, type ServiceWorkServices } from './modules/services/services.module.ts';
import { createAssistanceServices, type AssistanceServices } from './modules/assistance/assistance.module.ts';
import { SwitchableClock } from './jobs/clock.ts';
import { AttachmentsRepository } from './modules/attachments/attachments.repository.ts';
import { AttachmentsService } from './modules/attachments/attachments.service.ts';
import { createJobsServices, type JobsServices } from './modules/jobs/jobs.module.ts';
import { createMessagesService } from './modules/notifications/messages.module.ts';
import type { MessagesService } from './modules/notifications/messages.service.ts';

import { createPoliciesServices, type PoliciesServices } from './modules/policies/policies.module.ts';
import { FollowUpRepository } from './modules/followup/followup.repository.ts';
import { FollowUpService } from './modules/followup/followup.service.ts';

export interface Services extends PersonsServices, RegistrationServices, ImportServices, ServiceWorkServices, AssistanceServices, JobsServices, PoliciesServices {
  readonly config: Config;
  /** The one clock of every module ("today" in China); tests fix it with `clock.set('2025-06-10')`. */
  readonly clock: SwitchableClock;
  readonly handle: DbHandle;
  readonly cipher: FieldCipher;
  readonly audit: AuditService;
  readonly auth: AuthService;
  readonly org: OrgService;
  readonly households: HouseholdsService;
  readonly rules: RulesService;
  readonly comparison: ComparisonService;
  readonly attachments: AttachmentsService;
  /** The outbox's delivery, page, templates and receipts; `messages.enqueue` for other slices (docs/messages.md). */
  readonly messages: MessagesService;
  /** Citizen self-reports and their verification (issue 15 follow-up). */
  readonly followUp: FollowUpService;
}

export function createServices(config: Config, handle: DbHandle, cipher: FieldCipher): Services {
  const db = handle.db;
  const rules = new RulesService(registryWithFiles(readPackFiles(packFilesIn(config.rulePacksDir))));
  const clock = new SwitchableClock();
  const auth = new AuthService(new AuthRepository(db), config.sessionHours, clock);
  const registration = createRegistrationServices(db, cipher, auth, rules.registry, clock);
  const assistance = createAssistanceServices(db, cipher, rules.registry, clock);
  const serviceWork = createServiceWorkServices(handle, rules.registry, config.databaseUrl, clock);
  const messages = createMessagesService(config, db, cipher, clock);
  return {
    config,
    clock,
    handle,
    cipher,
    audit: new AuditService(new AuditRepository(db)),
    auth,
    org: new OrgService(new OrgRepository(db)),
    ...createPersonsServices(db, cipher, rules.registry, clock),
    households: new HouseholdsService(new HouseholdsRepository(db), rules.registry, clock),
    rules,
    ...registration,
    ...serviceWork,
    ...assistance,
    imports: new ImportsService(handle, cipher, rules.registry, clock, { retentionDays: config.importRetentionDays }),
    comparison: createComparisonService(config, db, cipher, rules.registry, { registration: registration.registration, referrals: assistance.referrals }, clock),
    attachments: new AttachmentsService(new AttachmentsRepository(db), new PersonsRepository(db), cipher),
    ...createJobsServices(db, rules.registry, clock, { services: serviceWork.serviceWork.services, registration: registration.registration }),
    messages,
    ...createPoliciesServices(db, clock, messages, serviceWork.serviceWork.services),
    followUp: new FollowUpService(new FollowUpRepository(db), registration.registration, clock),
  };
}
