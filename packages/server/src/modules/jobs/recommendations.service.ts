/**
 * Recommendation to result (R9.3; NM24 二(二)1 岗位推送与回访求职结果; XC23 三(二)1 “131”): a caseworker recommends
 * postings to a person — each one a `job_recommendation` service record citing the posting, so the person's
 * obligations count it — and the result is followed: recommended → interested / declined (why) → referred →
 * interviewed → hired / not hired (why), by staff, by the employer for its referrals, by the person for their own
 * (`checkRecommendationTransition`). "Hired" records the employment registration through the registration
 * slice, which ends the unemployment registration with reason `hired`, and fills one opening of the posting.
 */
import { REFERRED_STATES, RECOMMENDATION_STATES, checkRecommendationTransition, nextRecommendationStates, postingExclusion, exclusionText, scoreMatch, type PackRegistry, type RecommendationActor, type RecommendationState } from '@bangfu/rules';
import { lookupOf, visibleOr404 } from '../../access/visible.ts';
import { AppError } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type Actor, type RequestContext } from '../../http/context.ts';
import type { Clock } from '../../jobs/clock.ts';
import type { RegistrationService } from '../registration/registration.service.ts';
import type { ServicesService } from '../services/services.service.ts';
import type { EmployersService } from '../employers/employers.service.ts';
import type { TJobFigures, TRecommendation, TRecommendBody, TRecommended } from './jobs.contract.ts';
import type { JobsRepository, PostingRow, RecommendationRow } from './jobs.repository.ts';
import type { JobsService } from './jobs.service.ts';
import { postingFacts, seekerFacts, type MatchingService } from './matching.service.ts';

function actorKind(actor: Actor): RecommendationActor {
  return actor.role === 'citizen' ? 'citizen' : actor.role === 'employer' ? 'employer' : 'staff';
}

function recState(s: string): RecommendationState {
  return (RECOMMENDATION_STATES as readonly string[]).includes(s) ? (s as RecommendationState) : 'recommended';
}

/** An employer sees the surname only. */
function maskName(name: string): string {
  return `${[...name][0] ?? ''}**`;
}

export class RecommendationsService {
  constructor(
    private readonly repo: JobsRepository,
    private readonly jobs: JobsService,
    private readonly matching: MatchingService,
    private readonly employers: EmployersService,
    private readonly services: ServicesService,
    private readonly registration: RegistrationService,
    private readonly registry: PackRegistry,
    private readonly clock: Clock,
  ) {}

  /** Recommends postings to a person: checks every posting first (nothing written on a refusal), then records each. */
  async recommend(ctx: RequestContext, personId: string, body: TRecommendBody): Promise<TRecommended> {
    const actor = requireActor(ctx);
    const person = await this.matching.visiblePerson(ctx, personId, 'job.recommend');
    const today = this.clock.today();
    const servedOn = body.servedOn ?? today;
    const postings: PostingRow[] = [];
    for (const [i, id] of body.postingIds.entries()) {
      const field = `body.postingIds[${i}]`;
      const p = await this.jobs.visiblePosting(ctx, id, 'job.recommend', 'read', field);
      const why = postingExclusion(postingFacts(p), servedOn);
      if (why) {
        const t = exclusionText(why);
        ctx.audit = { action: 'job.recommend', resourceType: 'job_posting', resourceId: p.id, jurisdictionCode: person.jurisdictionCode, detail: { personId: person.id, refused: why } };
        throw new AppError('POSTING_NOT_OPEN', { field, params: { title: p.title, detailZh: t.textZh, detailEn: t.textEn } });
      }
      if (postings.some((x) => x.id === p.id) || (await this.repo.recommendationOf(person.id, p.id))) {
        throw new AppError('CONFLICT', { field, params: { detail: `posting ${p.title} was already recommended to this person / 该岗位已推荐过` } });
      }
      postings.push(p);
    }
    const pack = this.registry.resolve(person.jurisdictionCode, today);
    const seeker = seekerFacts(person, (await this.repo.preferences([person.id])).get(person.id), today);
    const created: RecommendationRow[] = [];
    for (const p of postings) {
      const match = scoreMatch(seeker, postingFacts(p), pack);
      const { record } = await this.services.record(ctx, person.id, {
        type: 'job_recommendation',
        channel: body.channel,
        servedOn,
        postingId: p.id,
        content: `推荐岗位：${p.title}（${p.employerName}）${body.note ? `；${body.note}` : ''}`,
        idempotencyKey: `job-recommendation:${p.id}`,
      });
      created.push(
        await this.repo.insertRecommendation({
          personId: person.id,
          postingId: p.id,
          employerId: p.employerId,
          serviceRecordId: record.id,
          jurisdictionCode: person.jurisdictionCode,
          state: 'recommended',
          score: match.score,
          factors: match.factors,
          history: [{ state: 'recommended', at: this.clock.now().toISOString(), by: actor.displayName, role: actor.role }],
          recommendedBy: actor.userId,
        }),
      );
    }
    const state = await this.services.state(ctx, person.id);
    const ob = state.obligations.filter((o) => o.service === 'job_recommendation');
    ctx.audit = { action: 'job.recommend', resourceType: 'person', resourceId: person.id, jurisdictionCode: person.jurisdictionCode, detail: { postings: postings.map((p) => p.id), servedOn } };
    return {
      items: await this.views(created, actor),
      obligation: ob.length ? { delivered: Math.max(...ob.map((o) => o.delivered)), required: Math.max(...ob.map((o) => o.required)) } : null,
    };
  }

