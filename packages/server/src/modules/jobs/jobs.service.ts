/**
 * Job postings (岗位, R9.2): drafted by an employer account or by staff for an employer (走访拓岗), reviewed for
 * conditions the law forbids (`reviewPostingText`, naming the phrase), published by an operator, then filled,
 * expired or withdrawn. The occupation must be in the classification (职业分类大典, as imported); pay minimum ≤
 * maximum; refusals name the field and write nothing. An employer account reaches only its own postings.
 */
import { reviewPostingText, type PostingState, type ReviewFinding } from '@bangfu/rules';
import { can } from '../../access/roles.ts';
import { visibleOr404 } from '../../access/visible.ts';
import { AppError } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import type { Clock } from '../../jobs/clock.ts';
import type { EmployersService } from '../employers/employers.service.ts';
import type { PostingAction, TPosting, TPostingBody, TPostingPatch } from './jobs.contract.ts';
import type { JobsRepository, PostingRow } from './jobs.repository.ts';
import { shippedOccupations } from './occupations.ts';

/** Where each action may start and where it leads. */
const ACTIONS: Record<PostingAction, { from: readonly PostingState[]; to: PostingState; review?: true }> = {
  submit: { from: ['draft'], to: 'in_review' },
  approve: { from: ['draft', 'in_review'], to: 'published', review: true },
  reject: { from: ['in_review'], to: 'draft', review: true },
  withdraw: { from: ['draft', 'in_review', 'published'], to: 'withdrawn' },
  fill: { from: ['published'], to: 'filled' },
  expire: { from: ['published'], to: 'expired' },
};
const EDITABLE: readonly PostingState[] = ['draft', 'in_review', 'published'];

type ReviewRecord = { decision: string; by: string; at: string; note: string | null; findings: ReviewFinding[] };

function isReviewRecord(x: unknown): x is ReviewRecord {
  return typeof x === 'object' && x !== null && 'decision' in x && 'findings' in x;
}

function postingState(s: string): PostingState {
  switch (s) {
    case 'draft':
    case 'in_review':
    case 'published':
    case 'filled':
    case 'expired':
    case 'withdrawn':
      return s;
    default:
      return 'withdrawn';
  }
}

export class JobsService {
  private occupationsReady: Promise<void> | undefined;

  constructor(
    readonly repo: JobsRepository,
    readonly employers: EmployersService,
    readonly clock: Clock,
  ) {}

  /** Loads the shipped classification once when the table is empty (a deployment imports the full list instead). */
  ensureOccupations(): Promise<void> {
    this.occupationsReady ??= (async () => {
      if ((await this.repo.occupationCount()) === 0) await this.repo.importOccupations(shippedOccupations());
    })().catch((e: unknown) => {
      this.occupationsReady = undefined;
      throw e;
    });
    return this.occupationsReady;
  }

  async occupations(q: { q?: string | undefined; under?: string | undefined }) {
    await this.ensureOccupations();
    const { rows, total } = await this.repo.searchOccupations(q.q, q.under, 50);
    return { items: rows.map((r) => ({ code: r.code, level: r.level, name: r.name, aliases: r.aliases ? r.aliases.split('|').filter(Boolean) : [] })), total };
  }

  /** Refuses codes missing from the classification, naming the field. */
  async checkOccupations(codes: readonly string[], field: (i: number) => string): Promise<Map<string, string>> {
    await this.ensureOccupations();
    const known = await this.repo.occupationsByCode(codes);
    codes.forEach((c, i) => {
      if (!known.has(c)) throw new AppError('OCCUPATION_UNKNOWN', { field: field(i), params: { code: c } });
    });
    return new Map([...known].map(([k, v]) => [k, v.name]));
  }

  async visiblePosting(ctx: RequestContext, id: string, action: string, purpose: 'read' | 'manage', field = 'params.id'): Promise<PostingRow> {
    const own = await this.employers.ownEmployerId(ctx);
    return visibleOr404(ctx, await this.repo.findPosting(scopeOf(ctx), own, id, purpose), { action, resourceType: 'job_posting', resourceId: id, field });
  }

  check(texts: { title?: string | undefined; description?: string | undefined; skills?: readonly string[] | undefined }, ageJustification: string | null | undefined): ReviewFinding[] {
    return reviewPostingText({ title: texts.title, description: texts.description, skills: texts.skills?.join('，') }, { ageJustification });
  }

