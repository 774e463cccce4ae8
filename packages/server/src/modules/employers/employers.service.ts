/**
 * Employers (用人单位, R9.2; NM22 三(十) key enterprises and their 人社服务专员; XC23 四(四) employment bases, 见习
 * units): register and edit within the caller's area, credit code checked against GB 32100-2015 (the check
 * character named in the refusal); employer accounts sign up by credit code and wait for an operator's
 * activation. An employer account sees only its own employer; reaching another is refused and audited.
 */
import { checkCreditCode } from '@bangfu/rules';
import { visibleOr404 } from '../../access/visible.ts';
import { AppError } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import { hashPassword, isStrongEnough } from '../../security/passwords.ts';
import { isUniqueViolation } from '../../db/executor.ts';
import type { TEmployer, TEmployerBody, TEmployerDetail, TEmployerPatch, TEmployerSignupBody } from './employers.contract.ts';
import type { EmployerRow, EmployersRepository } from './employers.repository.ts';

/** The credit code as stored (upper case), or a refusal naming the field and the wrong character. */
export function validCreditCode(raw: string, field: string): string {
  const c = checkCreditCode(raw.trim());
  if (!c.valid) throw new AppError('EMPLOYER_CREDIT_CODE_INVALID', { field, params: { code: raw.trim(), detailZh: c.textZh, detailEn: c.textEn } });
  return c.code;
}

export class EmployersService {
  constructor(readonly repo: EmployersRepository) {}

  /** The employer an employer-role caller acts for; null for staff. An employer account without one sees nothing. */
  async ownEmployerId(ctx: RequestContext): Promise<string | null> {
    const actor = requireActor(ctx);
    if (actor.role !== 'employer') return null;
    const id = await this.repo.employerOf(actor.userId);
    if (!id) throw new AppError('FORBIDDEN');
    return id;
  }

  async visible(ctx: RequestContext, id: string, action: string, field = 'params.id'): Promise<EmployerRow> {
    const own = await this.ownEmployerId(ctx);
    return visibleOr404(ctx, await this.repo.find(scopeOf(ctx), own, id), { action, resourceType: 'employer', resourceId: id, field });
  }

  private async checkDivision(code: string, field: string): Promise<void> {
    if (!(await this.repo.divisionExists(code))) {
      throw new AppError('VALIDATION_FAILED', { field, params: { detail: `${field}: unknown division ${code}` }, issues: [{ field, messageZh: `区划代码 ${code} 不存在`, messageEn: `unknown division code ${code}` }] });
    }
  }

  async create(ctx: RequestContext, body: TEmployerBody): Promise<TEmployerDetail> {
    const actor = requireActor(ctx);
    ctx.audit = { action: 'employer.create', resourceType: 'employer', jurisdictionCode: body.jurisdictionCode };
    // An employer account signs up (employer-signup); it does not register other employers.
    if (actor.role === 'employer') throw new AppError('FORBIDDEN');
    const creditCode = validCreditCode(body.creditCode, 'body.creditCode');
    scopeOf(ctx).assertCovers(body.jurisdictionCode);
    await this.checkDivision(body.jurisdictionCode, 'body.jurisdictionCode');
    const existing = await this.repo.byCreditCode(creditCode);
    if (existing) throw new AppError('EMPLOYER_EXISTS', { field: 'body.creditCode', params: { creditCode } });
    let row: EmployerRow;
    try {
      row = await this.repo.insert({ ...body, creditCode, serviceOfficer: body.serviceOfficer ?? null, createdBy: actor.userId, state: 'active' });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('EMPLOYER_EXISTS', { field: 'body.creditCode', params: { creditCode } });
      throw e;
    }
    ctx.audit = { action: 'employer.create', resourceType: 'employer', resourceId: row.id, jurisdictionCode: row.jurisdictionCode };
    return this.detail(row);
  }

  async update(ctx: RequestContext, id: string, patch: TEmployerPatch): Promise<TEmployerDetail> {
    const row = await this.visible(ctx, id, 'employer.update');
    if (patch.jurisdictionCode !== undefined) {
      if (requireActor(ctx).role !== 'employer') scopeOf(ctx).assertCovers(patch.jurisdictionCode);
      await this.checkDivision(patch.jurisdictionCode, 'body.jurisdictionCode');
    }
    // Flags and the service officer are the office's to set, not the employer's own.
    if (requireActor(ctx).role === 'employer' && (patch.keyEnterprise !== undefined || patch.internshipUnit !== undefined || patch.employmentBase !== undefined || patch.serviceOfficer !== undefined)) {
      ctx.audit = { action: 'employer.update', resourceType: 'employer', resourceId: id, jurisdictionCode: row.jurisdictionCode, denied: true, detail: { reason: 'flags_are_the_office_s' } };
      throw new AppError('FORBIDDEN');
    }
    const updated = (await this.repo.update(row.id, { ...patch, ...(patch.serviceOfficer !== undefined ? { serviceOfficer: patch.serviceOfficer } : {}) }))!;
    ctx.audit = { action: 'employer.update', resourceType: 'employer', resourceId: id, jurisdictionCode: updated.jurisdictionCode, detail: { fields: Object.keys(patch) } };
    return this.detail(updated);
  }

