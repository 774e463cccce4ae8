/**
 * Service records (R8.3): record, correct (append-only supersede), job-recommendation outcomes and bulk actions.
 * Every write recomputes the person's service state in the same transaction (rules package only), so worklists and
 * compliance move at once; a repeated idempotency key answers the first record.
 */
import { parseIsoDate } from '@bangfu/rules';
import type { Database } from '../../db/client.ts';
import { AppError, type FieldIssue } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import type { AttachmentsRepository } from '../attachments/attachments.repository.ts';
import { attachmentRef, citedAttachments } from '../attachments/attachments.service.ts';
import { isUniqueViolation } from '../registration/registration.repository.ts';
import { recomputePerson } from './service-state.repository.ts';
import { MIN_CONTENT_CHARS, RESULT_ZH, SERVICE_TYPE_ZH } from './service-texts.ts';
import type { ServicesCore } from './services.core.ts';
import type { TBulkBody, TCorrectionBody, TServiceBody, TServiceRecord, TServiceState } from './services.contract.ts';
import type { NewServiceRow, PersonRow, PostingRow, RegistrationRow, ServiceRow, ServicesRepository } from './services.repository.ts';
import type { ServiceStates } from './state.service.ts';

function issue(field: string, zh: string, en: string): FieldIssue {
  return { field, messageZh: zh, messageEn: en };
}

function fail(issues: FieldIssue[]): AppError {
  return new AppError('VALIDATION_FAILED', { field: issues[0]?.field, issues, params: { detail: issues.map((i) => `${i.field}: ${i.messageEn}`).join('; ') } });
}

type ServiceInput = Omit<TServiceBody, 'idempotencyKey' | 'attachmentIds'>;

/** A recorded (or replayed) service with the person's state after it. */
export interface Recorded {
  record: TServiceRecord;
  replayed: boolean;
  state: TServiceState;
}

export class ServiceRecords {
  constructor(
    private readonly core: ServicesCore,
    private readonly states: ServiceStates,
    private readonly attachments: AttachmentsRepository,
  ) {}

  private get repo(): ServicesRepository {
    return this.core.repo;
  }

  /** The registration a service on `on` belongs to: the active one, else the latest; null when never registered. */
  private registrationFor(regs: readonly RegistrationRow[]): RegistrationRow | null {
    return regs.find((r) => r.state === 'active') ?? regs[0] ?? null;
  }

  /** Field checks of one service (dates, registration, posting, outcome); returns issues, writes nothing. */
  private async check(body: Partial<ServiceInput>, reg: RegistrationRow | null, prefix: string, posting: PostingRow | undefined): Promise<FieldIssue[]> {
    const issues: FieldIssue[] = [];
    if (!reg) issues.push(issue(`${prefix}personId`, '该人员尚无失业或求职登记，不能记录登记人员服务', 'the person has no registration, so no registrant service can be recorded'));
    if (body.servedOn !== undefined) {
      try {
        parseIsoDate(body.servedOn, `${prefix}servedOn`);
        if (reg && body.servedOn < reg.registeredOn) {
          issues.push(issue(`${prefix}servedOn`, `服务日期早于登记日期（${reg.registeredOn}）`, `servedOn is before the registration date (${reg.registeredOn})`));
        }
      } catch {
        issues.push(issue(`${prefix}servedOn`, '日期不存在', 'no such date'));
      }
    }
    const isJob = body.type === 'job_recommendation';
    if (body.postingId !== undefined && !posting) issues.push(issue(`${prefix}postingId`, `岗位 ${body.postingId} 不存在`, `unknown posting ${body.postingId}`));
    if (isJob && body.postingId === undefined && body.postingText === undefined) {
      issues.push(issue(`${prefix}postingId`, '岗位推荐须写明推荐的岗位（postingId 或 postingText）', 'a job recommendation names the posting (postingId or postingText)'));
    }
    if (!isJob && body.type !== undefined && (body.postingId !== undefined || body.postingText !== undefined)) {
      issues.push(issue(`${prefix}postingId`, '只有岗位推荐记录岗位', 'only job recommendations refer to a posting'));
    }
    if (!isJob && body.type !== undefined && body.result !== undefined) issues.push(issue(`${prefix}result`, '只有岗位推荐记录面试/录用结果', 'only job recommendations have an interview/hiring result'));
    if (body.result === 'declined' && !body.resultReason) issues.push(issue(`${prefix}resultReason`, '未接受岗位须写明原因', 'a declined posting needs the reason'));
    if (body.officeId !== undefined && !(await this.repo.office(body.officeId))) issues.push(issue(`${prefix}officeId`, `经办机构 ${body.officeId} 不存在`, `unknown office ${body.officeId}`));
    return issues;
  }

