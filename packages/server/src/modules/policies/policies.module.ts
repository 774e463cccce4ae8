/** Composition of the policies slice: catalogue and candidates, subsidies, training (wired into `createServices`). */
import { PolicyCatalogue } from '@bangfu/rules';
import type { Database } from '../../db/client.ts';
import type { Clock } from '../../jobs/clock.ts';
import type { MessagesService } from '../notifications/messages.service.ts';
import type { ServicesService } from '../services/services.service.ts';
import { PoliciesRepository } from './policies.repository.ts';
import { PoliciesService } from './policies.service.ts';
import { SubsidiesService } from './subsidies.service.ts';
import { TrainingService } from './training.service.ts';

export interface PoliciesServices {
  readonly policies: PoliciesService;
  readonly subsidies: SubsidiesService;
  readonly training: TrainingService;
}

export function createPoliciesServices(db: Database, clock: Clock, messages: MessagesService, services: ServicesService, catalogue = PolicyCatalogue.builtIn()): PoliciesServices {
  const repo = new PoliciesRepository(db);
  const policies = new PoliciesService(repo, catalogue, clock, messages, services);
  return { policies, subsidies: new SubsidiesService(repo, policies, clock), training: new TrainingService(repo, clock, services) };
}