  async list(ctx: RequestContext, q: { jurisdiction?: string | undefined; keyEnterprise?: 'true' | 'false' | undefined; state?: string | undefined; q?: string | undefined }): Promise<{ items: TEmployer[] }> {
    const own = await this.ownEmployerId(ctx);
    if (own) return { items: [await this.view((await this.repo.byId(own))!)] };
    const scope = scopeOf(ctx);
    const within = scope.narrow(q.jurisdiction);
    const rows = await this.repo.list(scope, within, { keyEnterprise: q.keyEnterprise === undefined ? undefined : q.keyEnterprise === 'true', state: q.state, text: q.q });
    const names = new Map<string, string>();
    for (const r of rows) if (!names.has(r.jurisdictionCode)) names.set(r.jurisdictionCode, await this.repo.divisionName(r.jurisdictionCode));
    return { items: rows.map((r) => this.viewWith(r, names.get(r.jurisdictionCode) ?? r.jurisdictionCode)) };
  }

  async get(ctx: RequestContext, id: string): Promise<TEmployerDetail> {
    return this.detail(await this.visible(ctx, id, 'employer.view'));
  }

  /** Activates a signed-up employer and its accounts (operator). */
  async activate(ctx: RequestContext, id: string): Promise<TEmployerDetail> {
    const row = await this.visible(ctx, id, 'employer.activate');
    const result = await this.repo.transaction(async (repo) => {
      const updated = (await repo.update(row.id, { state: 'active' }))!;
      return { updated, accounts: await repo.activateAccounts(row.id) };
    });
    ctx.audit = { action: 'employer.activate', resourceType: 'employer', resourceId: id, jurisdictionCode: row.jurisdictionCode, detail: { accounts: result.accounts } };
    return this.detail(result.updated);
  }

  /**
   * Self sign-up (public): a new employer is registered `pending`, an existing one (same credit code) gets the new
   * account; either way the account is inactive until an operator of the employer's area activates it.
   */
  async signup(ctx: RequestContext, body: TEmployerSignupBody): Promise<{ employerId: string; state: 'active' | 'pending'; username: string; active: false }> {
    ctx.audit = { action: 'employer.signup', resourceType: 'employer', detail: { username: body.username } };
    const creditCode = validCreditCode(body.creditCode, 'body.creditCode');
    await this.checkDivision(body.jurisdictionCode, 'body.jurisdictionCode');
    if (!isStrongEnough(body.password)) throw new AppError('PASSWORD_TOO_WEAK', { field: 'body.password' });
    if (await this.repo.usernameTaken(body.username)) throw new AppError('CONFLICT', { field: 'body.username', params: { detail: `username ${body.username} exists / 用户名已被使用` } });
    const passwordHash = await hashPassword(body.password);
    let out: { employer: EmployerRow; userId: string };
    try {
      out = await this.repo.transaction(async (repo) => {
        const employer =
          (await repo.byCreditCode(creditCode)) ??
          (await repo.insert({ creditCode, name: body.name, industry: body.industry, size: body.size, jurisdictionCode: body.jurisdictionCode, address: body.address, contacts: [body.contact], state: 'pending' }));
        const userId = await repo.insertAccount(employer.id, { username: body.username, passwordHash, displayName: body.name, jurisdictionCode: employer.jurisdictionCode });
        return { employer, userId };
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('CONFLICT', { field: 'body.username', params: { detail: 'signed up meanwhile / 已有相同的注册' } });
      throw e;
    }
    ctx.audit = { action: 'employer.signup', resourceType: 'employer', resourceId: out.employer.id, jurisdictionCode: out.employer.jurisdictionCode, detail: { username: body.username, userId: out.userId } };
    return { employerId: out.employer.id, state: out.employer.state === 'active' ? 'active' : 'pending', username: body.username, active: false };
  }

  private viewWith(r: EmployerRow, jurisdictionName: string): TEmployer {
    return {
      id: r.id,
      creditCode: r.creditCode,
      name: r.name,
      industry: r.industry,
      size: r.size,
      jurisdictionCode: r.jurisdictionCode,
      jurisdictionName,
      address: r.address,
      contacts: r.contacts.map((c) => ({ name: c.name, phone: c.phone, ...(c.role ? { role: c.role } : {}) })),
      keyEnterprise: r.keyEnterprise,
      internshipUnit: r.internshipUnit,
      employmentBase: r.employmentBase,
      serviceOfficer: r.serviceOfficer,
      state: r.state === 'pending' ? 'pending' : 'active',
      createdAt: r.createdAt.toISOString(),
    };
  }

  async view(r: EmployerRow): Promise<TEmployer> {
    return this.viewWith(r, await this.repo.divisionName(r.jurisdictionCode));
  }

  private async detail(r: EmployerRow): Promise<TEmployerDetail> {
    const [base, postings, accounts] = await Promise.all([this.view(r), this.repo.postingCounts(r.id), this.repo.accounts(r.id)]);
    return { ...base, postings, accounts };
  }
}
