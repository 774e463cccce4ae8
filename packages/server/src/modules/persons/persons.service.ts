import { checkIdentity, maskIdNumber, maskPhone, ageOn, parseIsoDate, type PackRegistry } from '@bangfu/rules';
import { sql } from 'drizzle-orm';
import { can } from '../../access/roles.ts';
import { NATION_CODE, type Scope } from '../../access/scope.ts';
import type { TPersonCreateBody, TPersonUpdateBody, TPersonFile, Clear, FactSource } from '../../contract/persons.ts';
import { AppError, type FieldIssue } from '../../errors/app-error.ts';
import type { Actor, RequestContext } from '../../http/context.ts';
import { requireActor, scopeOf } from '../../http/context.ts';
import { type FieldCipher, normalizeIdNumber, normalizePhone } from '../../security/field-cipher.ts';
import { HouseholdsRepository } from '../households/households.repository.ts';
import { ACTIVATION_CODE_VALID_DAYS, activationCodeHash, newActivationCode } from '../citizen/activation-code.ts';
import { ZeroEmploymentTracker, type Trigger } from '../households/zero-employment.ts';
import { recomputePerson } from '../services/service-state.repository.ts';
import {
  changeOf,
  endOfDayInChina,
  fourClears,
  fromSnapshot,
  minusDays,
  pinyinKeys,
  toSnapshot,
  todayInChina,
  withClears,
  type ClearFact,
} from './person-file.ts';
import {
  fourClearsSettingKey,
  type MarkRow,
  type PersonFilters,
  type PersonInsert,
  type PersonPage,
  type PersonRow,
  type PersonSearch,
  type PersonsRepository,
} from './persons.repository.ts';

export interface PersonListItem {
  id: string;
  name: string;
  sex: string;
  birthDate: string;
  idNumberMasked: string;
  phoneMasked: string | null;
  jurisdiction: { code: string; name: string };
  marks: string[];
  employmentStatus: string;
  hidden: boolean;
  /** False for a self-reported file whose identity no caseworker has confirmed yet. */
  identityVerified: boolean;
}

export interface PossibleDuplicate {
  id: string;
  name: string;
  birthDate: string;
  phoneMasked: string | null;
  idNumberMasked: string;
  jurisdiction: { code: string; name: string };
  matched: ('name' | 'birthDate' | 'phone')[];
}

export const DEFAULT_STALE_AFTER_DAYS = 180;

/** Interprets the free-text search box: ID number, phone, Chinese name prefix or pinyin (full or initials). */
export function parseSearch(q: string | undefined, cipher: FieldCipher): PersonSearch {
  const text = q?.trim() ?? '';
  if (text === '') return { kind: 'all' };
  const compact = text.replace(/\s+/g, '');
  if (/^(\d{17}[\dXx]|\d{15}|[HMhm]\d{8}(\d{2})?)$/.test(compact)) {
    return { kind: 'idNumber', bidx: cipher.blindIndex('id_number', normalizeIdNumber(compact)) };
  }
  if (/^(\+?86)?1\d{10}$/.test(compact)) return { kind: 'phone', bidx: cipher.blindIndex('phone', normalizePhone(compact)) };
  if (/^[a-zA-Z]+$/.test(compact)) return { kind: 'pinyin', text: compact.toLowerCase() };
  return { kind: 'name', text };
}

const issue = (field: string, messageZh: string, messageEn: string): FieldIssue => ({ field, messageZh, messageEn });

function invalid(issues: FieldIssue[]): AppError {
  return new AppError('VALIDATION_FAILED', {
    field: issues[0]?.field,
    issues,
    params: { detail: issues.map((i) => `${i.field}: ${i.messageEn}`).join('; ') },
  });
}

type Place = { code: string; address?: string | undefined } | null | undefined;
const PLACE_FIELDS = ['residence', 'hukou', 'insured', 'workplace'] as const;

export interface PersonsServiceOptions {
  /** The clock (tests pin it); dates are civil dates in China. */
  readonly now?: () => Date;
}

export class PersonsService {
  private readonly now: () => Date;
  private readonly tracker: ZeroEmploymentTracker;

  constructor(
    private readonly repo: PersonsRepository,
    private readonly cipher: FieldCipher,
    private readonly registry: PackRegistry,
    options: PersonsServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.tracker = new ZeroEmploymentTracker(registry, () => this.today(), () => this.now());
  }