  /** A recommendation by id: staff of the person's area, the person, or the employer once it was referred to it. */
  private async visible(ctx: RequestContext, id: string, action: string): Promise<RecommendationRow> {
    const actor = requireActor(ctx);
    const own = await this.employers.ownEmployerId(ctx);
    const scope = scopeOf(ctx);
    const found = lookupOf(await this.repo.recommendation(id), (r) => {
      if (actor.role === 'citizen') return r.personId === actor.personId;
      if (actor.role === 'employer') return r.employerId !== own ? 'not_own_employer' : REFERRED_STATES.includes(recState(r.state)) || 'not_referred';
      return scope.covers(r.jurisdictionCode);
    });
    return visibleOr404(ctx, found, { action, resourceType: 'job_recommendation', resourceId: id, field: 'params.id' });
  }

  async transition(ctx: RequestContext, id: string, body: { to: RecommendationState; reason?: string | undefined }): Promise<TRecommendation> {
    const actor = requireActor(ctx);
    const row = await this.visible(ctx, id, 'job.result');
    const from = recState(row.state);
    const check = checkRecommendationTransition(from, body.to, actorKind(actor), body.reason);
    if (!check.ok) {
      ctx.audit = { action: 'job.result', resourceType: 'job_recommendation', resourceId: id, jurisdictionCode: row.jurisdictionCode, detail: { from, to: body.to, refused: check.why } };
      throw new AppError('JOB_TRANSITION_REFUSED', { field: check.why === 'reason_required' ? 'body.reason' : 'body.to', params: { from, to: body.to, detailZh: check.textZh, detailEn: check.textEn } });
    }
    let employmentId: string | null = null;
    let endedRegistration: string | null = null;
    if (body.to === 'hired') {
      const posting = (await this.repo.posting(row.postingId))!;
      if (posting.filled >= posting.openings) throw new AppError('POSTING_NOT_OPEN', { field: 'body.to', params: { title: posting.title, detailZh: exclusionText('full').textZh, detailEn: exclusionText('full').textEn } });
      const employer = posting.employerId ? await this.repo.employer(posting.employerId) : undefined;
      const [person] = await this.repo.personsByIds([row.personId]);
      // The employment registration is recorded on behalf of this referral: the caller's access was checked above
      // (staff of the area, or the employer the person was referred to), so its scope is narrowed to the person's
      // own division for this one call.
      const onBehalf: RequestContext = { ...ctx, actor: { ...actor, jurisdictionCode: person!.jurisdictionCode }, audit: {} };
      const e = await this.registration.registerEmployment(onBehalf, row.personId, {
        employerName: employer?.name ?? posting.employerName,
        ...(employer ? { employerCreditCode: employer.creditCode } : {}),
        startedOn: this.clock.today(),
        type: 'stable',
      });
      employmentId = e.id;
      endedRegistration = e.endedRegistration?.id ?? null;
    }
    const history = [...row.history, { state: body.to, at: this.clock.now().toISOString(), by: actor.displayName, role: actor.role, ...(body.reason ? { reason: body.reason } : {}) }];
    const moved = await this.repo.transaction(async (repo) => {
      const m = await repo.moveRecommendation(row, from, { state: body.to, reason: body.reason ?? null, history, ...(employmentId ? { employmentId } : {}) });
      if (m && body.to === 'hired') await repo.fillPlace(row.postingId);
      return m;
    });
    if (!moved) throw new AppError('CONFLICT', { field: 'params.id', params: { detail: 'the recommendation changed meanwhile / 推荐结果已被他人更新，请刷新' } });
    ctx.audit = { action: 'job.result', resourceType: 'job_recommendation', resourceId: id, jurisdictionCode: row.jurisdictionCode, reason: body.reason, detail: { personId: row.personId, postingId: row.postingId, from, to: body.to, employmentId, endedRegistration } };
    return (await this.views([moved], actor))[0]!;
  }

