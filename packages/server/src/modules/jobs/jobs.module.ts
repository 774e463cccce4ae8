/** Composition of employers and jobs: postings, matching, recommendations (wired into `createServices`). */
import type { PackRegistry } from '@bangfu/rules';
import type { Database } from '../../db/client.ts';
import type { Clock } from '../../jobs/clock.ts';
import { EmployersRepository } from '../employers/employers.repository.ts';
import { EmployersService } from '../employers/employers.service.ts';
import type { RegistrationService } from '../registration/registration.service.ts';
import type { ServicesService } from '../services/services.service.ts';
import { JobsRepository } from './jobs.repository.ts';
import { JobsService } from './jobs.service.ts';
import { MatchingService } from './matching.service.ts';
import { RecommendationsService } from './recommendations.service.ts';

export interface JobsServices {
  readonly employers: EmployersService;
  readonly jobPostings: JobsService;
  readonly matching: MatchingService;
  readonly recommendations: RecommendationsService;
}

export function createJobsServices(db: Database, registry: PackRegistry, clock: Clock, deps: { services: ServicesService; registration: RegistrationService }): JobsServices {
  const repo = new JobsRepository(db);
  const employers = new EmployersService(new EmployersRepository(db));
  const jobPostings = new JobsService(repo, employers, clock);
  const matching = new MatchingService(repo, jobPostings, registry, clock);
  const recommendations = new RecommendationsService(repo, jobPostings, matching, employers, deps.services, deps.registration, registry, clock);
  return { employers, jobPostings, matching, recommendations };
}
