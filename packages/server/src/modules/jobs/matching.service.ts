/**
 * Explained matching both ways (R9.3; CQ25 二 “大数据匹配、精准推送”): a person's best postings and a posting's best
 * registrants, scored by the rules package (`rankPostingsFor`, `rankSeekersFor`) with the weights of the pack in
 * force for the person's (or the posting's) jurisdiction. Job-seeking preferences (求职意向) are the person facts
 * the person file does not hold. Candidates are shown with the masked ID number only.
 */
import { ageOn, isOlder, parseIsoDate, postingExclusion, exclusionText, rankPostingsFor, rankSeekersFor, type HoursType, type PackRegistry, type PostingFacts, type SeekerFacts } from '@bangfu/rules';
import { visibleOr404 } from '../../access/visible.ts';
import { AppError } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import type { Clock } from '../../jobs/clock.ts';
import type { TPersonMatches, TPostingCandidates, TPreferences, TPreferencesBody } from './jobs.contract.ts';
import type { JobsRepository, MatchPerson, PostingRow, PreferencesRow } from './jobs.repository.ts';
import type { JobsService } from './jobs.service.ts';

/** Postings read per candidate set of one person's matching (county; wanted middle groups; suitable ones). */
export const POSTINGS_PER_SET = 500;
/** Registrants read for one posting's candidates (those of the posting's county). */
export const CANDIDATES_CONSIDERED = 5000;

const HOURS: readonly HoursType[] = ['full_time', 'part_time', 'flexible'];
const asHours = (xs: readonly string[]): HoursType[] => HOURS.filter((h) => xs.includes(h));

export function seekerFacts(p: MatchPerson, prefs: PreferencesRow | undefined, asOf: string): SeekerFacts {
  const skills = Array.isArray(p.skills) ? p.skills.map((s: unknown) => (typeof s === 'object' && s !== null && 'name' in s ? String(s.name) : String(s))) : [];
  return {
    ref: p.id,
    sex: p.sex === 'female' || p.sex === 'male' ? p.sex : 'unknown',
    ageYears: ageOn(parseIsoDate(p.birthDate, 'birthDate'), parseIsoDate(asOf, 'asOf')).years,
    disabled: p.disabled,
    divisionCode: p.jurisdictionCode,
    occupationCodes: prefs?.occupationCodes ?? [],
    pastOccupationCodes: prefs?.pastOccupationCodes ?? [],
    skills,
    payMin: prefs?.payMin ?? null,
    hours: asHours(prefs?.hours ?? []),
    education: p.education,
    experienceYears: prefs?.experienceYears ?? null,
  };
}

export function postingFacts(r: PostingRow): PostingFacts {
  const state = r.state === 'draft' || r.state === 'in_review' || r.state === 'published' || r.state === 'filled' || r.state === 'expired' ? r.state : 'withdrawn';
  return {
    ref: r.id,
    state,
    occupationCode: r.occupationCode,
    divisionCode: r.jurisdictionCode,
    skills: r.skills,
    payMin: r.payMin,
    payMax: r.payMax,
    hours: asHours([r.hours])[0] ?? 'full_time',
    education: r.education,
    experienceYears: r.experienceYears,
    ageFriendly: r.ageFriendly,
    disabilitySuitable: r.disabilitySuitable,
    validFrom: r.validFrom,
    validTo: r.validTo,
    openings: r.openings,
    filled: r.filled,
  };
}

const explanationLines = (xs: readonly { rule: string; source: string; pack?: string | undefined; text: string; textEn?: string | undefined }[]) => xs.map((e) => ({ rule: e.rule, source: e.source, pack: e.pack ?? '', text: e.text, textEn: e.textEn ?? '' }));

export class MatchingService {
  constructor(
    private readonly repo: JobsRepository,
    private readonly jobs: JobsService,
    private readonly registry: PackRegistry,
    private readonly clock: Clock,
  ) {}

  async visiblePerson(ctx: RequestContext, id: string, action: string): Promise<MatchPerson> {
    return visibleOr404(ctx, await this.repo.findPerson(scopeOf(ctx), id), { action, resourceType: 'person', resourceId: id, field: 'params.id' });
  }

  async preferences(ctx: RequestContext, personId: string): Promise<TPreferences> {
    const person = await this.visiblePerson(ctx, personId, 'job.preferences');
    return this.preferencesView(person.id, (await this.repo.preferences([person.id])).get(person.id));
  }