  /** Every check of a posting's content; throws the first refusal (field named), returns nothing. */
  private async validate(p: { occupationCode: string; payMin: number | null; payMax: number | null; validFrom: string | null; validTo: string | null; title: string; description: string; skills: readonly string[]; ageJustification: string | null }): Promise<void> {
    await this.checkOccupations([p.occupationCode], () => 'body.occupationCode');
    if (p.payMin !== null && p.payMax !== null && p.payMin > p.payMax) throw new AppError('POSTING_PAY_RANGE', { field: 'body.payMin', params: { min: String(p.payMin), max: String(p.payMax) } });
    if (p.validFrom && p.validTo && p.validFrom > p.validTo) throw new AppError('POSTING_DATES', { field: 'body.validTo', params: { from: p.validFrom, to: p.validTo } });
    const findings = this.check(p, p.ageJustification);
    const first = findings[0];
    if (first) {
      throw new AppError('POSTING_FORBIDDEN_CONDITION', {
        field: `body.${first.field}`,
        params: { detailZh: findings.map((f) => f.textZh).join('；'), detailEn: findings.map((f) => f.textEn).join('; ') },
        issues: findings.map((f) => ({ field: `body.${f.field}`, messageZh: f.textZh, messageEn: f.textEn })),
        details: { findings },
      });
    }
  }

  async create(ctx: RequestContext, body: TPostingBody): Promise<TPosting> {
    const actor = requireActor(ctx);
    ctx.audit = { action: 'posting.create', resourceType: 'job_posting', jurisdictionCode: body.jurisdictionCode };
    const own = await this.employers.ownEmployerId(ctx);
    let employerId: string;
    if (own) {
      if (body.employerId !== undefined && body.employerId !== own) {
        ctx.audit = { ...ctx.audit, denied: true, detail: { reason: 'not_own_employer', employerId: body.employerId } };
        throw new AppError('NOT_FOUND', { field: 'body.employerId' });
      }
      employerId = own;
    } else {
      if (!body.employerId) throw new AppError('VALIDATION_FAILED', { field: 'body.employerId', params: { detail: 'body.employerId: required for staff' }, issues: [{ field: 'body.employerId', messageZh: '请选择用人单位', messageEn: 'choose the employer' }] });
      scopeOf(ctx).assertCovers(body.jurisdictionCode);
      employerId = (await this.employers.visible(ctx, body.employerId, 'posting.create', 'body.employerId')).id;
    }
    const employer = (await this.repo.employer(employerId))!;
    await this.validate(body);
    const row = await this.repo.insertPosting({ ...body, employerId, employerName: employer.name, state: 'draft', open: false, createdBy: actor.userId });
    ctx.audit = { action: 'posting.create', resourceType: 'job_posting', resourceId: row.id, jurisdictionCode: row.jurisdictionCode, detail: { employerId } };
    return this.view(row);
  }

  async update(ctx: RequestContext, id: string, patch: TPostingPatch): Promise<TPosting> {
    const row = await this.visiblePosting(ctx, id, 'posting.update', 'manage');
    const state = postingState(row.state);
    if (!EDITABLE.includes(state)) throw new AppError('WORKFLOW_STATE_INVALID', { params: { resourceZh: '岗位', resourceEn: 'posting', state, actionZh: '修改', actionEn: 'edit it' } });
    if (patch.jurisdictionCode !== undefined && requireActor(ctx).role !== 'employer') scopeOf(ctx).assertCovers(patch.jurisdictionCode);
    const merged = {
      occupationCode: patch.occupationCode ?? row.occupationCode ?? '',
      payMin: patch.payMin !== undefined ? patch.payMin : row.payMin,
      payMax: patch.payMax !== undefined ? patch.payMax : row.payMax,
      validFrom: patch.validFrom ?? row.validFrom,
      validTo: patch.validTo ?? row.validTo,
      title: patch.title ?? row.title,
      description: patch.description ?? row.description,
      skills: patch.skills ?? row.skills,
      ageJustification: patch.ageJustification !== undefined ? patch.ageJustification : row.ageJustification,
    };
    await this.validate(merged);
    // An employer's change to a published posting goes back to review.
    const back = requireActor(ctx).role === 'employer' && state === 'published' ? { state: 'in_review' as const, open: false } : {};
    const updated = await this.repo.updatePosting(row.id, { ...patch, ...back }, [state]);
    if (!updated) throw new AppError('CONFLICT', { field: 'params.id', params: { detail: 'the posting changed meanwhile / 岗位已被修改，请刷新' } });
    ctx.audit = { action: 'posting.update', resourceType: 'job_posting', resourceId: id, jurisdictionCode: updated.jurisdictionCode, detail: { fields: Object.keys(patch), state: updated.state } };
    return this.view(updated);
  }

