/**
 * Service records (R8.3), the slice's one entry for routes and tests: recording, correcting, outcomes and bulk
 * actions (`records.service.ts`), the person's service state with explanations (`state.service.ts`), and the
 * assistance diary with the printables (`diary.service.ts`, R8.4), over one shared core (`services.core.ts`). This
 * class only wires them and delegates.
 */
import type { PackRegistry } from '@bangfu/rules';
import type { Clock } from '../../jobs/clock.ts';
import type { AttachmentsRepository } from '../attachments/attachments.repository.ts';
import { ServiceDiary } from './diary.service.ts';
import { ServiceRecords } from './records.service.ts';
import { ServicesCore } from './services.core.ts';
import type { ServicesRepository } from './services.repository.ts';
import { ServiceStates } from './state.service.ts';

export { CHANNEL_ZH, MIN_CONTENT_CHARS, SERVICE_TYPE_ZH } from './service-texts.ts';
export type { Recorded } from './records.service.ts';

export class ServicesService {
  readonly core: ServicesCore;
  readonly records: ServiceRecords;
  readonly states: ServiceStates;
  readonly diaries: ServiceDiary;

  constructor(
    readonly repo: ServicesRepository,
    registry: PackRegistry,
    clock: Clock,
    attachments: AttachmentsRepository,
  ) {
    this.core = new ServicesCore(repo, registry, clock);
    this.states = new ServiceStates(this.core);
    this.records = new ServiceRecords(this.core, this.states, attachments);
    this.diaries = new ServiceDiary(this.core, this.states);
  }

  today = (): string => this.core.today();
  visiblePerson: ServicesCore['visiblePerson'] = (ctx, id, action) => this.core.visiblePerson(ctx, id, action);

  // Records.
  record: ServiceRecords['record'] = (ctx, personId, body, headerKey) => this.records.record(ctx, personId, body, headerKey);
  correct: ServiceRecords['correct'] = (ctx, personId, serviceId, body) => this.records.correct(ctx, personId, serviceId, body);
  outcome: ServiceRecords['outcome'] = (ctx, personId, serviceId, body) => this.records.outcome(ctx, personId, serviceId, body);
  bulk: ServiceRecords['bulk'] = (ctx, body) => this.records.bulk(ctx, body);
  list: ServiceRecords['list'] = (ctx, personId, includeSuperseded) => this.records.list(ctx, personId, includeSuperseded);

  // State.
  state: ServiceStates['state'] = (ctx, personId, known) => this.states.state(ctx, personId, known);
  recompute: ServiceStates['recompute'] = (ctx, personId) => this.states.recompute(ctx, personId);

  // Diary and printables.
  diary: ServiceDiary['diary'] = (ctx, personId) => this.diaries.diary(ctx, personId);
  diaryPdf: ServiceDiary['diaryPdf'] = (ctx, personId) => this.diaries.diaryPdf(ctx, personId);
  printable: ServiceDiary['printable'] = (ctx, personId, kind) => this.diaries.printable(ctx, personId, kind);
}
