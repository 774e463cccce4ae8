/**
 * Ranking and placement (R6): candidates ranked over the whole pool by the pack's priority groups with the reasons
 * for every place (`rankPostCandidates`, XC23 四(六)); placement with a contract term of at most 3 years or to
 * statutory retirement when it is less than 5 years away (人社部发〔2019〕124号), second placement only for the
 * groups the pack allows (NM22 三(五)), capacity enforced by a conditional update; extension, exit with reason,
 * term-end alerts. Refusals write nothing.
 */
import { addCalendarMonths, addDays, formatIsoDate, parseIsoDate, rankPostCandidates, type PostCandidateFacts, type RankedCandidate, type ResolvedPack } from '@bangfu/rules';
import { visibleOr404 } from '../../access/visible.ts';
import { AppError } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import type { PersonRow } from '../persons/persons.repository.ts';
import { isUniqueViolation } from '../registration/registration.repository.ts';
import { AssistanceRepository } from '../assistance/assistance.repository.ts';
import { gatherFacts } from '../assistance/facts.ts';
import { extensionLimit, src, type ExtensionLimit } from './extension.ts';
import { PLACEMENT, invalid, stateRefused, type PostsCore } from './posts.core.ts';
import type { PostExitReason, TExtensionPreview, TPostAlerts, TPostCandidates, TPostPlacement } from './posts.contract.ts';
import type { PlacementRow, PostRow, PostsRepository } from './posts.repository.ts';
import { placementView, postSummary } from './posts.views.ts';

const EXTEND = { zh: '延期', en: 'extend' };

export class PostPlacements {
  /** Pool members loaded per chunk when ranking (tests make it small to cross chunk borders). */
  poolChunk = 1000;

  constructor(private readonly core: PostsCore) {}

  /**
   * Ranks a whole pool by the pack's priority (`rankPostCandidates`): people are loaded and their facts gathered
   * `poolChunk` at a time (only the facts are kept), then ranked once over everyone, so a rank never depends on
   * the page asked for nor on a cap. `extra` is added when it is not in the pool (the person being placed).
   */
  private async rankPool(ids: readonly string[], pack: ResolvedPack, asOf: string, repo: PostsRepository, extra?: PersonRow) {
    const aRepo = new AssistanceRepository(repo.db);
    const facts: PostCandidateFacts[] = [];
    const all = extra && !ids.includes(extra.id) ? [...ids, extra.id] : ids;
    for (let i = 0; i < all.length; i += this.poolChunk) {
      const chunk = all.slice(i, i + this.poolChunk);
      const people = extra && chunk.includes(extra.id) ? [...(await repo.factPersonsIn(chunk.filter((id) => id !== extra.id))), extra] : await repo.factPersonsIn(chunk);
      const files = await aRepo.fileFacts(people, this.core.cipher);
      for (const p of people) facts.push(gatherFacts(files.get(p.id)!, {}, asOf).facts);
    }
    return rankPostCandidates(facts, pack, parseIsoDate(asOf, 'asOf'));
  }

  /**
   * The ranked candidate list for a post, one page: the whole default pool in the post's jurisdiction (or the
   * people named) ranked together, with rank, group and the reasons; `total` and the eligibility counts cover
   * the whole pool.
   */
  async candidates(ctx: RequestContext, id: string, q: { personIds?: string[] | undefined; page: number; pageSize: number }): Promise<TPostCandidates> {
    const { repo } = this.core;
    const scope = scopeOf(ctx);
    const post = await this.core.visiblePost(ctx, id, 'post.candidates');
    const today = this.core.today();
    const pack = this.core.registry.resolve(post.jurisdictionCode, today);
    let ids: string[];
    if (q.personIds?.length) {
      const named = [...new Set(q.personIds)];
      const visible = new Set((await repo.personsIn(named)).filter((p) => scope.canSeePerson(p)).map((p) => p.id));
      if (named.some((pid) => !visible.has(pid))) throw new AppError('NOT_FOUND', { field: 'querystring.personIds' });
      ids = named;
    } else ids = await repo.poolIds(scope, post.jurisdictionCode);
    const ranked = await this.rankPool(ids, pack, today, repo);
    const pageItems = ranked.ranking.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
    const byId = new Map((await repo.personsIn(pageItems.map((c) => c.ref))).map((p) => [p.id, p]));
    const counts = { eligible: 0, unknown: 0, ineligible: 0 };
    for (const c of ranked.ranking) counts[c.eligible === true ? 'eligible' : c.eligible === 'unknown' ? 'unknown' : 'ineligible'] += 1;
    return {
      post: postSummary(post),
      pack: `${pack.id}@${pack.version}`,
      asOf: today,
      items: pageItems.map((c) => ({ ...c, personId: c.ref, name: byId.get(c.ref)?.name ?? '', idNumberMasked: byId.get(c.ref)?.idNumberMasked ?? '' })),
      total: ranked.ranking.length,
      page: q.page,
      pageSize: q.pageSize,
      counts,
      explanations: ranked.explanations,
    };
  }

