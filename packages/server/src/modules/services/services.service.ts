/**
 * Service records (R8.3): record, correct (append-only supersede), job-recommendation outcomes, bulk actions; the
 * person's service state with explanations; the assistance diary (R8.4). Every write recomputes the person's
 * service state in the same transaction (rules package only), so worklists and compliance move at once.
 */
import {
  MARKS,
  calendarForPack,
  evaluateFollowUp,
  evaluateLevel,
  evaluateObligations,
  evaluateTier,
  isKeyGroup,
  parseIsoDate,
  type Explanation,
  type Mark,
  type PackRegistry,
  type ServiceType,
} from '@bangfu/rules';
import type { Database } from '../../db/client.ts';
import { AppError, type FieldIssue } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import { chinaDate, type Clock } from '../../jobs/clock.ts';
import { isUniqueViolation } from '../registration/registration.repository.ts';
import type { AttachmentsRepository } from '../attachments/attachments.repository.ts';
import { attachmentRef, citedAttachments } from '../attachments/attachments.service.ts';
import { recomputePerson } from './service-state.repository.ts';
import { renderPrintable, type Section } from './printables.ts';
import type { TBulkBody, TCorrectionBody, TDiary, TServiceBody, TServiceRecord, TServiceState } from './services.contract.ts';
import type { NewServiceRow, PersonRow, PostingRow, RegistrationRow, ServiceRow, ServicesRepository } from './services.repository.ts';

/** Service type names (CODES.md), for diaries and printed lists. */
export const SERVICE_TYPE_ZH: Record<ServiceType, string> = {
  registration_service: '登记服务',
  information_service: '信息服务',
  policy_service: '政策服务',
  business_service: '业务经办',
  career_guidance: '职业指导',
  job_recommendation: '岗位推荐',
  training_recommendation: '培训推荐',
  policy_briefing: '政策宣介',
  job_search_skills: '求职技巧指导',
  entrepreneurship_service: '创业服务',
  counselling: '心理疏导',
  job_tasting: '职业体验',
  internship: '就业见习',
  recruitment_event: '专场招聘',
  public_welfare_post: '公益性岗位安置',
  follow_up: '跟踪回访',
  referral_civil_affairs: '转介民政',
  assistance_plan: '援助计划（一人一策）',
  other: '其他服务',
};
export const CHANNEL_ZH: Record<string, string> = { in_person: '现场', home_visit: '入户走访', phone: '电话', sms: '短信', online: '线上', data_comparison: '数据比对' };
const RESULT_ZH: Record<string, string> = { pending: '待反馈', interviewed: '已面试', hired: '已录用', declined: '未接受' };

/** Until service catalogues exist, the content of a counted service is a description of at least this many characters. */
export const MIN_CONTENT_CHARS = 4;

function issue(field: string, zh: string, en: string): FieldIssue {
  return { field, messageZh: zh, messageEn: en };
}

function fail(issues: FieldIssue[]): AppError {
  return new AppError('VALIDATION_FAILED', { field: issues[0]?.field, issues, params: { detail: issues.map((i) => `${i.field}: ${i.messageEn}`).join('; ') } });
}

type ServiceInput = Omit<TServiceBody, 'idempotencyKey' | 'attachmentIds'>;

export class ServicesService {
  constructor(
    readonly repo: ServicesRepository,
    private readonly registry: PackRegistry,
    private readonly clock: Clock,
    private readonly attachments: AttachmentsRepository,
  ) {}

  today(): string {
    return this.clock.today();
  }