  /** The checks of one service for a person (future date, fields against the registration and posting); its registration. */
  private async checked(person: PersonRow, body: Partial<ServiceInput>, typedServedOn: string | undefined): Promise<RegistrationRow | null> {
    this.refuseFuture(typedServedOn, 'body.servedOn');
    const reg = this.registrationFor(await this.repo.registrationsOf([person.id]));
    const posting = body.postingId ? await this.repo.posting(body.postingId) : undefined;
    const issues = await this.check(body, reg, 'body.', posting);
    if (issues.length) throw fail(issues);
    return reg;
  }

  /** A typed future date is refused as typed, never replaced (the application clock decides "today"). */
  private refuseFuture(servedOn: string | undefined, field: string): void {
    const today = this.core.today();
    if (servedOn !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(servedOn) && servedOn > today) {
      throw new AppError('SERVICE_DATE_IN_FUTURE', { field, params: { servedOn, today } });
    }
  }

  /**
   * A service of a type that an obligation of the pack in force counts needs its content: a description of at least
   * MIN_CONTENT_CHARS characters (trimmed). A job recommendation's content is the posting it names (checked above).
   */
  private refuseEmpty(person: PersonRow, body: Pick<ServiceInput, 'type' | 'servedOn' | 'content'>, field: string): void {
    if (body.type === 'job_recommendation') return;
    if ((body.content ?? '').trim().length >= MIN_CONTENT_CHARS) return;
    let counted: boolean;
    try {
      const pack = this.core.registry.resolve(person.jurisdictionCode, body.servedOn);
      counted = Object.values(pack.params.obligations).some((o) => o.service === body.type);
    } catch {
      counted = false; // no pack in force for that day: nothing is counted
    }
    if (counted) throw new AppError('SERVICE_CONTENT_REQUIRED', { field, params: { type: body.type, typeZh: SERVICE_TYPE_ZH[body.type], min: String(MIN_CONTENT_CHARS) } });
  }

  /** Refuses a record identical to a countable one of the same person, type, day and content (409 naming it). */
  private async refuseIdentical(tx: Database, row: NewServiceRow, field = 'body.content'): Promise<void> {
    const same = await this.repo.identical(tx, row.personId, { type: row.type, servedOn: row.servedOn, content: row.content ?? '', postingId: row.postingId ?? null, postingText: row.postingText ?? null });
    if (same) throw new AppError('SERVICE_DUPLICATE', { field, params: { existingId: same.id, servedOn: same.servedOn } });
  }

  private row(ctx: RequestContext, person: PersonRow, reg: RegistrationRow | null, body: ServiceInput, extra: Partial<NewServiceRow>): NewServiceRow {
    const actor = requireActor(ctx);
    return {
      personId: person.id,
      type: body.type,
      channel: body.channel,
      servedOn: body.servedOn,
      jurisdictionCode: person.jurisdictionCode,
      registrationId: reg?.id ?? null,
      workerId: actor.userId,
      workerName: actor.displayName,
      officeId: body.officeId ?? reg?.officeId ?? null,
      content: body.content ?? '',
      postingId: body.postingId ?? null,
      postingText: body.postingText ?? null,
      result: body.result ?? (body.type === 'job_recommendation' ? 'pending' : null),
      resultReason: body.resultReason ?? null,
      outcome: body.outcome ?? null,
      attachments: [],
      createdBy: actor.userId,
      ...extra,
    };
  }