  async act(ctx: RequestContext, id: string, action: PostingAction, note: string | undefined): Promise<TPosting> {
    const actor = requireActor(ctx);
    const row = await this.visiblePosting(ctx, id, `posting.${action}`, 'manage');
    const step = ACTIONS[action];
    if (step.review && !can(actor.role, 'job.review')) {
      ctx.audit = { action: `posting.${action}`, resourceType: 'job_posting', resourceId: id, jurisdictionCode: row.jurisdictionCode, denied: true, detail: { reason: 'permission', permission: 'job.review' } };
      throw new AppError('FORBIDDEN');
    }
    const from = postingState(row.state);
    if (!step.from.includes(from)) throw new AppError('WORKFLOW_STATE_INVALID', { field: 'body.action', params: { resourceZh: '岗位', resourceEn: 'posting', state: from, actionZh: action, actionEn: action } });
    if (action === 'reject' && !note) throw new AppError('VALIDATION_FAILED', { field: 'body.note', params: { detail: 'body.note: a rejection gives the reason' }, issues: [{ field: 'body.note', messageZh: '退回须写明原因', messageEn: 'a rejection gives the reason' }] });
    const patch: Parameters<JobsRepository['updatePosting']>[1] = { state: step.to, open: step.to === 'published' };
    if (action === 'submit' || action === 'approve') {
      await this.validate({ ...row, occupationCode: row.occupationCode ?? '' });
      if (action === 'approve' && row.validTo && row.validTo < this.clock.today()) throw new AppError('POSTING_NOT_OPEN', { field: 'body.action', params: { title: row.title, detailZh: `有效期已于 ${row.validTo} 结束`, detailEn: `its validity ended on ${row.validTo}` } });
    }
    if (step.review) patch.review = { decision: action === 'approve' ? 'approved' : 'rejected', by: actor.displayName, at: this.clock.now().toISOString(), note: note ?? null, findings: [] } satisfies ReviewRecord;
    const updated = await this.repo.updatePosting(row.id, patch, [from]);
    if (!updated) throw new AppError('CONFLICT', { field: 'params.id', params: { detail: 'the posting changed meanwhile / 岗位已被修改，请刷新' } });
    ctx.audit = { action: `posting.${action}`, resourceType: 'job_posting', resourceId: id, jurisdictionCode: row.jurisdictionCode, reason: note, detail: { from, to: step.to } };
    return this.view(updated);
  }

  async list(ctx: RequestContext, q: { jurisdiction?: string | undefined; state?: string | undefined; employerId?: string | undefined; q?: string | undefined }): Promise<{ items: TPosting[] }> {
    const own = await this.employers.ownEmployerId(ctx);
    const scope = scopeOf(ctx);
    const within = own ? null : scope.narrow(q.jurisdiction);
    return { items: await this.views(await this.repo.listPostings(scope, own, within, { state: q.state, employerId: q.employerId, text: q.q })) };
  }

  async get(ctx: RequestContext, id: string): Promise<TPosting> {
    return this.view(await this.visiblePosting(ctx, id, 'posting.view', 'read'));
  }

  async view(row: PostingRow): Promise<TPosting> {
    return (await this.views([row]))[0]!;
  }

  async views(rows: readonly PostingRow[]): Promise<TPosting[]> {
    const names = await this.repo.occupationsByCode(rows.map((r) => r.occupationCode).filter((c): c is string => !!c));
    return rows.map((r) => ({
      id: r.id,
      employerId: r.employerId,
      employerName: r.employerName,
      occupationCode: r.occupationCode,
      occupationName: r.occupationCode ? (names.get(r.occupationCode)?.name ?? null) : null,
      title: r.title,
      description: r.description,
      openings: r.openings,
      filled: r.filled,
      jurisdictionCode: r.jurisdictionCode,
      address: r.address,
      payMin: r.payMin,
      payMax: r.payMax,
      hours: r.hours === 'part_time' || r.hours === 'flexible' ? r.hours : 'full_time',
      education: r.education,
      experienceYears: r.experienceYears,
      skills: r.skills,
      gig: r.gig,
      internship: r.internship,
      ageFriendly: r.ageFriendly,
      disabilitySuitable: r.disabilitySuitable,
      ageJustification: r.ageJustification,
      validFrom: r.validFrom,
      validTo: r.validTo,
      state: postingState(r.state),
      review: isReviewRecord(r.review) ? { decision: r.review.decision, by: r.review.by, at: r.review.at, note: r.review.note, findings: r.review.findings } : null,
      createdAt: r.createdAt.toISOString(),
    }));
  }
}