  today(): string {
    return todayInChina(this.now());
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reads

  async list(
    ctx: RequestContext,
    query: { jurisdiction?: string | undefined; q?: string | undefined } & PersonPage & PersonFilters,
  ): Promise<{ items: PersonListItem[]; total: number; page: number; pageSize: number }> {
    const scope = scopeOf(ctx);
    if (query.includeHidden) this.assertMaySeeHidden(ctx);
    const within = scope.isCitizen ? ctx.actor?.jurisdictionCode ?? '' : scope.narrow(query.jurisdiction);
    const { rows, total } = await this.repo.list(scope, within, parseSearch(query.q, this.cipher), query, query);
    return { items: await this.toListItems(rows), total, page: query.page, pageSize: query.pageSize };
  }

  /** One person's file (masked), now or as of a past date. Every view is audited; out-of-scope ids answer 404. */
  async get(ctx: RequestContext, id: string, options: { asOf?: string | undefined; includeHidden?: boolean | undefined } = {}): Promise<TPersonFile> {
    if (options.includeHidden) this.assertMaySeeHidden(ctx);
    const action = options.asOf ? 'person.view_as_of' : 'person.view';
    const row = await this.visible(ctx, id, action, options.includeHidden === true);
    if (!options.asOf) {
      ctx.audit = { action, resourceType: 'person', resourceId: id, jurisdictionCode: row.jurisdictionCode, sensitive: true };
      return this.toFile(row, await this.repo.marks(id), null);
    }
    const today = this.today();
    if (options.asOf > today) {
      throw invalid([issue('querystring.asOf', `日期 ${options.asOf} 晚于今天（${today}）`, `${options.asOf} is after today (${today})`)]);
    }
    ctx.audit = { action, resourceType: 'person', resourceId: id, jurisdictionCode: row.jurisdictionCode, sensitive: true, detail: { asOf: options.asOf } };
    const cutoff = endOfDayInChina(options.asOf);
    const event = await this.repo.snapshotAt(id, cutoff);
    if (!event) {
      // A file without any event has not changed since it was loaded: its current state is its past state.
      if (!(await this.repo.hasEvents(id)) && row.createdAt <= cutoff) return this.toFile(row, await this.repo.marks(id), options.asOf);
      throw new AppError('NOT_FOUND');
    }
    const past = fromSnapshot(event.snapshot);
    return this.toFile(past.row, past.marks, options.asOf);
  }

  /** Full values of sensitive fields: always audited with the reason and the fields shown. */
  async reveal(
    ctx: RequestContext,
    id: string,
    reason: string,
    fields: readonly ('idNumber' | 'phone' | 'disabilityGrade' | 'monthlyIncome')[] = ['idNumber', 'phone'],
  ): Promise<{ idNumber?: string; phone?: string | null; disabilityGrade?: number | null; monthlyIncome?: number | null }> {
    const row = await this.visible(ctx, id, 'person.reveal', false);
    ctx.audit = {
      action: 'person.reveal',
      resourceType: 'person',
      resourceId: id,
      jurisdictionCode: row.jurisdictionCode,
      reason,
      sensitive: true,
      detail: { fields: [...fields] },
    };
    const out: { idNumber?: string; phone?: string | null; disabilityGrade?: number | null; monthlyIncome?: number | null } = {};
    if (fields.includes('idNumber')) out.idNumber = this.cipher.decrypt(row.idNumberEnc);
    if (fields.includes('phone')) out.phone = row.phoneEnc ? this.cipher.decrypt(row.phoneEnc) : null;
    if (fields.includes('disabilityGrade')) out.disabilityGrade = row.disabilityGradeEnc ? Number(this.cipher.decrypt(row.disabilityGradeEnc)) : null;
    if (fields.includes('monthlyIncome')) out.monthlyIncome = row.incomeEnc ? Number(this.cipher.decrypt(row.incomeEnc)) : null;
    return out;
  }

  async history(ctx: RequestContext, id: string, includeHidden = false) {
    if (includeHidden) this.assertMaySeeHidden(ctx);
    await this.visible(ctx, id, 'person.history', includeHidden);
    const events = await this.repo.events(id);
    return {
      items: events.map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        kind: e.kind,
        actor: { id: e.actorId, name: e.actorName },
        source: e.source,
        reason: e.reason,
        change: (e.change ?? {}) as Record<string, unknown>,
        mergedFrom: e.mergedFrom,
      })),
    };
  }

  /** Other visible files that may be the same person: same ID number, or two of name, birth date and phone. */
  async duplicates(ctx: RequestContext, id: string): Promise<{ items: PossibleDuplicate[] }> {
    const row = await this.visible(ctx, id, 'person.duplicates', false);
    const scope = scopeOf(ctx);
    const sameId = (await this.repo.byIdNumber(row.idNumberBidx)).filter((r) => r.id !== id && r.hiddenAt === null && scope.canSeePerson(r));
    const similar = await this.repo.possibleDuplicates(scope, { excludeId: id, name: row.name, birthDate: row.birthDate, phoneBidx: row.phoneBidx });
    const found = [
      ...sameId.map((r) => ({ row: r, matched: ['idNumber'] as string[] })),
      ...similar.filter((s) => !sameId.some((r) => r.id === s.row.id)),
    ];
    return { items: await this.toDuplicates(found as { row: PersonRow; matched: PossibleDuplicate['matched'] }[]) };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Writes

  async create(ctx: RequestContext, body: TPersonCreateBody): Promise<{ file: TPersonFile; possibleDuplicates: PossibleDuplicate[] }> {
    const actor = requireActor(ctx);
    const scope = scopeOf(ctx);
    const today = this.today();
    const issues: FieldIssue[] = [];

    // Identity: the rules package decides validity; name, sex and birth date must agree with the number.
    const identity = checkIdentity(body.idNumber, { asOf: today, ...(body.documentType ? { documentType: body.documentType } : {}) });
    for (const p of identity.problems) issues.push(issue('body.idNumber', p.messageZh, p.messageEn));
    let sex = body.sex;
    let birthDate = body.birthDate;
    if (identity.valid) {
      if (identity.sex && sex && sex !== identity.sex) {
        issues.push(issue('body.sex', `性别与证件号码不符（号码为${identity.sex === 'male' ? '男' : '女'}）`, `sex contradicts the document number (which says ${identity.sex})`));
      }
      if (identity.birthDate && birthDate && birthDate !== identity.birthDate) {
        issues.push(issue('body.birthDate', `出生日期与证件号码不符（号码为 ${identity.birthDate}）`, `birth date contradicts the document number (which says ${identity.birthDate})`));
      }
      sex = sex ?? identity.sex;
      birthDate = birthDate ?? identity.birthDate;
      if (!sex) issues.push(issue('body.sex', '必填（该证件号码不含性别）', 'required (this document number does not encode sex)'));
      if (!birthDate) issues.push(issue('body.birthDate', '必填（该证件号码不含出生日期）', 'required (this document number does not encode the birth date)'));
    }
    if (birthDate && birthDate > today) {
      issues.push(issue('body.birthDate', `出生日期 ${birthDate} 晚于今天`, `birth date ${birthDate} is in the future`));
    }
    issues.push(...this.markIssues(body.marks ?? [], today));
    issues.push(...(await this.placeIssues(body)));
    if (issues.length > 0 || !identity.normalized || !sex || !birthDate) throw invalid(issues);
    this.assertResidenceInScope(scope, body.residence.code);

    const idNumber = identity.normalized;
    const idBidx = this.cipher.blindIndex('id_number', normalizeIdNumber(idNumber));
    const phone = body.phone ? normalizePhone(body.phone) : null;
    const phoneBidx = phone ? this.cipher.blindIndex('phone', phone) : null;
    const keys = pinyinKeys(body.name);
    const fact: ClearFact = { on: today, source: body.source, by: actor.userId };
    const cleared: Clear[] = ['headcount'];
    if (body.skills !== undefined || body.certificates !== undefined) cleared.push('skills');
    if (body.intention !== undefined && body.intention !== null) cleared.push('intention');
    if (body.serviceNeeds !== undefined) cleared.push('serviceNeeds');

    const insert: PersonInsert = {
      jurisdictionCode: body.residence.code,
      address: body.residence.address ?? null,
      name: body.name,
      namePinyin: keys.full,
      nameInitials: keys.initials,
      sex,
      birthDate,
      documentType: identity.documentType ?? 'resident_id',
      idNumberEnc: this.cipher.encrypt(idNumber),
      idNumberBidx: idBidx,
      idNumberMasked: maskIdNumber(idNumber),
      phoneEnc: phone ? this.cipher.encrypt(phone) : null,
      phoneBidx,
      phoneMasked: phone ? maskPhone(phone) : null,
      ...this.placeColumns(body),
      education: body.education ?? null,
      skills: body.skills ?? [],
      certificates: body.certificates ?? [],
      workHistory: body.workHistory ?? [],
      employmentStatus: body.employmentStatus,
      laborCapacity: body.laborCapacity ?? 'full',
      retirementCategory: body.retirementCategory ?? null,
      disabilityGradeEnc: body.disabilityGrade ? this.cipher.encrypt(String(body.disabilityGrade)) : null,
      incomeEnc: body.monthlyIncome === undefined || body.monthlyIncome === null ? null : this.cipher.encrypt(String(body.monthlyIncome)),
      intention: body.intention ?? null,
      serviceNeeds: body.serviceNeeds ?? [],
      clears: withClears({}, cleared, fact),
      createdBy: actor.userId,
      updatedBy: actor.userId,
    };

    const row = await this.repo.transaction(async (repo) => {
      // One file per person: concurrent creates of the same number are serialised on its blind index.
      await repo.lockKey(`person-id:${idBidx}`);
      const existing = (await repo.byIdNumber(idBidx))[0];
      if (existing) {
        ctx.audit = { action: 'person.create', resourceType: 'person', jurisdictionCode: body.residence.code, detail: { duplicate: true } };
        const visible = scope.canSeePerson(existing) && (existing.hiddenAt === null || can(actor.role, 'person.hidden.read'));
        if (visible) throw new AppError('PERSON_DUPLICATE', { field: 'body.idNumber', params: { existingId: existing.id }, details: { existingId: existing.id } });
        throw new AppError('PERSON_DUPLICATE_ELSEWHERE', { field: 'body.idNumber' });
      }
      const created = await repo.insert(insert);
      await repo.insertMarks(
        (body.marks ?? []).map((m) => ({ personId: created.id, mark: m.mark, since: m.since ?? today, source: m.source, note: m.note ?? null, recordedBy: actor.userId })),
      );
      await this.recordEvent(repo, created, actor, 'created', changeOf(null, created), { source: body.source });
      return created;
    });
    ctx.audit = { action: 'person.create', resourceType: 'person', resourceId: row.id, jurisdictionCode: row.jurisdictionCode };
    const similar = await this.repo.possibleDuplicates(scope, { excludeId: row.id, name: row.name, birthDate: row.birthDate, phoneBidx: row.phoneBidx });
    return { file: await this.toFile(row, await this.repo.marks(row.id), null), possibleDuplicates: await this.toDuplicates(similar) };
  }

  /** Changes facts of a file; `version` must be the one the client read (409 otherwise). */
  async update(ctx: RequestContext, id: string, body: TPersonUpdateBody): Promise<TPersonFile> {
    const actor = requireActor(ctx);
    const scope = scopeOf(ctx);
    const today = this.today();
    const issues = await this.placeIssues(body);
    if (issues.length > 0) throw invalid(issues);
    if (body.residence) this.assertResidenceInScope(scope, body.residence.code);

    const row = await this.repo.transaction(async (repo) => {
      const before = await this.visibleIn(repo, ctx, id, 'person.update', true);
      if (before.version !== body.version) throw new AppError('STALE_VERSION', { field: 'body.version', params: { current: String(before.version), given: String(body.version) } });
      const patch: Partial<PersonInsert> = { updatedBy: actor.userId };
      if (body.name !== undefined) {
        const keys = pinyinKeys(body.name);
        Object.assign(patch, { name: body.name, namePinyin: keys.full, nameInitials: keys.initials });
      }
      if (body.phone !== undefined) {
        const phone = body.phone === null ? null : normalizePhone(body.phone);
        Object.assign(patch, {
          phoneEnc: phone ? this.cipher.encrypt(phone) : null,
          phoneBidx: phone ? this.cipher.blindIndex('phone', phone) : null,
          phoneMasked: phone ? maskPhone(phone) : null,
        });
      }
      Object.assign(patch, this.placeColumns(body));
      for (const key of ['education', 'skills', 'certificates', 'workHistory', 'laborCapacity', 'employmentStatus', 'retirementCategory', 'intention', 'serviceNeeds'] as const) {
        if (body[key] !== undefined) (patch as Record<string, unknown>)[key] = body[key];
      }
      if (body.disabilityGrade !== undefined) patch.disabilityGradeEnc = body.disabilityGrade === null ? null : this.cipher.encrypt(String(body.disabilityGrade));
      if (body.monthlyIncome !== undefined) patch.incomeEnc = body.monthlyIncome === null ? null : this.cipher.encrypt(String(body.monthlyIncome));
      // Residence, status or contact confirmed → headcount; the other clears when their fact is given.
      const cleared: Clear[] = [];
      if (body.residence || body.employmentStatus || body.phone !== undefined) cleared.push('headcount');
      if (body.skills !== undefined || body.certificates !== undefined) cleared.push('skills');
      if (body.intention !== undefined) cleared.push('intention');
      if (body.serviceNeeds !== undefined) cleared.push('serviceNeeds');
      if (cleared.length > 0) patch.clears = withClears(before.clears, cleared, { on: today, source: body.source, by: actor.userId });

      const after = await repo.update(id, body.version, patch);
      if (!after) throw new AppError('STALE_VERSION', { field: 'body.version', params: { current: String(before.version + 1), given: String(body.version) } });
      await this.recordEvent(repo, after, actor, 'updated', changeOf(before, after), { source: body.source, reason: body.reason ?? null });
      if (after.householdId && (before.employmentStatus !== after.employmentStatus || before.laborCapacity !== after.laborCapacity || before.retirementCategory !== after.retirementCategory)) {
        await this.refreshHousehold(repo, after.householdId, { kind: 'member_updated', personId: id, actorId: actor.userId, username: actor.username });
      }
      return after;
    });
    ctx.audit = { action: 'person.update', resourceType: 'person', resourceId: id, jurisdictionCode: row.jurisdictionCode, ...(body.reason ? { reason: body.reason } : {}) };
    return this.toFile(row, await this.repo.marks(id), null);
  }

  async addMark(ctx: RequestContext, id: string, body: { mark: string; since?: string | undefined; source: FactSource; note?: string | undefined }): Promise<TPersonFile> {
    const actor = requireActor(ctx);
    const today = this.today();
    const issues = this.markIssues([body], today, 'body');
    if (issues.length > 0) throw invalid(issues);
    const since = body.since ?? today;
    const row = await this.repo.transaction(async (repo) => {
      const before = await this.visibleIn(repo, ctx, id, 'person.mark', true);
      const marks = await repo.marks(id);
      const active = marks.find((m) => m.mark === body.mark && m.until === null);
      if (active) throw new AppError('MARK_ALREADY_ACTIVE', { field: 'body.mark', params: { mark: body.mark, since: active.since } });
      const sameStart = marks.find((m) => m.mark === body.mark && m.since === since);
      if (sameStart) throw new AppError('MARK_ALREADY_ACTIVE', { field: 'body.since', params: { mark: body.mark, since } });
      await repo.insertMarks([{ personId: id, mark: body.mark, since, source: body.source, note: body.note ?? null, recordedBy: actor.userId }]);
      const after = await this.touch(repo, before, actor);
      await this.recordEvent(repo, after, actor, 'mark_added', { mark: body.mark, since, source: body.source }, { source: body.source });
      return after;
    });
    ctx.audit = { action: 'person.mark', resourceType: 'person', resourceId: id, jurisdictionCode: row.jurisdictionCode, detail: { mark: body.mark, op: 'add' } };
    return this.toFile(row, await this.repo.marks(id), null);
  }

  async endMark(ctx: RequestContext, id: string, body: { mark: string; until?: string | undefined; source: FactSource; note?: string | undefined }): Promise<TPersonFile> {
    const actor = requireActor(ctx);
    const today = this.today();
    const until = body.until ?? today;
    if (until > today) throw invalid([issue('body.until', `结束日期 ${until} 晚于今天`, `end date ${until} is in the future`)]);
    const row = await this.repo.transaction(async (repo) => {
      const before = await this.visibleIn(repo, ctx, id, 'person.mark', true);
      const active = (await repo.marks(id)).find((m) => m.mark === body.mark && m.until === null);
      if (!active) throw new AppError('MARK_NOT_ACTIVE', { field: 'body.mark', params: { mark: body.mark } });
      if (until < active.since) throw invalid([issue('body.until', `结束日期早于开始日期 ${active.since}`, `end date is before the start ${active.since}`)]);
      await repo.endMark(id, body.mark, active.since, until, actor.userId, body.source);
      const after = await this.touch(repo, before, actor);
      await this.recordEvent(repo, after, actor, 'mark_ended', { mark: body.mark, since: active.since, until, source: body.source }, { source: body.source, reason: body.note ?? null });
      return after;
    });
    ctx.audit = { action: 'person.mark', resourceType: 'person', resourceId: id, jurisdictionCode: row.jurisdictionCode, detail: { mark: body.mark, op: 'end' } };
    return this.toFile(row, await this.repo.marks(id), null);
  }

  /** Records one of the four clears as gathered on a date, with the fact itself where it has one. */
  async recordFact(
    ctx: RequestContext,
    id: string,
    body: { clear: Clear; on: string; source: FactSource; skills?: { name: string; level?: string | undefined }[] | undefined; intention?: string | null | undefined; serviceNeeds?: string[] | undefined; note?: string | undefined },
  ): Promise<TPersonFile> {
    const actor = requireActor(ctx);
    const today = this.today();
    if (body.on > today) throw invalid([issue('body.on', `日期 ${body.on} 晚于今天`, `${body.on} is in the future`)]);
    const row = await this.repo.transaction(async (repo) => {
      const before = await this.visibleIn(repo, ctx, id, 'person.fact', true);
      const patch: Partial<PersonInsert> = { updatedBy: actor.userId, clears: withClears(before.clears, [body.clear], { on: body.on, source: body.source, by: actor.userId }) };
      if (body.skills !== undefined) patch.skills = body.skills;
      if (body.intention !== undefined) patch.intention = body.intention;
      if (body.serviceNeeds !== undefined) patch.serviceNeeds = body.serviceNeeds;
      const after = await repo.update(id, before.version, patch);
      if (!after) throw new AppError('STALE_VERSION', { params: { current: '?', given: String(before.version) } });
      await this.recordEvent(repo, after, actor, 'fact_recorded', { clear: body.clear, on: body.on, ...changeOf(before, after) }, { source: body.source, reason: body.note ?? null });
      return after;
    });
    ctx.audit = { action: 'person.fact', resourceType: 'person', resourceId: id, jurisdictionCode: row.jurisdictionCode, detail: { clear: body.clear } };
    return this.toFile(row, await this.repo.marks(id), null);
  }

  /**
   * Merges `duplicateId` into `id` in one transaction: the survivor gets the duplicate's history (copied with
   * `merged_from`), marks, registrations, household link and any facts it lacks; the duplicate is hidden with a
   * pointer to the survivor, never deleted.
   */
  async merge(ctx: RequestContext, id: string, duplicateId: string, reason: string): Promise<TPersonFile> {
    const actor = requireActor(ctx);
    if (id === duplicateId) throw invalid([issue('body.duplicateId', '不能与自身合并', 'cannot merge a file into itself')]);
    const result = await this.repo.transaction(async (repo) => {
      // Lock both rows in id order so two opposite merges cannot deadlock.
      const [firstId, secondId] = id < duplicateId ? [id, duplicateId] : [duplicateId, id];
      const first = await this.visibleIn(repo, ctx, firstId, 'person.merge', true, firstId === id ? 'params.id' : 'body.duplicateId');
      const second = await this.visibleIn(repo, ctx, secondId, 'person.merge', true, secondId === id ? 'params.id' : 'body.duplicateId');
      const survivor = first.id === id ? first : second;
      const duplicate = first.id === id ? second : first;

      const events = await repo.copyEvents(duplicate.id, survivor.id);
      const marks = await repo.moveMarks(duplicate.id, survivor.id);
      const registrations = await repo.moveRegistrations(duplicate.id, survivor.id);
      await repo.rebindAccounts(duplicate.id, survivor.id);

      // The survivor keeps its own facts and takes the duplicate's where it has none.
      const fill: Partial<PersonInsert> = { updatedBy: actor.userId };
      const filled: string[] = [];
      for (const key of ['phoneEnc', 'hukouCode', 'hukouAddress', 'insuredCode', 'insuredAddress', 'workplaceCode', 'workplaceAddress', 'address', 'education', 'intention', 'retirementCategory', 'disabilityGradeEnc', 'incomeEnc'] as const) {
        if (survivor[key] === null && duplicate[key] !== null) {
          (fill as Record<string, unknown>)[key] = duplicate[key];
          filled.push(key);
        }
      }
      if (filled.includes('phoneEnc')) Object.assign(fill, { phoneBidx: duplicate.phoneBidx, phoneMasked: duplicate.phoneMasked });
      for (const key of ['skills', 'certificates', 'workHistory', 'serviceNeeds'] as const) {
        if ((survivor[key] as unknown[]).length === 0 && (duplicate[key] as unknown[]).length > 0) {
          (fill as Record<string, unknown>)[key] = duplicate[key];
          filled.push(key);
        }
      }
      const clears = { ...(survivor.clears as Record<string, ClearFact>) };
      for (const [k, f] of Object.entries(duplicate.clears as Record<string, ClearFact>)) {
        if (!clears[k] || clears[k].on < f.on) clears[k] = f;
      }
      fill.clears = clears;
      if (survivor.householdId === null && duplicate.householdId !== null) {
        Object.assign(fill, { householdId: duplicate.householdId, relationship: duplicate.relationship });
        filled.push('householdId');
      }

      const hidden = await repo.hide(duplicate.id, 'merged', survivor.id, actor.userId);
      if (!hidden) throw new AppError('NOT_FOUND');
      await this.recordEvent(repo, hidden, actor, 'merged_into', { survivorId: survivor.id }, { reason });
      const after = await repo.update(survivor.id, survivor.version, fill);
      if (!after) throw new AppError('STALE_VERSION', { params: { current: '?', given: String(survivor.version) } });
      const change = { duplicateId: duplicate.id, moved: { events, marks, registrations }, filled: filled.map((f) => f.replace(/Enc$/, '')) };
      await this.recordEvent(repo, after, actor, 'merged', change, { reason });

      // The duplicate's state and worklist items go now; the survivor's follow its moved registrations.
      await recomputePerson(repo.database, this.registry, this.today(), duplicate.id, 'hidden:merged');
      await recomputePerson(repo.database, this.registry, this.today(), survivor.id, 'merged');
      const trigger: Trigger = { kind: 'merged', personId: survivor.id, actorId: actor.userId, username: actor.username };
      for (const h of new Set([duplicate.householdId, after.householdId])) if (h) await this.refreshHousehold(repo, h, trigger);
      return after;
    });
    ctx.audit = {
      action: 'person.merge',
      resourceType: 'person',
      resourceId: id,
      jurisdictionCode: result.jurisdictionCode,
      reason,
      detail: { duplicateId },
    };
    return this.toFile(result, await this.repo.marks(id), null);
  }

  /** Records a deletion request (个人信息删除请求) and hides the file; nothing is deleted. */
  async requestDeletion(ctx: RequestContext, id: string, reason: string): Promise<{ id: string; hiddenAt: string }> {
    const actor = requireActor(ctx);
    const row = await this.repo.transaction(async (repo) => {
      await this.visibleIn(repo, ctx, id, 'person.deletion_request', true);
      const hidden = await repo.hide(id, 'deletion_request', null, actor.userId);
      if (!hidden) throw new AppError('NOT_FOUND');
      await this.recordEvent(repo, hidden, actor, 'deletion_requested', {}, { reason });
      // Hidden at once everywhere: the service state and worklist items go now, not at night.
      await recomputePerson(repo.database, this.registry, this.today(), id, 'hidden:deletion_request');
      if (hidden.householdId) await this.refreshHousehold(repo, hidden.householdId, { kind: 'member_hidden', personId: id, actorId: actor.userId, username: actor.username });
      return hidden;
    });
    ctx.audit = { action: 'person.deletion_request', resourceType: 'person', resourceId: id, jurisdictionCode: row.jurisdictionCode, reason };
    return { id, hiddenAt: (row.hiddenAt ?? new Date()).toISOString() };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Identity (issue 11): in-person activation codes and confirming a self-reported file

  /**
   * Issues an activation code for a citizen account on this file, after the caseworker has seen the person. The
   * code is answered once and stored only as a keyed hash; an earlier unused code is voided.
   */
  async issueActivationCode(ctx: RequestContext, id: string): Promise<{ code: string; expiresAt: string }> {
    const actor = requireActor(ctx);
    const code = newActivationCode();
    const issuedAt = this.now();
    const expiresAt = new Date(issuedAt.getTime() + ACTIVATION_CODE_VALID_DAYS * 86_400_000);
    const row = await this.repo.transaction(async (repo) => {
      const found = await this.visibleIn(repo, ctx, id, 'person.activation_code', true);
      if (await repo.hasCitizenAccount(id)) throw new AppError('CITIZEN_ACCOUNT_EXISTS', { field: 'params.id' });
      await repo.issueActivationCode({ personId: id, codeHash: activationCodeHash(this.cipher, code), issuedBy: actor.userId, issuedAt, expiresAt });
      await this.recordEvent(repo, found, actor, 'activation_code_issued', {}, { reason: `开通码有效至 / valid until ${expiresAt.toISOString()}` });
      return found;
    });
    ctx.audit = { action: 'person.activation_code.issue', resourceType: 'person', resourceId: id, jurisdictionCode: row.jurisdictionCode, detail: { expiresAt: expiresAt.toISOString() } };
    return { code, expiresAt: expiresAt.toISOString() };
  }

  /** Confirms the identity on a file a citizen created at sign-up (ID card seen in person). */
  async confirmIdentity(ctx: RequestContext, id: string, note: string | undefined): Promise<TPersonFile> {
    const actor = requireActor(ctx);
    const result = await this.repo.transaction(async (repo) => {
      const before = await this.visibleIn(repo, ctx, id, 'person.identity_confirm', true);
      if (before.identityVerified) throw new AppError('PERSON_IDENTITY_ALREADY_VERIFIED', { field: 'params.id' });
      const after = await repo.confirmIdentity(id, before.version, actor.userId, this.now());
      if (!after) throw new AppError('NOT_FOUND');
      await this.recordEvent(repo, after, actor, 'identity_confirmed', { identityVerified: { from: false, to: true } }, { source: 'in_person', reason: note ?? '核实身份 / identity confirmed in person' });
      return after;
    });
    ctx.audit = { action: 'person.identity_confirm', resourceType: 'person', resourceId: id, jurisdictionCode: result.jurisdictionCode };
    return this.toFile(result, await this.repo.marks(id), null);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Four clears

  /** The staleness that applies in a jurisdiction (its own setting, else the nearest ancestor's, else the default). */
  async staleAfterDays(code: string = NATION_CODE): Promise<number> {
    return (await this.repo.staleAfterDaysAt(code)).days ?? DEFAULT_STALE_AFTER_DAYS;
  }

  async fourClearsSettings(ctx: RequestContext, jurisdiction: string | undefined): Promise<{ staleAfterDays: number; jurisdiction: string; setAt: string | null }> {
    const within = scopeOf(ctx).narrow(jurisdiction);
    const { days, setAt } = await this.repo.staleAfterDaysAt(within);
    return { staleAfterDays: days ?? DEFAULT_STALE_AFTER_DAYS, jurisdiction: within, setAt };
  }

  /**
   * Sets the staleness of a jurisdiction (default: the user's own) for it and everything below that has no setting
   * of its own; only within the user's subtree, so a city supervisor never changes the nation's (OUT_OF_SCOPE).
   */
  async setStaleAfterDays(ctx: RequestContext, days: number, jurisdiction: string | undefined): Promise<{ staleAfterDays: number; jurisdiction: string; setAt: string }> {
    const scope = scopeOf(ctx);
    const code = jurisdiction ?? requireActor(ctx).jurisdictionCode;
    if (!scope.covers(code)) {
      ctx.audit = { action: 'settings.four_clears', resourceType: 'setting', resourceId: fourClearsSettingKey(code), jurisdictionCode: code, denied: true, detail: { reason: 'out_of_scope' } };
      throw new AppError('OUT_OF_SCOPE', { params: { code }, field: 'body.jurisdiction' });
    }
    const before = await this.staleAfterDays(code);
    await this.repo.putSetting(fourClearsSettingKey(code), days);
    ctx.audit = { action: 'settings.four_clears', resourceType: 'setting', resourceId: fourClearsSettingKey(code), jurisdictionCode: code, detail: { from: before, to: days } };
    return { staleAfterDays: days, jurisdiction: code, setAt: code };
  }

  async fourClearsSummary(ctx: RequestContext, jurisdiction: string | undefined) {
    const scope = scopeOf(ctx);
    const within = scope.narrow(jurisdiction);
    const today = this.today();
    const stale = await this.staleAfterDays(within);
    const children = await this.repo.childDivisions(within);
    const names = await this.repo.divisionNames([within]);
    const rows = children.length > 0 ? children : [{ code: within, name: names.get(within) ?? within }];
    // Each child is judged by the staleness that applies there (its own setting may differ from `within`'s);
    // one count per distinct value, usually one. Settings further down show when drilling into the child.
    const staleOf = new Map(await Promise.all(rows.map(async (r) => [r.code, await this.staleAfterDays(r.code)] as const)));
    const countsBy = new Map<number, Awaited<ReturnType<PersonsRepository['fourClearsCounts']>>>();
    for (const days of new Set(staleOf.values())) countsBy.set(days, await this.repo.fourClearsCounts(within, minusDays(today, days)));
    const pct = (n: number, d: number) => (d === 0 ? 0 : Math.round((n * 1000) / d) / 10);
    return {
      jurisdiction: { code: within, name: names.get(within) ?? within },
      staleAfterDays: stale,
      asOf: today,
      items: rows.map((child) => {
        const c = countsBy.get(staleOf.get(child.code) ?? stale)?.find((x) => child.code.startsWith(x.prefix)) ?? { persons: 0, headcount: 0, skills: 0, intention: 0, serviceNeeds: 0, complete: 0 };
        return {
          jurisdiction: child,
          persons: c.persons,
          complete: c.complete,
          percent: pct(c.complete, c.persons),
          byClear: { headcount: pct(c.headcount, c.persons), skills: pct(c.skills, c.persons), intention: pct(c.intention, c.persons), serviceNeeds: pct(c.serviceNeeds, c.persons) },
        };
      }),
    };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Helpers

  private assertMaySeeHidden(ctx: RequestContext): void {
    const actor = requireActor(ctx);
    if (!can(actor.role, 'person.hidden.read')) {
      ctx.audit = { action: 'person.hidden.read', denied: true, detail: { reason: 'permission' } };
      throw new AppError('FORBIDDEN', { field: 'querystring.includeHidden' });
    }
  }

  private assertResidenceInScope(scope: Scope, code: string): void {
    if (!scope.covers(code)) throw new AppError('OUT_OF_SCOPE', { params: { code }, field: 'body.residence.code' });
  }

  private markIssues(marks: readonly { mark: string; since?: string | undefined }[], today: string, base = 'body.marks'): FieldIssue[] {
    const out: FieldIssue[] = [];
    const seen = new Set<string>();
    marks.forEach((m, i) => {
      const at = base === 'body' ? 'body' : `${base}.${i}`;
      if (m.since && m.since > today) out.push(issue(`${at}.since`, `日期 ${m.since} 晚于今天`, `${m.since} is in the future`));
      if (seen.has(m.mark)) out.push(issue(`${at}.mark`, `标注 ${m.mark} 重复`, `mark ${m.mark} is listed twice`));
      seen.add(m.mark);
    });
    return out;
  }

  /** Every division code given must exist (statistical division table). */
  private async placeIssues(body: Partial<Record<(typeof PLACE_FIELDS)[number], Place>>): Promise<FieldIssue[]> {
    const given = PLACE_FIELDS.flatMap((f) => (body[f] ? [{ field: f, code: body[f].code }] : []));
    const known = await this.repo.existingDivisions(given.map((g) => g.code));
    return given
      .filter((g) => !known.has(g.code))
      .map((g) => issue(`body.${g.field}.code`, `行政区划代码 ${g.code} 不存在`, `division code ${g.code} does not exist`));
  }

  private placeColumns(body: Partial<Record<(typeof PLACE_FIELDS)[number], Place>>): Partial<PersonInsert> {
    const out: Partial<PersonInsert> = {};
    if (body.residence) Object.assign(out, { jurisdictionCode: body.residence.code, address: body.residence.address ?? null });
    if (body.hukou !== undefined) Object.assign(out, { hukouCode: body.hukou?.code ?? null, hukouAddress: body.hukou?.address ?? null });
    if (body.insured !== undefined) Object.assign(out, { insuredCode: body.insured?.code ?? null, insuredAddress: body.insured?.address ?? null });
    if (body.workplace !== undefined) Object.assign(out, { workplaceCode: body.workplace?.code ?? null, workplaceAddress: body.workplace?.address ?? null });
    return out;
  }

  /** Bumps the version of a file whose marks changed (the snapshot changes, so concurrent editors must reload). */
  private async touch(repo: PersonsRepository, before: PersonRow, actor: Actor): Promise<PersonRow> {
    const after = await repo.update(before.id, before.version, { updatedBy: actor.userId });
    if (!after) throw new AppError('STALE_VERSION', { params: { current: '?', given: String(before.version) } });
    return after;
  }

  private async recordEvent(
    repo: PersonsRepository,
    row: PersonRow,
    actor: Actor,
    kind: string,
    change: Record<string, unknown>,
    extra: { source?: string | null; reason?: string | null } = {},
  ): Promise<void> {
    const marks = await repo.marks(row.id);
    await repo.insertEvents([
      {
        personId: row.id,
        actorId: actor.userId,
        actorName: actor.username,
        kind,
        source: extra.source ?? null,
        reason: extra.reason ?? null,
        change,
        snapshot: toSnapshot(row, marks),
        // Same transaction as the change; a distinct timestamp keeps the order of two events in one request.
        at: sql`clock_timestamp()` as unknown as Date,
      },
    ]);
  }

  private async refreshHousehold(repo: PersonsRepository, householdId: string, trigger: Trigger): Promise<void> {
    await this.tracker.refresh(new HouseholdsRepository(repo.database), householdId, trigger);
  }

  private async visible(ctx: RequestContext, id: string, action: string, includeHidden: boolean): Promise<PersonRow> {
    return this.visibleIn(this.repo, ctx, id, action, false, 'params.id', includeHidden);
  }

  private async visibleIn(
    repo: PersonsRepository,
    ctx: RequestContext,
    id: string,
    action: string,
    forUpdate: boolean,
    field = 'params.id',
    includeHidden = false,
  ): Promise<PersonRow> {
    const found = await repo.findScoped(scopeOf(ctx), id, { includeHidden, forUpdate });
    switch (found.status) {
      case 'visible':
        if (forUpdate) await repo.ensureBaseline(found.row);
        return found.row;
      case 'out_of_scope':
        ctx.audit = { action, resourceType: 'person', resourceId: id, jurisdictionCode: found.jurisdictionCode, denied: true, detail: { reason: 'out_of_scope' } };
        throw new AppError('NOT_FOUND', { field });
      case 'absent':
        throw new AppError('NOT_FOUND', { field });
    }
  }

  private async toListItems(rows: PersonRow[]): Promise<PersonListItem[]> {
    const ids = rows.map((r) => r.id);
    const [marks, names] = await Promise.all([this.repo.activeMarks(ids), this.repo.divisionNames(rows.map((r) => r.jurisdictionCode))]);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      sex: r.sex,
      birthDate: r.birthDate,
      idNumberMasked: r.idNumberMasked,
      phoneMasked: r.phoneMasked,
      jurisdiction: { code: r.jurisdictionCode, name: names.get(r.jurisdictionCode) ?? r.jurisdictionCode },
      marks: marks.get(r.id) ?? [],
      employmentStatus: r.employmentStatus,
      hidden: r.hiddenAt !== null,
      identityVerified: r.identityVerified,
    }));
  }

  private async toDuplicates(found: { row: PersonRow; matched: PossibleDuplicate['matched'] }[]): Promise<PossibleDuplicate[]> {
    const names = await this.repo.divisionNames(found.map((f) => f.row.jurisdictionCode));
    return found.map(({ row, matched }) => ({
      id: row.id,
      name: row.name,
      birthDate: row.birthDate,
      phoneMasked: row.phoneMasked,
      idNumberMasked: row.idNumberMasked,
      jurisdiction: { code: row.jurisdictionCode, name: names.get(row.jurisdictionCode) ?? row.jurisdictionCode },
      matched,
    }));
  }

  /** The file as the API shows it: masked, sensitive health and income facts only as "recorded". */
  private async toFile(row: PersonRow, marks: MarkRow[], asOf: string | null): Promise<TPersonFile> {
    const today = this.today();
    const reference = asOf ?? today;
    const codes = [row.jurisdictionCode, row.hukouCode, row.insuredCode, row.workplaceCode].filter((c): c is string => c !== null);
    const [names, stale] = await Promise.all([this.repo.divisionNames(codes), this.staleAfterDays(row.jurisdictionCode)]);
    const place = (code: string | null, address: string | null) => (code === null ? null : { code, name: names.get(code) ?? code, address });
    const age = ageOn(parseIsoDate(row.birthDate, 'birthDate'), parseIsoDate(reference, 'asOf')).years;
    const active = marks.filter((m) => m.until === null || m.until > reference).map((m) => m.mark);
    return {
      id: row.id,
      name: row.name,
      sex: row.sex,
      birthDate: row.birthDate,
      idNumberMasked: row.idNumberMasked,
      phoneMasked: row.phoneMasked,
      jurisdiction: { code: row.jurisdictionCode, name: names.get(row.jurisdictionCode) ?? row.jurisdictionCode },
      marks: [...new Set(active)].sort(),
      householdId: row.householdId,
      relationship: row.relationship,
      education: row.education,
      employmentStatus: row.employmentStatus,
      laborCapacity: row.laborCapacity,
      intention: row.intention,
      address: row.address,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      version: row.version,
      documentType: row.documentType,
      hidden: row.hiddenAt !== null,
      hiddenReason: row.hiddenReason,
      identity: { verified: row.identityVerified, verifiedAt: row.identityVerifiedAt?.toISOString() ?? null },
      mergedInto: row.mergedInto,
      residence: place(row.jurisdictionCode, row.address),
      hukou: place(row.hukouCode, row.hukouAddress),
      insured: place(row.insuredCode, row.insuredAddress),
      workplace: place(row.workplaceCode, row.workplaceAddress),
      skills: row.skills as TPersonFile['skills'],
      certificates: row.certificates as TPersonFile['certificates'],
      workHistory: row.workHistory as TPersonFile['workHistory'],
      serviceNeeds: row.serviceNeeds as string[],
      retirementCategory: row.retirementCategory,
      hasDisabilityGrade: row.disabilityGradeEnc !== null,
      hasIncome: row.incomeEnc !== null,
      markHistory: marks.map((m) => ({ mark: m.mark, since: m.since, until: m.until, source: m.source, recordedBy: m.recordedBy, note: m.note })),
      fourClears: fourClears(row.clears, reference, stale),
      flags: age < 16 ? ['under_16'] : [],
      asOf,
    };
  }
}