  /** Records one service; a repeated idempotency key returns the first record (nothing counted twice). */
  async record(ctx: RequestContext, personId: string, body: TServiceBody, headerKey?: string): Promise<Recorded> {
    const person = await this.core.visiblePerson(ctx, personId, 'service.record');
    const key = body.idempotencyKey ?? headerKey;
    if (body.idempotencyKey && headerKey && body.idempotencyKey !== headerKey) {
      throw fail([issue('body.idempotencyKey', '请求头与请求体中的幂等键不一致', 'the idempotency key differs between header and body')]);
    }
    const again = await this.replayed(ctx, person, key);
    if (again) return again;
    const reg = await this.checked(person, body, body.servedOn);
    this.refuseEmpty(person, body, 'body.content');
    const cited = (await citedAttachments(this.attachments, person.id, body.attachmentIds ?? [], 'body.attachmentIds')).map(attachmentRef);
    let created: ServiceRow;
    try {
      created = await this.repo.transaction(async (tx) => {
        const fresh = this.row(ctx, person, reg, body, { idempotencyKey: key ?? null, attachments: cited });
        await this.refuseIdentical(tx, fresh);
        const [row] = await this.repo.insert(tx, [fresh]);
        await recomputePerson(tx, this.core.registry, this.core.today(), person.id, `service:${row!.id}`);
        return row!;
      });
    } catch (e) {
      // A concurrent submission with the same key won the race: answer with its record.
      const again = isUniqueViolation(e) ? await this.replayed(ctx, person, key) : undefined;
      if (again) return again;
      throw e;
    }
    ctx.audit = { action: 'service.record', resourceType: 'service_record', resourceId: created.id, jurisdictionCode: person.jurisdictionCode, detail: { personId: person.id, type: created.type, servedOn: created.servedOn } };
    return { record: await this.view(created), replayed: false, state: await this.states.state(ctx, person.id, person) };
  }

  /** The answer to a repeated idempotency key: the first record, replayed (nothing counted twice); undefined when new. */
  private async replayed(ctx: RequestContext, person: PersonRow, key: string | undefined): Promise<Recorded | undefined> {
    const first = key ? await this.repo.byIdempotencyKey(this.repo.db, person.id, key) : undefined;
    if (!first) return undefined;
    ctx.audit = { action: 'service.record.replay', resourceType: 'service_record', resourceId: first.id, jurisdictionCode: person.jurisdictionCode, detail: { idempotencyKey: first.idempotencyKey } };
    return { record: await this.view(first), replayed: true, state: await this.states.state(ctx, person.id, person) };
  }

