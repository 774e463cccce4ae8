/**
 * The person file (一人一档): search, create, read (now or as of a date), edit, marks, reveal, history, identity
 * confirmation, activation codes and deletion requests (docs/person-file.md). Four clears and merge have their own
 * services; all three share `PersonsCore`.
 */
import { maskIdNumber, maskPhone } from '@bangfu/rules';
import { can } from '../../access/roles.ts';
import type { FactSource, TPersonCreateBody, TPersonFile, TPersonUpdateBody } from '../../contract/persons.ts';
import { AppError } from '../../errors/app-error.ts';
import type { RequestContext } from '../../http/context.ts';
import { requireActor, scopeOf } from '../../http/context.ts';
import { type FieldCipher, normalizeIdNumber, normalizePhone } from '../../security/field-cipher.ts';
import { ACTIVATION_CODE_VALID_DAYS, activationCodeHash, newActivationCode } from '../citizen/activation-code.ts';
import {
  checkCreateIdentity,
  clearsOnCreate,
  clearsOnUpdate,
  invalid,
  issue,
  markIssues,
  parseSearch,
  placeCodes,
  placeColumns,
  type Places,
} from './person-input.ts';
import { changeOf, endOfDayInChina, fromSnapshot, pinyinKeys, withClears } from './person-file.ts';
import type { PersonsCore, PossibleDuplicate } from './persons.core.ts';
import type { PersonFilters, PersonInsert, PersonPage, PersonRow, PersonsRepository } from './persons.repository.ts';

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

export class PersonsService {
  private readonly repo: PersonsRepository;
  private readonly cipher: FieldCipher;

  constructor(private readonly core: PersonsCore) {
    this.repo = core.repo;
    this.cipher = core.cipher;
  }