  async visiblePerson(ctx: RequestContext, id: string, action: string): Promise<PersonRow> {
    const found = await this.repo.findPerson(scopeOf(ctx), id);
    if (found.status === 'visible') return found.row;
    if (found.status === 'out_of_scope') {
      ctx.audit = { action, resourceType: 'person', resourceId: id, jurisdictionCode: found.jurisdictionCode, denied: true, detail: { reason: 'out_of_scope' } };
    }
    throw new AppError('NOT_FOUND', { field: 'params.id' });
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

  /** A typed future date is refused as typed, never replaced (the application clock decides "today"). */
  private refuseFuture(servedOn: string | undefined, field: string): void {
    const today = this.today();
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
      const pack = this.registry.resolve(person.jurisdictionCode, body.servedOn);
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
  async record(ctx: RequestContext, personId: string, body: TServiceBody, headerKey?: string): Promise<{ record: TServiceRecord; replayed: boolean; state: TServiceState }> {
    const person = await this.visiblePerson(ctx, personId, 'service.record');
    const key = body.idempotencyKey ?? headerKey;
    if (body.idempotencyKey && headerKey && body.idempotencyKey !== headerKey) {
      throw fail([issue('body.idempotencyKey', '请求头与请求体中的幂等键不一致', 'the idempotency key differs between header and body')]);
    }
    if (key) {
      const first = await this.repo.byIdempotencyKey(this.repo.db, person.id, key);
      if (first) return this.replay(ctx, person, first);
    }
    this.refuseFuture(body.servedOn, 'body.servedOn');
    const reg = this.registrationFor(await this.repo.registrationsOf([person.id]));
    const posting = body.postingId ? await this.repo.posting(body.postingId) : undefined;
    const issues = await this.check(body, reg, 'body.', posting);
    if (issues.length) throw fail(issues);
    this.refuseEmpty(person, body, 'body.content');
    const cited = (await citedAttachments(this.attachments, person.id, body.attachmentIds ?? [], 'body.attachmentIds')).map(attachmentRef);
    let created: ServiceRow;
    try {
      created = await this.repo.transaction(async (tx) => {
        const fresh = this.row(ctx, person, reg, body, { idempotencyKey: key ?? null, attachments: cited });
        await this.refuseIdentical(tx, fresh);
        const [row] = await this.repo.insert(tx, [fresh]);
        await recomputePerson(tx, this.registry, this.today(), person.id, `service:${row!.id}`);
        return row!;
      });
    } catch (e) {
      // A concurrent submission with the same key won the race: answer with its record.
      if (key && isUniqueViolation(e)) {
        const first = await this.repo.byIdempotencyKey(this.repo.db, person.id, key);
        if (first) return this.replay(ctx, person, first);
      }
      throw e;
    }
    ctx.audit = { action: 'service.record', resourceType: 'service_record', resourceId: created.id, jurisdictionCode: person.jurisdictionCode, detail: { personId: person.id, type: created.type, servedOn: created.servedOn } };
    return { record: await this.view(created), replayed: false, state: await this.state(ctx, person.id, person) };
  }

  private async replay(ctx: RequestContext, person: PersonRow, first: ServiceRow) {
    ctx.audit = { action: 'service.record.replay', resourceType: 'service_record', resourceId: first.id, jurisdictionCode: person.jurisdictionCode, detail: { idempotencyKey: first.idempotencyKey } };
    return { record: await this.view(first), replayed: true, state: await this.state(ctx, person.id, person) };
  }

  /** A correction: a new record that supersedes the old one, with the reason (append-only history). */
  async correct(ctx: RequestContext, personId: string, serviceId: string, body: TCorrectionBody): Promise<{ record: TServiceRecord; replayed: boolean; state: TServiceState }> {
    const person = await this.visiblePerson(ctx, personId, 'service.correct');
    if (body.idempotencyKey) {
      const first = await this.repo.byIdempotencyKey(this.repo.db, person.id, body.idempotencyKey);
      if (first) return this.replay(ctx, person, first);
    }
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
    this.refuseFuture(body.servedOn, 'body.servedOn');
    const reg = this.registrationFor(await this.repo.registrationsOf([person.id]));
    const posting = merged.postingId ? await this.repo.posting(merged.postingId) : undefined;
    const issues = await this.check(merged, reg, 'body.', posting);
    if (issues.length) throw fail(issues);
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
        await recomputePerson(tx, this.registry, this.today(), person.id, `service:${row!.id}`);
        return row!;
      });
    } catch (e) {
      if (isUniqueViolation(e)) {
        if (body.idempotencyKey) {
          const first = await this.repo.byIdempotencyKey(this.repo.db, person.id, body.idempotencyKey);
          if (first) return this.replay(ctx, person, first);
        }
        throw new AppError('CONFLICT', { field: 'params.serviceId', params: { detail: 'this record was already corrected; correct the newest version / 该记录已被更正，请更正最新版本' } });
      }
      throw e;
    }
    ctx.audit = { action: 'service.correct', resourceType: 'service_record', resourceId: created.id, jurisdictionCode: person.jurisdictionCode, reason: body.reason, detail: { supersedes: old.id, voided: created.voided } };
    return { record: await this.view(created), replayed: false, state: await this.state(ctx, person.id, person) };
  }

  /** The result of a job recommendation (interviewed / hired / declined with reason), as a superseding record. */
  async outcome(ctx: RequestContext, personId: string, serviceId: string, body: { result: 'pending' | 'interviewed' | 'hired' | 'declined'; resultReason?: string | undefined; outcome?: string | undefined; idempotencyKey?: string | undefined }) {
    const person = await this.visiblePerson(ctx, personId, 'service.outcome');
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
    const today = this.today();
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
      for (const p of new Set(fresh.map((f) => f.personId))) await recomputePerson(tx, this.registry, today, p, `batch:${batchId}`);
      return { records, replayed, created: fresh.length };
    });
    ctx.audit = { action: 'service.bulk', resourceType: 'service_batch', resourceId: batchId, jurisdictionCode: scope.actor.jurisdictionCode, detail: { type: body.type, persons: work.length, created: result.created, replayed: result.replayed } };
    const views = await this.views(result.records);
    return { batchId, created: result.created, replayed: result.replayed, records: views };
  }

  async list(ctx: RequestContext, personId: string, includeSuperseded: boolean): Promise<{ items: TServiceRecord[] }> {
    const person = await this.visiblePerson(ctx, personId, 'service.list');
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

  /**
   * The person's service state with the rules package's explanations: the stored state (what worklists read) and,
   * for the detail, `evaluateTier` / `evaluateLevel` / `evaluateObligations` / `evaluateFollowUp` on the same facts.
   */
  async state(ctx: RequestContext, personId: string, known?: PersonRow): Promise<TServiceState> {
    const person = known ?? (await this.visiblePerson(ctx, personId, 'service.state'));
    const asOf = this.today();
    const [stored, changes, regs, marks, services] = await Promise.all([
      this.repo.state(person.id),
      this.repo.stateChanges(person.id, 50),
      this.repo.registrationsOf([person.id]),
      this.repo.activeMarks(person.id, asOf),
      this.repo.countableServices(person.id),
    ]);
    const changeViews = changes.map((c) => ({ on: c.on, kind: c.kind, textZh: c.textZh, textEn: c.textEn, at: c.at.toISOString() }));
    const reg = regs.find((r) => r.state === 'active' && r.kind === 'unemployment' && r.registeredOn <= asOf);
    const empty: TServiceState = { personId: person.id, asOf, registered: false, pack: null, registration: null, tier: null, level: null, class: null, obligations: [], followUp: null, stale: false, fileVerifiedOn: null, explanations: [], changes: changeViews };
    if (!reg) return empty;
    // The pack of the person's residence division, as in the stored state (StateEngine).
    const pack = this.registry.resolve(person.jurisdictionCode, asOf);
    const calendar = calendarForPack(pack);
    // The countable services (corrections, voids and merged files applied) are the ones the stored state counts.
    const yearStart = `${asOf.slice(0, 4)}-01-01`;
    const counted = services.filter((s) => s.servedOn <= asOf && s.servedOn >= (reg.registeredOn < yearStart ? reg.registeredOn : yearStart));
    const markSet = new Set(marks.filter((m): m is Mark => (MARKS as readonly string[]).includes(m)));
    const registeredOn = parseIsoDate(reg.registeredOn, 'registration.registeredOn');
    const asOfDate = parseIsoDate(asOf, 'asOf');
    const tier = evaluateTier(registeredOn, pack, asOfDate);
    const level = evaluateLevel({ marks: markSet, registeredOn }, pack, calendar);
    const laborCapacity = person.laborCapacity;
    const keyGroup = isKeyGroup(pack, { marks: markSet, registeredUnemployed: true, wantsWork: laborCapacity !== 'none', laborCapacity });
    const needs = Array.isArray(person.serviceNeeds) ? (person.serviceNeeds as unknown[]) : [];
    const trainingNeed = needs.includes('training_recommendation') || person.intention === 'training';
    const obligations = evaluateObligations(
      { registeredOn, tier: { code: tier.code, since: tier.since, nextChange: tier.nextChange }, level: level.code, keyGroup, trainingNeed, services: counted.map((s) => ({ type: s.type, on: parseIsoDate(s.servedOn, 'service.servedOn') })) },
      pack,
      asOfDate,
      calendar,
    );
    const lastService = counted.filter((s) => s.servedOn >= reg.registeredOn).reduce<string | null>((m, s) => (m === null || s.servedOn > m ? s.servedOn : m), null);
    const lastContact = [lastService, reg.firstContactOn].filter((x): x is string => !!x).sort().pop();
    const followUp = evaluateFollowUp(
      {
        employmentStatus: person.employmentStatus as 'unemployed',
        marks: markSet,
        keyGroup,
        registeredOn,
        employedSince: undefined,
        lastContact: lastContact ? parseIsoDate(lastContact, 'lastContact') : undefined,
      },
      pack,
      asOfDate,
    );
    const explanations: Explanation[] = [...tier.explanations, ...level.explanations, ...obligations.explanations, ...followUp.explanations];
    return {
      personId: person.id,
      asOf,
      registered: true,
      pack: `${pack.id}@${pack.version}`,
      registration: { id: reg.id, registeredOn: reg.registeredOn, firstContactDeadline: reg.firstContactDeadline, firstContactOn: stored?.firstContactOn ?? reg.firstContactOn },
      tier: { code: tier.code, since: tier.since, nextChange: tier.nextChange },
      level: level.code,
      class: stored?.class ?? null,
      obligations: obligations.obligations,
      followUp: { rhythm: followUp.rhythm, intervalMonths: followUp.intervalMonths, lastContact: followUp.lastContact, nextDueBy: followUp.nextDueBy, overdue: followUp.overdue },
      stale: stored?.stale ?? false,
      fileVerifiedOn: stored?.fileVerifiedOn ?? null,
      explanations: explanations.map((e) => ({ rule: e.rule, source: e.source, pack: e.pack ?? '', text: e.text, textEn: e.textEn ?? '' })),
      changes: changeViews,
    };
  }

  /** Recomputes one person's stored state now (after changes made by other slices, e.g. a new registration). */
  async recompute(ctx: RequestContext, personId: string) {
    const person = await this.visiblePerson(ctx, personId, 'service.recompute');
    await this.repo.transaction((tx: Database) => recomputePerson(tx, this.registry, this.today(), person.id, `manual:${requireActor(ctx).username}`));
    return this.state(ctx, person.id, person);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Assistance diary (帮扶日记, R8.4 / XC23 四(二)).

  async diary(ctx: RequestContext, personId: string): Promise<TDiary> {
    const person = await this.visiblePerson(ctx, personId, 'service.diary');
    const [regs, services, marks, events, changes, employments, jurisdictionName] = await Promise.all([
      this.repo.registrationsOf([person.id]),
      this.repo.forPerson(person.id),
      this.repo.marks(person.id),
      this.repo.events(person.id),
      this.repo.stateChanges(person.id, 1000),
      this.repo.employments(person.id),
      this.repo.divisionName(person.jurisdictionCode),
    ]);
    const names = await this.repo.userNames([...regs.map((r) => r.firstContactBy ?? ''), ...regs.map((r) => r.createdBy ?? ''), ...regs.map((r) => r.deregisteredBy ?? '')]);
    const postings = await this.repo.postings(services.map((s) => s.postingId).filter((x): x is string => !!x));
    const entries: TDiary['entries'] = [];
    const kindZh = (k: string) => (k === 'unemployment' ? '失业登记' : k === 'job_seeking' ? '求职登记' : k);
    for (const r of regs) {
      entries.push({ on: r.registeredOn, at: r.createdAt.toISOString(), kind: 'registration', titleZh: `${kindZh(r.kind)} ${r.registrationNo ?? ''}`.trim(), titleEn: `${r.kind} registration ${r.registrationNo ?? ''}`.trim(), detail: [r.packRef, r.firstContactDeadline ? `首次联系期限 ${r.firstContactDeadline}` : null].filter(Boolean).join('；'), by: names.get(r.createdBy ?? '') ?? null, ref: `registration:${r.id}` });
      if (r.firstContactOn) entries.push({ on: r.firstContactOn, at: null, kind: 'contact', titleZh: `首次联系（${CHANNEL_ZH[r.firstContactChannel ?? ''] ?? r.firstContactChannel ?? ''}）`, titleEn: `first contact (${r.firstContactChannel ?? ''})`, detail: r.firstContactNote ?? '', by: names.get(r.firstContactBy ?? '') ?? null, ref: `registration:${r.id}` });
      if (r.cancelledOn) entries.push({ on: r.cancelledOn, at: null, kind: 'decision', titleZh: `注销${kindZh(r.kind)}：${r.deregistrationReason ?? ''}`, titleEn: `registration cancelled: ${r.deregistrationReason ?? ''}`, detail: [r.deregistrationSource, r.deregistrationNote].filter(Boolean).join('；'), by: names.get(r.deregisteredBy ?? '') ?? null, ref: `registration:${r.id}` });
    }
    const superseded = new Map(services.filter((s) => s.supersedesId).map((s) => [s.supersedesId!, s]));
    for (const s of services) {
      const p = s.postingId ? postings.get(s.postingId) : undefined;
      const parts = [s.content, p ? `岗位：${p.title}（${p.employerName}）` : s.postingText ? `岗位：${s.postingText}` : null, s.result ? `结果：${RESULT_ZH[s.result] ?? s.result}${s.resultReason ? `（${s.resultReason}）` : ''}` : null, s.outcome, s.correctionReason ? `更正原因：${s.correctionReason}` : null, superseded.has(s.id) ? '（已被更正）' : null, s.voided ? '（作废）' : null];
      entries.push({ on: s.servedOn, at: s.createdAt.toISOString(), kind: 'service', titleZh: `${SERVICE_TYPE_ZH[s.type as ServiceType] ?? s.type}（${CHANNEL_ZH[s.channel] ?? s.channel}）`, titleEn: `${s.type} (${s.channel})`, detail: parts.filter(Boolean).join('；'), by: s.workerName, ref: `service:${s.id}` });
    }
    for (const m of marks) {
      entries.push({ on: m.since, at: m.recordedAt.toISOString(), kind: 'mark', titleZh: `标注：${m.mark}`, titleEn: `mark ${m.mark} set`, detail: [m.source, m.note].filter(Boolean).join('；'), by: null, ref: null });
      if (m.until) entries.push({ on: m.until, at: null, kind: 'mark', titleZh: `标注结束：${m.mark}`, titleEn: `mark ${m.mark} ended`, detail: m.endSource ?? '', by: null, ref: null });
    }
    for (const e of events) {
      entries.push({ on: chinaDate(e.at), at: e.at.toISOString(), kind: 'status', titleZh: `档案变更：${e.kind}`, titleEn: `file change: ${e.kind}`, detail: [e.reason, e.source].filter(Boolean).join('；'), by: e.actorName, ref: `event:${e.id}` });
    }
    for (const e of employments) {
      entries.push({ on: e.startedOn, at: e.createdAt.toISOString(), kind: 'decision', titleZh: `就业登记：${e.employerName}`, titleEn: `employment registration: ${e.employerName}`, detail: e.type, by: null, ref: `employment:${e.id}` });
    }
    for (const c of changes) entries.push({ on: c.on, at: c.at.toISOString(), kind: 'state', titleZh: c.textZh, titleEn: c.textEn, detail: '', by: null, ref: c.cause });
    entries.sort((a, b) => a.on.localeCompare(b.on) || (a.at ?? '').localeCompare(b.at ?? ''));
    ctx.audit = { action: 'service.diary', resourceType: 'person', resourceId: person.id, jurisdictionCode: person.jurisdictionCode };
    return { person: { id: person.id, name: person.name, idNumberMasked: person.idNumberMasked, jurisdiction: { code: person.jurisdictionCode, name: jurisdictionName } }, entries };
  }

  async diaryPdf(ctx: RequestContext, personId: string): Promise<{ pdf: Buffer; filename: string }> {
    const d = await this.diary(ctx, personId);
    const pdf = await renderPrintable({
      title: '就业帮扶日记',
      subtitle: `${d.person.name}  ${d.person.idNumberMasked}  ${d.person.jurisdiction.name}`,
      sections: [{ heading: '帮扶记录（按时间顺序）', lines: d.entries.map((e) => `${e.on}  ${e.titleZh}${e.detail ? `：${e.detail}` : ''}${e.by ? `（${e.by}）` : ''}`) }],
      footer: `打印日期 ${this.today()}。依据 XC23 四(二)（就业帮扶日记）；NM24 四、XC23 三(三)（服务有迹可循）。`,
    });
    ctx.audit = { action: 'service.diary.print', resourceType: 'person', resourceId: d.person.id, jurisdictionCode: d.person.jurisdiction.code, sensitive: true };
    return { pdf, filename: `diary-${d.person.id}.pdf` };
  }

  /** 明白卡 / service list / office list for the person's jurisdiction, from the rule pack in force and the offices. */
  async printable(ctx: RequestContext, personId: string, kind: 'policy-card' | 'service-list' | 'office-list'): Promise<{ pdf: Buffer; filename: string }> {
    const person = await this.visiblePerson(ctx, personId, 'service.printable');
    const today = this.today();
    const pack = this.registry.resolve(person.jurisdictionCode, today);
    const [jurisdictionName, offices] = await Promise.all([this.repo.divisionName(person.jurisdictionCode), this.repo.officesFor(person.jurisdictionCode)]);
    const officeLines = offices.map((o) => `${o.name}  地址：${o.address}  电话：${o.phone}`);
    const packages = Object.entries(pack.params.classification).filter((e): e is [string, NonNullable<(typeof e)[1]>] => !!e[1]);
    const packageLine = ([key, p]: [string, { value: { services: readonly string[]; textZh: string }; source: { doc: string; clause: string } }]) =>
      `${key}：${p.value.textZh}（${p.value.services.map((x) => SERVICE_TYPE_ZH[x as ServiceType] ?? x).join('、')}；${p.source.doc} ${p.source.clause}）`;
    let title: string;
    let sections: Section[];
    if (kind === 'office-list') {
      title = '公共就业服务机构名单';
      sections = [{ heading: `${jurisdictionName} 及上级公共就业服务机构`, lines: officeLines }];
    } else if (kind === 'service-list') {
      title = '就业服务清单';
      sections = [
        { heading: '分类服务（按求职意愿）', lines: packages.map(packageLine) },
        { heading: '最低服务标准', lines: Object.values(pack.params.obligations).filter((o): o is NonNullable<typeof o> => !!o).map((o) => `${o.textZh}（${o.source.doc} ${o.source.clause}）`) },
      ];
    } else {
      title = '就业政策明白卡';
      const st = await this.state(ctx, person.id, person);
      const mine = packages.find(([k]) => k === (person.intention ?? ''));
      sections = [
        { heading: '您的服务包', lines: mine ? [packageLine(mine)] : ['尚未登记求职意愿，请与社区（村）经办人员联系确定服务包。'] },
        {
          heading: '您可获得的服务',
          lines: st.obligations.map((o) => `${o.textZh}：至少 ${o.required} 次${o.dueBy ? `，${o.dueBy} 前` : ''}（已提供 ${o.delivered} 次；${o.source}）`),
        },
        { heading: '定期联系', lines: st.followUp?.nextDueBy ? [`经办人员将定期与您联系，下次最迟 ${st.followUp.nextDueBy}。`] : [] },
        { heading: '经办机构', lines: officeLines.slice(0, 3) },
      ];
    }
    const pdf = await renderPrintable({ title, subtitle: `${person.name}  ${jurisdictionName}  适用规则：${pack.name}（${pack.id}@${pack.version}）`, sections, footer: `打印日期 ${today}。依据 XC23 三(二)1（信息服务：政策清单、机构名单）、XC23 四(二)（政策明白卡）。` });
    ctx.audit = { action: `service.printable.${kind}`, resourceType: 'person', resourceId: person.id, jurisdictionCode: person.jurisdictionCode };
    return { pdf, filename: `${kind}-${person.id}.pdf` };
  }
}