  /** A correction: a new record that supersedes the old one, with the reason (append-only history). */
  async correct(ctx: RequestContext, personId: string, serviceId: string, body: TCorrectionBody): Promise<Recorded> {
    const person = await this.core.visiblePerson(ctx, personId, 'service.correct');
    const again = await this.replayed(ctx, person, body.idempotencyKey);
    if (again) return again;
    const old = await this.repo.record(person.id, serviceId);
    if (!old) throw new AppError('NOT_FOUND', { field: 'params.serviceId' });
    const merged: ServiceInput = {
      type: (body.type ?? old.type) as ServiceInput['type'],
      channel: (body.channel ?? old.channel) as ServiceInput['channel'],
      servedOn: body.servedOn ?? old.servedOn,
      content: body.content ?? old.content,
      officeId: body.officeId ?? old.officeId ?? undefined,
      postingId: body.postingId ?? old.postingId ?? undefined,
      postingText: body.postingText ?? old.postingText ?? undefined,
      result: (body.result ?? old.result ?? undefined) as ServiceInput['result'],
      resultReason: body.resultReason ?? old.resultReason ?? undefined,
      outcome: body.outcome ?? old.outcome ?? undefined,
    };
    if (merged.type !== 'job_recommendation') {
      merged.postingId = body.postingId;
      merged.postingText = body.postingText;
      merged.result = body.result;
    }
    const reg = await this.checked(person, merged, body.servedOn);
    // A voiding correction withdraws a record and counts nothing, so it needs no content.
    if (!body.voided) this.refuseEmpty(person, merged, 'body.content');
    // The correction keeps the old record's files unless it cites others.
    const cited = body.attachmentIds ? (await citedAttachments(this.attachments, person.id, body.attachmentIds, 'body.attachmentIds')).map(attachmentRef) : old.attachments;
    let created: ServiceRow;
    try {
      created = await this.repo.transaction(async (tx) => {
        const [row] = await this.repo.insert(tx, [
          this.row(ctx, person, reg, merged, { supersedesId: old.id, correctionReason: body.reason, voided: body.voided ?? false, idempotencyKey: body.idempotencyKey ?? null, registrationId: old.registrationId, attachments: cited }),
        ]);
        await recomputePerson(tx, this.core.registry, this.core.today(), person.id, `service:${row!.id}`);
        return row!;
      });
    } catch (e) {
      if (isUniqueViolation(e)) {
        const again = await this.replayed(ctx, person, body.idempotencyKey);
        if (again) return again;
        throw new AppError('CONFLICT', { field: 'params.serviceId', params: { detail: 'this record was already corrected; correct the newest version / 该记录已被更正，请更正最新版本' } });
      }
      throw e;
    }
    ctx.audit = { action: 'service.correct', resourceType: 'service_record', resourceId: created.id, jurisdictionCode: person.jurisdictionCode, reason: body.reason, detail: { supersedes: old.id, voided: created.voided } };
    return { record: await this.view(created), replayed: false, state: await this.states.state(ctx, person.id, person) };
  }

  /** The result of a job recommendation (interviewed / hired / declined with reason), as a superseding record. */
  async outcome(ctx: RequestContext, personId: string, serviceId: string, body: { result: 'pending' | 'interviewed' | 'hired' | 'declined'; resultReason?: string | undefined; outcome?: string | undefined; idempotencyKey?: string | undefined }) {
    const person = await this.core.visiblePerson(ctx, personId, 'service.outcome');
    const old = await this.repo.record(person.id, serviceId);
    if (!old) throw new AppError('NOT_FOUND', { field: 'params.serviceId' });
    if (old.type !== 'job_recommendation') throw fail([issue('params.serviceId', '只有岗位推荐记录面试/录用结果', 'only job recommendations have an interview/hiring result')]);
    return this.correct(ctx, personId, serviceId, {
      result: body.result,
      resultReason: body.resultReason,
      outcome: body.outcome,
      idempotencyKey: body.idempotencyKey,
      reason: `岗位推荐结果：${RESULT_ZH[body.result]} / job recommendation result: ${body.result}`,
      voided: false,
    });
  }