  today(): string {
    return this.core.today();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reads

  async list(
    ctx: RequestContext,
    query: { jurisdiction?: string | undefined; q?: string | undefined } & PersonPage & PersonFilters,
  ): Promise<{ items: PersonListItem[]; total: number; page: number; pageSize: number }> {
    const scope = scopeOf(ctx);
    if (query.includeHidden) this.core.assertMaySeeHidden(ctx);
    const within = scope.isCitizen ? ctx.actor?.jurisdictionCode ?? '' : scope.narrow(query.jurisdiction);
    const { rows, total } = await this.repo.list(scope, within, parseSearch(query.q, this.cipher), query, query);
    return { items: await this.toListItems(rows), total, page: query.page, pageSize: query.pageSize };
  }

  /** One person's file (masked), now or as of a past date. Every view is audited; out-of-scope ids answer 404. */
  async get(ctx: RequestContext, id: string, options: { asOf?: string | undefined; includeHidden?: boolean | undefined } = {}): Promise<TPersonFile> {
    if (options.includeHidden) this.core.assertMaySeeHidden(ctx);
    const action = options.asOf ? 'person.view_as_of' : 'person.view';
    const row = await this.core.visible(ctx, id, action, options.includeHidden === true);
    if (!options.asOf) {
      ctx.audit = { action, resourceType: 'person', resourceId: id, jurisdictionCode: row.jurisdictionCode, sensitive: true };
      return this.core.currentFile(row);
    }
    const today = this.core.today();
    if (options.asOf > today) {
      throw invalid([issue('querystring.asOf', `日期 ${options.asOf} 晚于今天（${today}）`, `${options.asOf} is after today (${today})`)]);
    }
    ctx.audit = { action, resourceType: 'person', resourceId: id, jurisdictionCode: row.jurisdictionCode, sensitive: true, detail: { asOf: options.asOf } };
    const cutoff = endOfDayInChina(options.asOf);
    const event = await this.repo.snapshotAt(id, cutoff);
    if (!event) {
      // A file without any event has not changed since it was loaded: its current state is its past state.
      if (!(await this.repo.hasEvents(id)) && row.createdAt <= cutoff) return this.core.toFile(row, await this.repo.marks(id), options.asOf);
      throw new AppError('NOT_FOUND');
    }
    const past = fromSnapshot(event.snapshot);
    return this.core.toFile(past.row, past.marks, options.asOf);
  }

  /** Full values of sensitive fields: always audited with the reason and the fields shown. */
  async reveal(
    ctx: RequestContext,
    id: string,
    reason: string,
    fields: readonly ('idNumber' | 'phone' | 'disabilityGrade' | 'monthlyIncome')[] = ['idNumber', 'phone'],
  ): Promise<{ idNumber?: string; phone?: string | null; disabilityGrade?: number | null; monthlyIncome?: number | null }> {
    const row = await this.core.visible(ctx, id, 'person.reveal', false);
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
    if (includeHidden) this.core.assertMaySeeHidden(ctx);
    await this.core.visible(ctx, id, 'person.history', includeHidden);
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

  // -------------------------------------------------------------------------------------------------------------
  // Writes

  async create(ctx: RequestContext, body: TPersonCreateBody): Promise<{ file: TPersonFile; possibleDuplicates: PossibleDuplicate[] }> {
    const actor = requireActor(ctx);
    const scope = scopeOf(ctx);
    const today = this.core.today();
    // Identity: the rules package decides validity; name, sex and birth date must agree with the number.
    const { issues, normalized, documentType, sex, birthDate } = checkCreateIdentity(body, today);
    issues.push(...markIssues(body.marks ?? [], today));
    issues.push(...(await this.placeIssues(body)));
    if (issues.length > 0 || !normalized || !sex || !birthDate) throw invalid(issues);
    this.assertResidenceInScope(ctx, body.residence.code);

    const idNumber = normalized;
    const idBidx = this.cipher.blindIndex('id_number', normalizeIdNumber(idNumber));
    const phone = body.phone ? normalizePhone(body.phone) : null;
    const phoneBidx = phone ? this.cipher.blindIndex('phone', phone) : null;
    const keys = pinyinKeys(body.name);

    const insert: PersonInsert = {
      jurisdictionCode: body.residence.code,
      address: body.residence.address ?? null,
      name: body.name,
      namePinyin: keys.full,
      nameInitials: keys.initials,
      sex,
      birthDate,
      documentType: documentType ?? 'resident_id',
      idNumberEnc: this.cipher.encrypt(idNumber),
      idNumberBidx: idBidx,
      idNumberMasked: maskIdNumber(idNumber),
      phoneEnc: phone ? this.cipher.encrypt(phone) : null,
      phoneBidx,
      phoneMasked: phone ? maskPhone(phone) : null,
      ...placeColumns(body),
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
      clears: withClears({}, clearsOnCreate(body), { on: today, source: body.source, by: actor.userId }),
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
      await this.core.recordEvent(repo, created, actor, 'created', changeOf(null, created), { source: body.source });
      return created;
    });
    ctx.audit = { action: 'person.create', resourceType: 'person', resourceId: row.id, jurisdictionCode: row.jurisdictionCode };
    const similar = await this.repo.possibleDuplicates(scope, { excludeId: row.id, name: row.name, birthDate: row.birthDate, phoneBidx: row.phoneBidx });
    return { file: await this.core.currentFile(row), possibleDuplicates: await this.core.toDuplicates(similar) };
  }

  /** Changes facts of a file; `version` must be the one the client read (409 otherwise). */
  async update(ctx: RequestContext, id: string, body: TPersonUpdateBody): Promise<TPersonFile> {
    const actor = requireActor(ctx);
    const today = this.core.today();
    const issues = await this.placeIssues(body);
    if (issues.length > 0) throw invalid(issues);
    if (body.residence) this.assertResidenceInScope(ctx, body.residence.code);

    const row = await this.repo.transaction(async (repo) => {
      const before = await this.core.visibleIn(repo, ctx, id, 'person.update', true);
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
      Object.assign(patch, placeColumns(body));
      for (const key of ['education', 'skills', 'certificates', 'workHistory', 'laborCapacity', 'employmentStatus', 'retirementCategory', 'intention', 'serviceNeeds'] as const) {
        if (body[key] !== undefined) (patch as Record<string, unknown>)[key] = body[key];
      }
      if (body.disabilityGrade !== undefined) patch.disabilityGradeEnc = body.disabilityGrade === null ? null : this.cipher.encrypt(String(body.disabilityGrade));
      if (body.monthlyIncome !== undefined) patch.incomeEnc = body.monthlyIncome === null ? null : this.cipher.encrypt(String(body.monthlyIncome));
      const cleared = clearsOnUpdate(body);
      if (cleared.length > 0) patch.clears = withClears(before.clears, cleared, { on: today, source: body.source, by: actor.userId });

      const after = await repo.update(id, body.version, patch);
      if (!after) throw new AppError('STALE_VERSION', { field: 'body.version', params: { current: String(before.version + 1), given: String(body.version) } });
      await this.core.recordEvent(repo, after, actor, 'updated', changeOf(before, after), { source: body.source, reason: body.reason ?? null });
      if (after.householdId && (before.employmentStatus !== after.employmentStatus || before.laborCapacity !== after.laborCapacity || before.retirementCategory !== after.retirementCategory)) {
        await this.core.refreshHousehold(repo, after.householdId, { kind: 'member_updated', personId: id, actorId: actor.userId, username: actor.username });
      }
      return after;
    });
    ctx.audit = { action: 'person.update', resourceType: 'person', resourceId: id, jurisdictionCode: row.jurisdictionCode, ...(body.reason ? { reason: body.reason } : {}) };
    return this.core.currentFile(row);
  }

  async addMark(ctx: RequestContext, id: string, body: { mark: string; since?: string | undefined; source: FactSource; note?: string | undefined }): Promise<TPersonFile> {
    const actor = requireActor(ctx);
    const today = this.core.today();
    const issues = markIssues([body], today, 'body');
    if (issues.length > 0) throw invalid(issues);
    const since = body.since ?? today;
    const row = await this.repo.transaction(async (repo) => {
      const before = await this.core.visibleIn(repo, ctx, id, 'person.mark', true);
      const marks = await repo.marks(id);
      const active = marks.find((m) => m.mark === body.mark && m.until === null);
      if (active) throw new AppError('MARK_ALREADY_ACTIVE', { field: 'body.mark', params: { mark: body.mark, since: active.since } });
      const sameStart = marks.find((m) => m.mark === body.mark && m.since === since);
      if (sameStart) throw new AppError('MARK_ALREADY_ACTIVE', { field: 'body.since', params: { mark: body.mark, since } });
      await repo.insertMarks([{ personId: id, mark: body.mark, since, source: body.source, note: body.note ?? null, recordedBy: actor.userId }]);
      const after = await this.core.touch(repo, before, actor);
      await this.core.recordEvent(repo, after, actor, 'mark_added', { mark: body.mark, since, source: body.source }, { source: body.source });
      return after;
    });
    ctx.audit = { action: 'person.mark', resourceType: 'person', resourceId: id, jurisdictionCode: row.jurisdictionCode, detail: { mark: body.mark, op: 'add' } };
    return this.core.currentFile(row);
  }

  async endMark(ctx: RequestContext, id: string, body: { mark: string; until?: string | undefined; source: FactSource; note?: string | undefined }): Promise<TPersonFile> {
    const actor = requireActor(ctx);
    const today = this.core.today();
    const until = body.until ?? today;
    if (until > today) throw invalid([issue('body.until', `结束日期 ${until} 晚于今天`, `end date ${until} is in the future`)]);
    const row = await this.repo.transaction(async (repo) => {
      const before = await this.core.visibleIn(repo, ctx, id, 'person.mark', true);
      const active = (await repo.marks(id)).find((m) => m.mark === body.mark && m.until === null);
      if (!active) throw new AppError('MARK_NOT_ACTIVE', { field: 'body.mark', params: { mark: body.mark } });
      if (until < active.since) throw invalid([issue('body.until', `结束日期早于开始日期 ${active.since}`, `end date is before the start ${active.since}`)]);
      await repo.endMark(id, body.mark, active.since, until, actor.userId, body.source);
      const after = await this.core.touch(repo, before, actor);
      await this.core.recordEvent(repo, after, actor, 'mark_ended', { mark: body.mark, since: active.since, until, source: body.source }, { source: body.source, reason: body.note ?? null });
      return after;
    });
    ctx.audit = { action: 'person.mark', resourceType: 'person', resourceId: id, jurisdictionCode: row.jurisdictionCode, detail: { mark: body.mark, op: 'end' } };
    return this.core.currentFile(row);
  }

  /** Records a deletion request (个人信息删除请求) and hides the file; nothing is deleted. */
  async requestDeletion(ctx: RequestContext, id: string, reason: string): Promise<{ id: string; hiddenAt: string }> {
    const actor = requireActor(ctx);
    const row = await this.repo.transaction(async (repo) => {
      await this.core.visibleIn(repo, ctx, id, 'person.deletion_request', true);
      const hidden = await repo.hide(id, 'deletion_request', null, actor.userId);
      if (!hidden) throw new AppError('NOT_FOUND');
      await this.core.recordEvent(repo, hidden, actor, 'deletion_requested', {}, { reason });
      // Hidden at once everywhere: the service state and worklist items go now, not at night.
      await this.core.recompute(repo, id, 'hidden:deletion_request');
      if (hidden.householdId) await this.core.refreshHousehold(repo, hidden.householdId, { kind: 'member_hidden', personId: id, actorId: actor.userId, username: actor.username });
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
    const issuedAt = this.core.clock.now();
    const expiresAt = new Date(issuedAt.getTime() + ACTIVATION_CODE_VALID_DAYS * 86_400_000);
    const row = await this.repo.transaction(async (repo) => {
      const found = await this.core.visibleIn(repo, ctx, id, 'person.activation_code', true);
      if (await repo.hasCitizenAccount(id)) throw new AppError('CITIZEN_ACCOUNT_EXISTS', { field: 'params.id' });
      await repo.issueActivationCode({ personId: id, codeHash: activationCodeHash(this.cipher, code), issuedBy: actor.userId, issuedAt, expiresAt });
      await this.core.recordEvent(repo, found, actor, 'activation_code_issued', {}, { reason: `开通码有效至 / valid until ${expiresAt.toISOString()}` });
      return found;
    });
    ctx.audit = { action: 'person.activation_code.issue', resourceType: 'person', resourceId: id, jurisdictionCode: row.jurisdictionCode, detail: { expiresAt: expiresAt.toISOString() } };
    return { code, expiresAt: expiresAt.toISOString() };
  }

  /** Confirms the identity on a file a citizen created at sign-up (ID card seen in person). */
  async confirmIdentity(ctx: RequestContext, id: string, note: string | undefined): Promise<TPersonFile> {
    const actor = requireActor(ctx);
    const result = await this.repo.transaction(async (repo) => {
      const before = await this.core.visibleIn(repo, ctx, id, 'person.identity_confirm', true);
      if (before.identityVerified) throw new AppError('PERSON_IDENTITY_ALREADY_VERIFIED', { field: 'params.id' });
      const after = await repo.confirmIdentity(id, before.version, actor.userId, this.core.clock.now());
      if (!after) throw new AppError('NOT_FOUND');
      await this.core.recordEvent(repo, after, actor, 'identity_confirmed', { identityVerified: { from: false, to: true } }, { source: 'in_person', reason: note ?? '核实身份 / identity confirmed in person' });
      return after;
    });
    ctx.audit = { action: 'person.identity_confirm', resourceType: 'person', resourceId: id, jurisdictionCode: result.jurisdictionCode };
    return this.core.currentFile(result);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Helpers

  /** Every division code given must exist (statistical division table). */
  private async placeIssues(body: Places) {
    const given = placeCodes(body);
    const known = await this.repo.existingDivisions(given.map((g) => g.code));
    return given
      .filter((g) => !known.has(g.code))
      .map((g) => issue(`body.${g.field}.code`, `行政区划代码 ${g.code} 不存在`, `division code ${g.code} does not exist`));
  }

  private assertResidenceInScope(ctx: RequestContext, code: string): void {
    if (!scopeOf(ctx).covers(code)) throw new AppError('OUT_OF_SCOPE', { params: { code }, field: 'body.residence.code' });
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
}
