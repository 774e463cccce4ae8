/** Composition of the assistance, posts and referrals slices (wired into `createServices`). */
import type { PackRegistry } from '@bangfu/rules';
import type { Database } from '../../db/client.ts';
import type { FieldCipher } from '../../security/field-cipher.ts';
import { PostsRepository } from '../posts/posts.repository.ts';
import { PostsService } from '../posts/posts.service.ts';
import { createReferralsService, type ReferralsService } from '../referrals/referrals.service.ts';
import { AssistanceRepository } from './assistance.repository.ts';
import { AssistanceService } from './assistance.service.ts';
import { systemClock, type Clock } from '../../jobs/clock.ts';
import { PlansService } from './plans.service.ts';
import { ZeroEmploymentService } from './zero-employment.service.ts';

export interface AssistanceServices {
  readonly assistance: AssistanceService;
  readonly assistancePlans: PlansService;
  readonly zeroEmployment: ZeroEmploymentService;
  readonly posts: PostsService;
  readonly referrals: ReferralsService;
}

/** `clock`: the application's one clock (from `createServices`; tests set `services.clock`); the system clock when not given. */
export function createAssistanceServices(db: Database, cipher: FieldCipher, registry: PackRegistry, clock: Clock = systemClock): AssistanceServices {
  const repo = new AssistanceRepository(db);
  const assistance = new AssistanceService(repo, cipher, registry, clock);
  return {
    assistance,
    assistancePlans: new PlansService(repo, assistance, registry, clock),
    zeroEmployment: new ZeroEmploymentService(repo, registry, clock),
    posts: new PostsService(new PostsRepository(db), repo, cipher, registry, clock),
    referrals: createReferralsService(db, assistance, cipher, registry, clock),
  };
}