  /** The same service (e.g. a recruitment event) for many people, in one transaction; all or nothing. */
  async bulk(ctx: RequestContext, body: TBulkBody): Promise<{ batchId: string; created: number; replayed: number; records: TServiceRecord[] }> {
    const scope = scopeOf(ctx);
    const ids = [...new Set(body.personIds)];
    const found = new Map((await this.repo.personsByIds(ids)).map((p) => [p.id, p]));
    const regs = await this.repo.registrationsOf(ids);
    const posting = body.postingId ? await this.repo.posting(body.postingId) : undefined;
    this.refuseFuture(body.servedOn, 'body.servedOn');
    const issues: FieldIssue[] = [];
    const work: { person: PersonRow; reg: RegistrationRow | null; key: string | null }[] = [];
    for (const [i, id] of body.personIds.entries()) {
      const person = found.get(id);
      if (!person || !scope.canSeePerson(person)) {
        issues.push(issue(`body.personIds[${i}]`, `人员 ${id} 不存在或不在您的管辖范围内`, `person ${id} does not exist or is outside your area`));
        continue;
      }
      if (ids.indexOf(id) !== i) continue;
      const reg = this.registrationFor(regs.filter((r) => r.personId === id));
      const own = await this.check(body, reg, 'body.', posting);
      issues.push(...own.map((x) => (x.field === 'body.personId' ? { ...x, field: `body.personIds[${i}]` } : x)));
      work.push({ person, reg, key: body.idempotencyKey ? `${body.idempotencyKey}:${id}` : null });
    }
    const unique = new Map(issues.map((x) => [`${x.field}|${x.messageEn}`, x]));
    if (unique.size) throw fail([...unique.values()]);
    for (const w of work) this.refuseEmpty(w.person, body, 'body.content');
    const batchId = crypto.randomUUID();
    const today = this.core.today();
    const result = await this.repo.transaction(async (tx) => {
      const records: ServiceRow[] = [];
      let replayed = 0;
      const fresh: NewServiceRow[] = [];
      for (const w of work) {
        const first = w.key ? await this.repo.byIdempotencyKey(tx, w.person.id, w.key) : undefined;
        if (first) {
          records.push(first);
          replayed++;
        } else {
          const row = this.row(ctx, w.person, w.reg, body, { idempotencyKey: w.key, batchId });
          await this.refuseIdentical(tx, row, `body.personIds[${body.personIds.indexOf(w.person.id)}]`);
          fresh.push(row);
        }
      }
      for (let i = 0; i < fresh.length; i += 500) records.push(...(await this.repo.insert(tx, fresh.slice(i, i + 500))));
      for (const p of new Set(fresh.map((f) => f.personId))) await recomputePerson(tx, this.core.registry, today, p, `batch:${batchId}`);
      return { records, replayed, created: fresh.length };
    });
    ctx.audit = { action: 'service.bulk', resourceType: 'service_batch', resourceId: batchId, jurisdictionCode: scope.actor.jurisdictionCode, detail: { type: body.type, persons: work.length, created: result.created, replayed: result.replayed } };
    const views = await this.views(result.records);
    return { batchId, created: result.created, replayed: result.replayed, records: views };
  }

  async list(ctx: RequestContext, personId: string, includeSuperseded: boolean): Promise<{ items: TServiceRecord[] }> {
    const person = await this.core.visiblePerson(ctx, personId, 'service.list');
    const rows = await this.repo.forPerson(person.id);
    const views = await this.views(rows);
    return { items: includeSuperseded ? views : views.filter((v) => v.supersededBy === null) };
  }

  private async view(row: ServiceRow): Promise<TServiceRecord> {
    const all = await this.repo.forPerson(row.personId);
    return (await this.views(all)).find((v) => v.id === row.id)!;
  }

  private async views(rows: readonly ServiceRow[]): Promise<TServiceRecord[]> {
    const postings = await this.repo.postings(rows.map((r) => r.postingId).filter((x): x is string => !!x));
    const supersededBy = new Map<string, string>();
    for (const r of rows) if (r.supersedesId) supersededBy.set(r.supersedesId, r.id);
    // Corrections may point at records not in `rows` (bulk answers); those are looked up per person.
    const persons = [...new Set(rows.map((r) => r.personId))];
    if (persons.length <= 20) {
      for (const p of persons) for (const r of await this.repo.forPerson(p)) if (r.supersedesId) supersededBy.set(r.supersedesId, r.id);
    }
    return rows.map((r) => {
      const p = r.postingId ? postings.get(r.postingId) : undefined;
      const by = supersededBy.get(r.id) ?? null;
      return {
        id: r.id,
        personId: r.personId,
        type: r.type,
        channel: r.channel,
        servedOn: r.servedOn,
        jurisdictionCode: r.jurisdictionCode,
        registrationId: r.registrationId,
        worker: { id: r.workerId, name: r.workerName },
        officeId: r.officeId,
        content: r.content,
        posting: r.postingId || r.postingText ? { id: r.postingId, title: p?.title ?? null, employerName: p?.employerName ?? null, text: r.postingText } : null,
        result: r.result,
        resultReason: r.resultReason,
        outcome: r.outcome,
        attachments: r.attachments,
        idempotencyKey: r.idempotencyKey,
        supersedesId: r.supersedesId,
        supersededBy: by,
        correctionReason: r.correctionReason,
        voided: r.voided,
        counts: !r.voided && by === null,
        batchId: r.batchId,
        createdAt: r.createdAt.toISOString(),
      };
    });
  }
}