  async savePreferences(ctx: RequestContext, personId: string, body: TPreferencesBody): Promise<TPreferences> {
    const actor = requireActor(ctx);
    const person = await this.visiblePerson(ctx, personId, 'job.preferences.save');
    await this.jobs.checkOccupations(body.occupationCodes, (i) => `body.occupationCodes[${i}]`);
    await this.jobs.checkOccupations(body.pastOccupationCodes, (i) => `body.pastOccupationCodes[${i}]`);
    const row = await this.repo.savePreferences({ personId: person.id, ...body, updatedBy: actor.userId });
    ctx.audit = { action: 'job.preferences.save', resourceType: 'person', resourceId: person.id, jurisdictionCode: person.jurisdictionCode };
    return this.preferencesView(person.id, row);
  }

  private async preferencesView(personId: string, row: PreferencesRow | undefined): Promise<TPreferences> {
    const names = await this.repo.occupationsByCode(row?.occupationCodes ?? []);
    return {
      personId,
      occupations: (row?.occupationCodes ?? []).map((c) => ({ code: c, name: names.get(c)?.name ?? c })),
      pastOccupationCodes: row?.pastOccupationCodes ?? [],
      payMin: row?.payMin ?? null,
      hours: asHours(row?.hours ?? []),
      experienceYears: row?.experienceYears ?? null,
      updatedAt: row?.updatedAt.toISOString() ?? null,
    };
  }

  /** A person's best published postings (of their province), each with the factors' scores and reasons. */
  async forPerson(ctx: RequestContext, personId: string, limit: number): Promise<TPersonMatches> {
    const person = await this.visiblePerson(ctx, personId, 'job.matches');
    const asOf = this.clock.today();
    const pack = this.registry.resolve(person.jurisdictionCode, asOf);
    const [prefs, recs] = await Promise.all([this.repo.preferences([person.id]), this.repo.recommendationsOfPerson(person.id)]);
    const seeker = seekerFacts(person, prefs.get(person.id), asOf);
    const postings = await this.repo.candidatePostings({
      divisionCode: person.jurisdictionCode,
      occupationPrefixes: [...seeker.occupationCodes, ...seeker.pastOccupationCodes].map((c) => c.slice(0, 5)),
      suitability: seeker.disabled || isOlder(seeker, pack),
      asOf,
      perSet: POSTINGS_PER_SET,
    });
    const ranked = rankPostingsFor(seeker, postings.map(postingFacts), pack, asOf, limit);
    const byId = new Map(postings.map((p) => [p.id, p]));
    const views = new Map((await this.jobs.views(ranked.items.map((i) => byId.get(i.posting)!))).map((v) => [v.id, v]));
    const recommended = new Set(recs.map((r) => r.postingId));
    ctx.audit = { action: 'job.matches', resourceType: 'person', resourceId: person.id, jurisdictionCode: person.jurisdictionCode };
    return {
      personId: person.id,
      asOf,
      pack: `${pack.id}@${pack.version}`,
      considered: postings.length,
      items: ranked.items.map((i) => ({ posting: views.get(i.posting)!, score: i.score, factors: i.factors.map((f) => ({ ...f, numbers: { ...f.numbers } })), recommended: recommended.has(i.posting) })),
      explanations: explanationLines(ranked.explanations),
    };
  }

  /** A posting's best registrants in its county within the caller's area (masked ID numbers). */
  async forPosting(ctx: RequestContext, postingId: string, limit: number): Promise<TPostingCandidates> {
    const posting = await this.jobs.visiblePosting(ctx, postingId, 'job.candidates', 'read');
    const asOf = this.clock.today();
    const why = postingExclusion(postingFacts(posting), asOf);
    if (why) {
      const t = exclusionText(why);
      throw new AppError('POSTING_NOT_OPEN', { field: 'params.id', params: { title: posting.title, detailZh: t.textZh, detailEn: t.textEn } });
    }
    const pack = this.registry.resolve(posting.jurisdictionCode, asOf);
    const pool = await this.repo.activeRegistrantsUnder(scopeOf(ctx), posting.jurisdictionCode.slice(0, 6), CANDIDATES_CONSIDERED);
    const prefs = await this.repo.preferences(pool.map((p) => p.id));
    const ranked = rankSeekersFor(postingFacts(posting), pool.map((p) => seekerFacts(p, prefs.get(p.id), asOf)), pack, limit);
    const byId = new Map(pool.map((p) => [p.id, p]));
    ctx.audit = { action: 'job.candidates', resourceType: 'job_posting', resourceId: posting.id, jurisdictionCode: posting.jurisdictionCode, detail: { considered: pool.length } };
    return {
      posting: await this.jobs.view(posting),
      asOf,
      pack: `${pack.id}@${pack.version}`,
      considered: pool.length,
      items: ranked.items.map((i) => {
        const p = byId.get(i.seeker)!;
        return { personId: p.id, name: p.name, idNumberMasked: p.idNumberMasked, jurisdictionCode: p.jurisdictionCode, score: i.score, factors: i.factors.map((f) => ({ ...f, numbers: { ...f.numbers } })) };
      }),
      explanations: explanationLines(ranked.explanations),
    };
  }
}