  async forPerson(ctx: RequestContext, personId: string): Promise<{ items: TRecommendation[] }> {
    const person = await this.matching.visiblePerson(ctx, personId, 'job.recommendations');
    return { items: await this.views(await this.repo.recommendationsOfPerson(person.id), requireActor(ctx)) };
  }

  /** The citizen's own recommendations (portal: "recommended to me"). */
  async mine(ctx: RequestContext): Promise<{ items: TRecommendation[] }> {
    const actor = requireActor(ctx);
    if (actor.role !== 'citizen' || !actor.personId) throw new AppError('FORBIDDEN');
    return { items: await this.views(await this.repo.recommendationsOfPerson(actor.personId), actor) };
  }

  /** Recommendations of a posting: an employer sees those referred to it (names masked); staff those of their area. */
  async forPosting(ctx: RequestContext, postingId: string): Promise<{ items: TRecommendation[] }> {
    const actor = requireActor(ctx);
    const posting = await this.jobs.visiblePosting(ctx, postingId, 'job.referrals', 'read');
    const scope = scopeOf(ctx);
    const rows = actor.role === 'employer' ? await this.repo.recommendationsOfPosting(posting.id, REFERRED_STATES) : (await this.repo.recommendationsOfPosting(posting.id)).filter((r) => scope.covers(r.jurisdictionCode));
    ctx.audit = { action: 'job.referrals', resourceType: 'job_posting', resourceId: posting.id, jurisdictionCode: posting.jurisdictionCode, detail: { count: rows.length } };
    return { items: await this.views(rows, actor) };
  }

  /** Recommendations, interviews, hires, time to hire, per recommender; postings and openings of the area. */
  async figures(ctx: RequestContext, jurisdiction: string | undefined): Promise<TJobFigures> {
    const scope = scopeOf(ctx);
    const within = scope.narrow(jurisdiction);
    const f = await this.repo.figures(scope, within);
    const byState = Object.fromEntries(RECOMMENDATION_STATES.map((s) => [s, f.recs.find((r) => r.state === s)?.n ?? 0])) as Record<RecommendationState, number>;
    const postingStates = ['draft', 'in_review', 'published', 'filled', 'expired', 'withdrawn'] as const;
    const hired = f.recs.find((r) => r.state === 'hired');
    return {
      jurisdictionCode: within,
      recommendations: {
        total: Object.values(byState).reduce((a, b) => a + b, 0),
        byState,
        interviews: byState.interviewed + byState.hired + byState.not_hired,
        hires: byState.hired,
        meanDaysToHire: hired?.days === null || hired?.days === undefined ? null : Math.round(hired.days * 10) / 10,
      },
      byRecommender: f.byWorker.map((w) => ({ userId: w.userId, recommendations: w.n, hires: w.hired })),
      postings: {
        byState: Object.fromEntries(postingStates.map((s) => [s, f.postings.find((p) => p.state === s)?.n ?? 0])) as Record<(typeof postingStates)[number], number>,
        openings: f.postings.reduce((a, p) => a + p.openings, 0),
        filled: f.postings.reduce((a, p) => a + p.filled, 0),
      },
    };
  }

  private async views(rows: readonly RecommendationRow[], actor: Actor): Promise<TRecommendation[]> {
    const [postings, people] = await Promise.all([this.repo.postingsByIds(rows.map((r) => r.postingId)), this.repo.personsByIds(rows.map((r) => r.personId))]);
    const names = new Map(people.map((p) => [p.id, p.name]));
    return rows.map((r) => {
      const p = postings.get(r.postingId)!;
      const name = names.get(r.personId) ?? '';
      return {
        id: r.id,
        personId: r.personId,
        personName: actor.role === 'employer' ? maskName(name) : name,
        posting: { id: p.id, title: p.title, employerName: p.employerName, jurisdictionCode: p.jurisdictionCode, payMin: p.payMin, payMax: p.payMax, state: postingFacts(p).state },
        serviceRecordId: r.serviceRecordId,
        state: recState(r.state),
        next: nextRecommendationStates(recState(r.state), actorKind(actor)),
        reason: r.reason,
        score: r.score,
        history: r.history,
        employmentId: r.employmentId,
        createdAt: r.createdAt.toISOString(),
      };
    });
  }
}
