/** Composition of daily service work: service records, postings, worklists, compliance, the nightly job. */
import type { PackRegistry } from '@bangfu/rules';
import type { DbHandle } from '../../db/client.ts';
import { JobsService } from '../../jobs/jobs.service.ts';
import { systemClock, type Clock } from '../../jobs/clock.ts';
import { ComplianceService } from '../compliance/compliance.service.ts';
import { WorklistService } from '../worklist/worklist.service.ts';
import { PostingsService } from './postings.service.ts';
import { ServicesRepository } from './services.repository.ts';
import { ServicesService } from './services.service.ts';
import { AttachmentsRepository } from '../attachments/attachments.repository.ts';

export interface ServiceWork {
  readonly services: ServicesService;
  readonly postings: PostingsService;
  readonly worklist: WorklistService;
  readonly compliance: ComplianceService;
  readonly jobs: JobsService;
}

export interface ServiceWorkServices {
  readonly serviceWork: ServiceWork;
}

/** `clock`: the application's one clock (from `createServices`), shared with registration and assistance. */
export function createServiceWorkServices(handle: DbHandle, registry: PackRegistry, databaseUrl: string | undefined, clock: Clock = systemClock): ServiceWorkServices {
  const repo = new ServicesRepository(handle.db);
  return {
    serviceWork: {
      services: new ServicesService(repo, registry, clock, new AttachmentsRepository(handle.db)),
      postings: new PostingsService(repo),
      worklist: new WorklistService(handle.db, registry, clock),
      compliance: new ComplianceService(handle.db, clock),
      jobs: new JobsService(handle, registry, clock, databaseUrl),
    },
  };
}