  async place(ctx: RequestContext, id: string, body: { personId: string; startOn?: string | undefined; termEnds?: string | undefined; note?: string | undefined }): Promise<TPostPlacement> {
    const actor = requireActor(ctx);
    const today = this.core.today();
    const startOn = body.startOn ?? today;
    if (startOn < today) throw invalid('body.startOn', '上岗日期不能早于今天', 'startOn must not be before today');
    let placement: PlacementRow;
    try {
      placement = await this.core.repo.transaction(async (repo) => {
        const aRepo = new AssistanceRepository(repo.db);
        const post = await this.core.visiblePost(ctx, id, 'post.place', repo, true);
        if (post.status !== 'open') throw stateRefused({ zh: '岗位', en: 'post' }, post.status, { zh: '安置人员', en: 'place people' });
        const person = visibleOr404(ctx, await aRepo.person(scopeOf(ctx), body.personId, true), { action: 'post.place', resourceType: 'person', resourceId: body.personId, field: 'body.personId' });
        const pack = this.core.registry.resolve(post.jurisdictionCode, startOn);
        const p = pack.params.posts;
        // Rank the person within the post's whole current pool so the placement records where they stood and why.
        const ranked = await this.rankPool(await repo.poolIds(scopeOf(ctx), post.jurisdictionCode), pack, startOn, repo, person);
        const me = ranked.ranking.find((c) => c.ref === person.id)!;
        if (me.eligible !== true) {
          const clause = me.reasons.some((r) => r.includes('再次安置') || r.includes('上限')) ? `${src(p.secondPlacement)}；${src(p.maxPlacements)}` : src(p.priority);
          const detailZh = me.eligible === 'unknown' ? `资料不全：${me.missingFacts.join('、')}` : me.reasons.join('；');
          throw new AppError('POST_NOT_QUALIFIED', { field: 'body.personId', params: { clause, detailZh, detailEn: me.eligible === 'unknown' ? `missing ${me.missingFacts.join(', ')}` : me.reasonsEn.join('; ') } });
        }
        const allowed = allowedEnd(me, startOn);
        const termEnds = body.termEnds ?? allowed;
        if (termEnds > allowed) throw new AppError('POST_TERM_EXCEEDED', { field: 'body.termEnds', params: { requested: termEnds, allowed, clause: src(p.maxTermYears) } });
        if (termEnds <= startOn) throw invalid('body.termEnds', '合同期满日须晚于上岗日期', 'termEnds must be after startOn');
        const taken = await repo.takePlace(post.id);
        if (!taken) throw new AppError('POST_FULL', { field: 'params.id', params: { post: post.title, places: String(post.places), clause: 'MOH 三(六)（按岗定人）' } });
        const files = await aRepo.fileFacts([person], this.core.cipher);
        return repo.insertPlacement({
          personId: person.id,
          postId: post.id,
          jurisdictionCode: post.jurisdictionCode,
          startOn,
          termEnds,
          placementNo: (files.get(person.id)?.placements ?? 0) + 1,
          ranking: { rank: me.rank, of: ranked.ranking.length, group: me.group, reasons: me.reasons, reasonsEn: me.reasonsEn, allowedEnd: allowed, note: body.note ?? null },
          packRef: `${pack.id}@${pack.version}`,
          placedBy: actor.userId,
        });
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('CONFLICT', { field: 'body.personId', params: { detail: '该人员已在公益性岗位上 / already placed in a public-welfare post' } });
      throw e;
    }
    ctx.audit = { action: 'post.place', resourceType: 'welfare_post', resourceId: id, jurisdictionCode: placement.jurisdictionCode, detail: { personId: body.personId, placementId: placement.id, termEnds: placement.termEnds } };
    return placementView(placement, today);
  }

  /** How far the placement's contract may run if extended today, from the person's retirement facts on file. */
  private async limitFor(pl: PlacementRow, post: PostRow, today: string, repo: PostsRepository): Promise<ExtensionLimit> {
    const pack = this.core.registry.resolve(post.jurisdictionCode, today);
    const person = (await repo.personsIn([pl.personId]))[0];
    if (!person) throw new AppError('NOT_FOUND', { field: 'params.placementId' });
    const files = await new AssistanceRepository(repo.db).fileFacts([person], this.core.cipher);
    const { facts, retirement } = gatherFacts(files.get(person.id)!, {}, today);
    return extensionLimit(pack, pl.startOn, facts.monthsToRetirement, retirement?.statutory?.date);
  }

  /** An active placement of a post in the caller's area (`action` audits a refusal), locked when `forUpdate`. */
  private async activePlacement(ctx: RequestContext, repo: PostsRepository, placementId: string, action: string, what: { zh: string; en: string }, forUpdate: boolean, lockPost = false): Promise<{ pl: PlacementRow; post: PostRow }> {
    const pl = await repo.placement(placementId, forUpdate);
    if (!pl) throw new AppError('NOT_FOUND', { field: 'params.placementId' });
    const post = await this.core.visiblePost(ctx, pl.postId, action, repo, lockPost);
    if (pl.state !== 'active') throw stateRefused(PLACEMENT, pl.state, what);
    return { pl, post };
  }

  /** The latest end an extension may set today, with the clause and the numbers (shown before extending). */
  async extensionPreview(ctx: RequestContext, placementId: string): Promise<TExtensionPreview> {
    const today = this.core.today();
    const { pl, post } = await this.activePlacement(ctx, this.core.repo, placementId, 'post.extension', EXTEND, false);
    const limit = await this.limitFor(pl, post, today, this.core.repo);
    return { placementId: pl.id, asOf: today, termEnds: pl.termEnds, extendable: limit.allowedEnd > pl.termEnds, ...limit };
  }

  /** Extends a contract up to the extension limit; the record keeps the clause, the pack and the numbers. */
  async extend(ctx: RequestContext, placementId: string, body: { termEnds: string; reason: string }): Promise<TPostPlacement> {
    const actor = requireActor(ctx);
    const today = this.core.today();
    const row = await this.core.repo.transaction(async (repo) => {
      const { pl, post } = await this.activePlacement(ctx, repo, placementId, 'post.extend', EXTEND, true);
      if (body.termEnds <= pl.termEnds) throw invalid('body.termEnds', `延期后的期满日须晚于 ${pl.termEnds}`, `the new end must be after ${pl.termEnds}`);
      const limit = await this.limitFor(pl, post, today, repo);
      if (body.termEnds > limit.allowedEnd) {
        throw new AppError('POST_TERM_EXCEEDED', { field: 'body.termEnds', params: { requested: body.termEnds, allowed: limit.allowedEnd, clause: `${limit.clause}（${limit.nearRetirement ? limit.explanation.text : `最长 ${this.core.registry.resolve(post.jurisdictionCode, today).params.posts.maxTermYears.value} 年`}）` } });
      }
      const extensions = [...((pl.extensions as unknown[]) ?? []), { on: today, by: actor.username, from: pl.termEnds, to: body.termEnds, reason: body.reason, allowed: limit.allowedEnd, clause: limit.clause, pack: limit.pack, explanation: limit.explanation }];
      const next = await repo.updatePlacement(pl, { termEnds: body.termEnds, extensions });
      if (!next) throw stateRefused(PLACEMENT, pl.state, EXTEND);
      return next;
    });
    ctx.audit = { action: 'post.extend', resourceType: 'post_placement', resourceId: placementId, jurisdictionCode: row.jurisdictionCode, reason: body.reason };
    return placementView(row, today);
  }

  async exit(ctx: RequestContext, placementId: string, body: { reason: PostExitReason; note: string; endedOn?: string | undefined }): Promise<TPostPlacement> {
    const actor = requireActor(ctx);
    const today = this.core.today();
    const endedOn = body.endedOn ?? today;
    if (endedOn > today) throw invalid('body.endedOn', '离岗日期不能晚于今天', 'endedOn must not be in the future');
    const row = await this.core.repo.transaction(async (repo) => {
      const { pl } = await this.activePlacement(ctx, repo, placementId, 'post.exit', { zh: '离岗', en: 'exit' }, true, true);
      if (endedOn < pl.startOn) throw invalid('body.endedOn', `离岗日期早于上岗日期 ${pl.startOn}`, `endedOn is before the start ${pl.startOn}`);
      return this.core.endPlacement(repo, pl, body.reason === 'placed_in_breach' ? 'removed' : 'ended', endedOn, body.reason, body.note, actor.userId);
    });
    ctx.audit = { action: 'post.exit', resourceType: 'post_placement', resourceId: placementId, jurisdictionCode: row.jurisdictionCode, reason: body.note, detail: { reason: body.reason } };
    return placementView(row, today);
  }

  async alerts(ctx: RequestContext, q: { jurisdiction?: string | undefined; withinDays: number }): Promise<TPostAlerts> {
    const scope = scopeOf(ctx);
    const within = scope.narrow(q.jurisdiction);
    const today = this.core.today();
    const until = formatIsoDate(addDays(parseIsoDate(today, 'today'), q.withinDays));
    const rows = await this.core.repo.endingSoon(scope, within, until);
    return { asOf: today, until, items: rows.map((r) => ({ placementId: r.p.id, postId: r.p.postId, postTitle: r.title, personId: r.p.personId, personName: r.personName, termEnds: r.p.termEnds, daysLeft: Math.round((Date.parse(r.p.termEnds) - Date.parse(today)) / 86_400_000), overdue: r.p.termEnds < today })) };
  }
}

/** The latest allowed term end: 3 years from the start, or the statutory retirement date when it is < 5 years away. */
function allowedEnd(me: RankedCandidate, startOn: string): string {
  return me.termEnds ?? formatIsoDate(addCalendarMonths(parseIsoDate(startOn, 'startOn'), 36));
}
