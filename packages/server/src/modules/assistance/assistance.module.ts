/** Composition of the assistance, posts and referrals slices (wired into `createServices`). */
import type { PackRegistry } from '@bangfu/rules';
import type { Database } from '../../db/client.ts';
import type { FieldCipher } from '../../security/field-cipher.ts';
import { PostsRepository } from '../posts/posts.repository.ts';
import { PostsService } from '../posts/posts.service.ts';
import { ReferralsRepository, ReferralsService } from '../referrals/referrals.service.ts';
import { AssistanceRepository } from './assistance.repository.ts';
import { AssistanceService } from './assistance.service.ts';
import { SettableClock } from './clock.ts';
import { PlansService } from './plans.service.ts';
import { ZeroEmploymentService } from './zero-employment.service.ts';

export interface AssistanceServices {
  /** The clock of these slices (tests fix "today" with `assistanceClock.set('2025-11-03')`). */
  readonly assistanceClock: SettableClock;
  readonly assistance: AssistanceService;
  readonly assistancePlans: PlansService;
  readonly zeroEmployment: ZeroEmploymentService;
  readonly posts: PostsService;
  readonly referrals: ReferralsService;
}

/** `clock`: the application's one clock (from `createServices`); a fresh system clock when not given. */
export function createAssistanceServices(db: Database, cipher: FieldCipher, registry: PackRegistry, clock: SettableClock = new SettableClock()): AssistanceServices {
  const repo = new AssistanceRepository(db);
  const assistance = new AssistanceService(repo, cipher, registry, clock);
  return {
    assistanceClock: clock,
    assistance,
    assistancePlans: new PlansService(repo, assistance, registry, clock),
    zeroEmployment: new ZeroEmploymentService(repo, registry, clock),
    posts: new PostsService(new PostsRepository(db), repo, cipher, registry, clock),
    referrals: new ReferralsService(new ReferralsRepository(db), assistance, cipher, registry, clock),
  };
}
