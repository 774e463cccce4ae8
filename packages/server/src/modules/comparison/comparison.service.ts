/**
 * Data comparison (R7), the slice's one entry for routes, CLI and tests: intake of partner files
 * (`intake.service.ts`), the runner executing runs (`runner.service.ts`) with the pure finding builders
 * (`findings.ts`), reads (`queries.service.ts`) and decisions on findings (`decisions.service.ts`). This class only
 * wires them to one repository and delegates.
 */
import { join } from 'node:path';
import type { PackRegistry } from '@bangfu/rules';
import { systemClock, type Clock } from '../../jobs/clock.ts';
import type { Database } from '../../db/client.ts';
import type { RequestContext } from '../../http/context.ts';
import type { FieldCipher } from '../../security/field-cipher.ts';
import type { ReferralsService } from '../referrals/referrals.service.ts';
import type { RegistrationService } from '../registration/registration.service.ts';
import { ComparisonRepository, type RunRow } from './comparison.repository.ts';
import { ComparisonDecisions, type DecisionServices } from './decisions.service.ts';
import { ComparisonIntake, type ImportInput, type Uploader } from './intake.service.ts';
import type { ComparisonOptions } from './options.ts';
import { ComparisonQueries } from './queries.service.ts';
import { ComparisonRunner, type RunHooks } from './runner.service.ts';
import { fileInvalid } from './source.ts';

export type { ComparisonOptions } from './options.ts';
export { unknownKind, type ImportInput, type Uploader } from './intake.service.ts';
export { leaseOwnerDead, type RunHooks } from './runner.service.ts';
export { pseudoPersonId } from './findings.ts';

export class ComparisonService {
  readonly intake: ComparisonIntake;
  readonly runner: ComparisonRunner;
  readonly queries: ComparisonQueries;
  readonly decisions: ComparisonDecisions;

  constructor(
    readonly repo: ComparisonRepository,
    cipher: FieldCipher,
    registry: PackRegistry,
    registration: RegistrationService,
    options: ComparisonOptions,
    /** The application's one clock (`src/jobs/clock.ts`). */
    clock: Clock = systemClock,
    /** Confirming a referral finding makes the civil-affairs referral through it (absent: the decision is recorded). */
    referrals: ReferralsService | null = null,
  ) {
    this.intake = new ComparisonIntake(repo, cipher, options);
    this.queries = new ComparisonQueries(repo, cipher);
    this.decisions = new ComparisonDecisions(repo, { registration, referrals }, clock, options.applyingStaleMs);
    this.runner = new ComparisonRunner(repo, cipher, registry, options, clock, () => this.decisions.recoverApplying());
  }

  // Intake.
  today = (): string => this.runner.today();
  datasets = () => this.intake.datasets();
  importFile = (who: Uploader, input: ImportInput) => this.intake.importFile(who, input);
  cliUploader = (opts: { user?: string | undefined; jurisdiction?: string | undefined }) => this.intake.cliUploader(opts);
  saveMapping = (ctx: RequestContext, partner: string, kind: string, mapping: Record<string, string>) => this.intake.saveMapping(ctx, partner, kind, mapping);
  mapping = (ctx: RequestContext, partner: string, kind: string) => this.intake.mapping(ctx, partner, kind);
  startStale = (who: Uploader, months?: number) => this.intake.startStale(who, months);
  startHardship = (who: Uploader) => this.intake.startHardship(who);

  // Runner.
  execute = (runId: string, hooks?: RunHooks): Promise<RunRow> => this.runner.execute(runId, hooks);
  start = (): void => this.runner.start();
  stop = (): Promise<void> => this.runner.stop();
  idle = (): Promise<void> => this.runner.idle();
  kick = (): void => this.runner.kick();
  resumeInterrupted = () => this.runner.resumeInterrupted();
  releaseInterrupted = () => this.runner.releaseInterrupted();
  applyRetention = () => this.runner.applyRetention();
  cancel = (ctx: RequestContext, id: string) => this.runner.cancel(ctx, id);

  // Reads.
  runAccess = (ctx: RequestContext) => this.queries.runAccess(ctx);
  getRun = (ctx: RequestContext, id: string) => this.queries.getRun(ctx, id);
  listRuns: ComparisonQueries['listRuns'] = (ctx, q) => this.queries.listRuns(ctx, q);
  rejectedCsv = (ctx: RequestContext, id: string) => this.queries.rejectedCsv(ctx, id);
  listFindings: ComparisonQueries['listFindings'] = (ctx, q) => this.queries.listFindings(ctx, q);
  getFinding = (ctx: RequestContext, id: string) => this.queries.getFinding(ctx, id);
  summary = (ctx: RequestContext, jurisdiction: string | undefined) => this.queries.summary(ctx, jurisdiction);

  // Decisions.
  confirm: ComparisonDecisions['confirm'] = (ctx, id, body) => this.decisions.confirm(ctx, id, body);
  dismiss: ComparisonDecisions['dismiss'] = (ctx, id, body) => this.decisions.dismiss(ctx, id, body);
  recoverApplying = () => this.decisions.recoverApplying();

  /** Used by the routes for uploads and by `invalid file` errors elsewhere. */
  static fileInvalid = fileInvalid;
}

/**
 * Composition for `createServices`: findings are applied through the registration and referrals services the
 * composition root made (one of each per process).
 */
export function createComparisonService(config: { dataDir: string; databaseUrl?: string | undefined; comparisonRetentionDays?: number }, db: Database, cipher: FieldCipher, registry: PackRegistry, services: DecisionServices, clock: Clock): ComparisonService {
  const options = { workDir: join(config.dataDir, 'comparison'), retentionDays: config.comparisonRetentionDays, exclusiveDatabase: !config.databaseUrl };
  return new ComparisonService(new ComparisonRepository(db), cipher, registry, services.registration, options, clock, services.referrals);
}
