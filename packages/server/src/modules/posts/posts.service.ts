/**
 * Public-welfare posts (公益性岗位, R6): the post register, candidate ranking by the pack's priority groups with the
 * reasons for every place (`rankPostCandidates`, XC23 四(六)), placement with a contract term of at most 3 years
 * or to statutory retirement when it is less than 5 years away (人社部发〔2019〕124号, new retirement schedule),
 * second placement only for the groups the pack allows and at most the allowed number (NM22 三(五)), capacity
 * enforced by a conditional update, term-end alerts, exit with reason and subsidy months, complaints with
 * investigation and removal of people placed in breach (CQ25 六). Refusals write nothing.
 */
import {
  addCalendarMonths,
  addDays,
  formatIsoDate,
  parseIsoDate,
  rankPostCandidates,
  wholeMonthsBetween,
  type PackRegistry,
  type PostCandidateFacts,
  type RankedCandidate,
  type ResolvedPack,
} from '@bangfu/rules';
import { AppError } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import type { FieldCipher } from '../../security/field-cipher.ts';
import type { PersonRow } from '../persons/persons.repository.ts';
import { isUniqueViolation } from '../registration/registration.repository.ts';
import { AssistanceRepository } from '../assistance/assistance.repository.ts';
import { invalid } from '../assistance/assistance.service.ts';
import type { Clock } from '../../jobs/clock.ts';
import { gatherFacts } from '../assistance/facts.ts';
import type { ComplaintRow, PlacementRow, PostRow, PostsRepository } from './posts.repository.ts';
import type { PostExitReason, TExtensionPreview, TInvestigated, TPlacementExtension, TPostAlerts, TPostCandidates, TPostComplaint, TPostPlacement, TWelfarePost, TWelfarePostDetail } from './posts.contract.ts';

export { EXIT_REASONS, type PostExitReason } from './posts.contract.ts';

function src(p: { source: { doc: string; clause: string } }): string {
  return `${p.source.doc} ${p.source.clause}`;
}

export interface PostBody {
  jurisdictionCode: string;
  employer: string;
  postType: string;
  title: string;
  location: string;
  places: number;
  termMonths: number;
  postSubsidyYuan: number;
  socialInsuranceSubsidyYuan: number;
  fundingSource: string;
  openedOn?: string | undefined;
}

export class PostsService {
  /** Pool members loaded per chunk when ranking (tests make it small to cross chunk borders). */
  poolChunk = 1000;

  constructor(
    private readonly repo: PostsRepository,
    private readonly assistanceRepo: AssistanceRepository,
    private readonly cipher: FieldCipher,
    private readonly registry: PackRegistry,
    readonly clock: Clock,
  ) {}

  private async visiblePost(ctx: RequestContext, id: string, action: string, repo = this.repo, forUpdate = false): Promise<PostRow> {
    const post = await repo.post(id, forUpdate);
    if (!post) throw new AppError('NOT_FOUND', { field: 'params.id' });
    if (!scopeOf(ctx).covers(post.jurisdictionCode)) {
      ctx.audit = { action, resourceType: 'welfare_post', resourceId: id, jurisdictionCode: post.jurisdictionCode, denied: true, detail: { reason: 'out_of_scope' } };
      throw new AppError('NOT_FOUND', { field: 'params.id' });
    }
    return post;
  }

  async create(ctx: RequestContext, body: PostBody): Promise<TWelfarePostDetail> {
    const actor = requireActor(ctx);
    const scope = scopeOf(ctx);
    scope.assertCovers(body.jurisdictionCode);
    const today = this.clock.today();
    const pack = this.registry.resolve(body.jurisdictionCode, today);
    const max = pack.params.posts.maxTermYears;
    if (body.termMonths > max.value * 12) throw invalid('body.termMonths', `岗位期限最长 ${max.value} 年（${src(max)}）`, `the post term is at most ${max.value} years (${src(max)})`);
    const row = await this.repo.insertPost({
      jurisdictionCode: body.jurisdictionCode,
      employer: body.employer,
      postType: body.postType,
      title: body.title,
      location: body.location,
      places: body.places,
      termMonths: body.termMonths,
      postSubsidyFen: Math.round(body.postSubsidyYuan * 100),
      socialInsuranceSubsidyFen: Math.round(body.socialInsuranceSubsidyYuan * 100),
      fundingSource: body.fundingSource,
      openedOn: body.openedOn ?? today,
      createdBy: actor.userId,
    });
    ctx.audit = { action: 'post.create', resourceType: 'welfare_post', resourceId: row.id, jurisdictionCode: row.jurisdictionCode };
    return this.view(row);
  }

  async list(ctx: RequestContext, q: { jurisdiction?: string | undefined; status?: string | undefined }): Promise<{ items: TWelfarePost[] }> {
    const scope = scopeOf(ctx);
    const within = scope.narrow(q.jurisdiction);
    const rows = await this.repo.posts(scope, within, q.status);
    return { items: rows.map((r) => this.summary(r)) };
  }

  async get(ctx: RequestContext, id: string): Promise<TWelfarePostDetail> {
    return this.view(await this.visiblePost(ctx, id, 'post.view'));
  }

  async setStatus(ctx: RequestContext, id: string, status: 'open' | 'closed'): Promise<TWelfarePostDetail> {
    const post = await this.visiblePost(ctx, id, 'post.status');
    const row = (await this.repo.setStatus(post.id, status))!;
    ctx.audit = { action: 'post.status', resourceType: 'welfare_post', resourceId: id, jurisdictionCode: post.jurisdictionCode, detail: { status } };
    return this.view(row);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Ranking and placement.

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
      const files = await aRepo.fileFacts(people, this.cipher);
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
    const scope = scopeOf(ctx);
    const post = await this.visiblePost(ctx, id, 'post.candidates');
    const today = this.clock.today();
    const pack = this.registry.resolve(post.jurisdictionCode, today);
    let ids: string[];
    if (q.personIds?.length) {
      const named = [...new Set(q.personIds)];
      const visible = new Set((await this.repo.personsIn(named)).filter((p) => scope.canSeePerson(p)).map((p) => p.id));
      if (named.some((pid) => !visible.has(pid))) throw new AppError('NOT_FOUND', { field: 'querystring.personIds' });
      ids = named;
    } else ids = await this.repo.poolIds(scope, post.jurisdictionCode);
    const ranked = await this.rankPool(ids, pack, today, this.repo);
    const pageItems = ranked.ranking.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
    const byId = new Map((await this.repo.personsIn(pageItems.map((c) => c.ref))).map((p) => [p.id, p]));
    const counts = { eligible: 0, unknown: 0, ineligible: 0 };
    for (const c of ranked.ranking) counts[c.eligible === true ? 'eligible' : c.eligible === 'unknown' ? 'unknown' : 'ineligible'] += 1;
    return {
      post: this.summary(post),
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
    const today = this.clock.today();
    const startOn = body.startOn ?? today;
    if (startOn < today) throw invalid('body.startOn', '上岗日期不能早于今天', 'startOn must not be before today');
    let placement: PlacementRow;
    try {
      placement = await this.repo.transaction(async (repo) => {
        const aRepo = new AssistanceRepository(repo.db);
        const post = await this.visiblePost(ctx, id, 'post.place', repo, true);
        if (post.status !== 'open') throw new AppError('WORKFLOW_STATE_INVALID', { params: { resourceZh: '岗位', resourceEn: 'post', state: post.status, actionZh: '安置人员', actionEn: 'place people' } });
        const found = await aRepo.person(scopeOf(ctx), body.personId, true);
        if (found.status !== 'visible') {
          if (found.status === 'out_of_scope') ctx.audit = { action: 'post.place', resourceType: 'person', resourceId: body.personId, jurisdictionCode: found.jurisdictionCode, denied: true };
          throw new AppError('NOT_FOUND', { field: 'body.personId' });
        }
        const pack = this.registry.resolve(post.jurisdictionCode, startOn);
        const p = pack.params.posts;
        // Rank the person within the post's whole current pool so the placement records where they stood and why.
        const ranked = await this.rankPool(await repo.poolIds(scopeOf(ctx), post.jurisdictionCode), pack, startOn, repo, found.row);
        const me = ranked.ranking.find((c) => c.ref === found.row.id)!;
        if (me.eligible !== true) {
          const clause = me.reasons.some((r) => r.includes('再次安置') || r.includes('上限')) ? `${src(p.secondPlacement)}；${src(p.maxPlacements)}` : src(p.priority);
          const detailZh = me.eligible === 'unknown' ? `资料不全：${me.missingFacts.join('、')}` : me.reasons.join('；');
          throw new AppError('POST_NOT_QUALIFIED', { field: 'body.personId', params: { clause, detailZh, detailEn: me.eligible === 'unknown' ? `missing ${me.missingFacts.join(', ')}` : me.reasonsEn.join('; ') } });
        }
        const allowed = this.allowedEnd(me, startOn);
        const termEnds = body.termEnds ?? allowed;
        if (termEnds > allowed) throw new AppError('POST_TERM_EXCEEDED', { field: 'body.termEnds', params: { requested: termEnds, allowed, clause: src(p.maxTermYears) } });
        if (termEnds <= startOn) throw invalid('body.termEnds', '合同期满日须晚于上岗日期', 'termEnds must be after startOn');
        const taken = await repo.takePlace(post.id);
        if (!taken) throw new AppError('POST_FULL', { field: 'params.id', params: { post: post.title, places: String(post.places), clause: 'MOH 三(六)（按岗定人）' } });
        const files = await aRepo.fileFacts([found.row], this.cipher);
        return repo.insertPlacement({
          personId: found.row.id,
          postId: post.id,
          jurisdictionCode: post.jurisdictionCode,
          startOn,
          termEnds,
          placementNo: (files.get(found.row.id)?.placements ?? 0) + 1,
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
    return this.placementView(placement, today);
  }

  /** The latest allowed term end: 3 years from the start, or the statutory retirement date when it is < 5 years away. */
  private allowedEnd(me: RankedCandidate, startOn: string): string {
    return me.termEnds ?? formatIsoDate(addCalendarMonths(parseIsoDate(startOn, 'startOn'), 36));
  }

  /**
   * How far a placement's contract may run if extended today: to statutory retirement when retirement is now less
   * than the pack's years away (人社部发〔2019〕124号), otherwise no further than the pack's maximum term from the
   * original start. Decided from the person's facts on file (retirement schedule), not from ranking texts.
   */
  private async extensionLimit(pl: PlacementRow, post: PostRow, today: string, repo: PostsRepository): Promise<Pick<TExtensionPreview, 'allowedEnd' | 'nearRetirement' | 'clause' | 'pack' | 'explanation'>> {
    const pack = this.registry.resolve(post.jurisdictionCode, today);
    const p = pack.params.posts;
    const person = (await repo.personsIn([pl.personId]))[0];
    if (!person) throw new AppError('NOT_FOUND', { field: 'params.placementId' });
    const files = await new AssistanceRepository(repo.db).fileFacts([person], this.cipher);
    const { facts, retirement } = gatherFacts(files.get(person.id)!, {}, today);
    const maxEnd = formatIsoDate(addCalendarMonths(parseIsoDate(pl.startOn, 'startOn'), p.maxTermYears.value * 12));
    const mtr = facts.monthsToRetirement;
    const retiresOn = retirement?.statutory?.date;
    const packRef = `${pack.id}@${pack.version}`;
    if (typeof mtr === 'number' && mtr < p.toRetirementWithinYears.value * 12 && retiresOn) {
      const clause = src(p.toRetirementWithinYears);
      return {
        allowedEnd: retiresOn,
        nearRetirement: true,
        clause,
        pack: packRef,
        explanation: { rule: 'posts.extension.to-retirement', source: clause, pack: packRef, text: `距法定退休（${retiresOn}）不足 ${p.toRetirementWithinYears.value} 年（${mtr} 个月），合同可延至退休`, textEn: `less than ${p.toRetirementWithinYears.value} years (${mtr} months) to statutory retirement (${retiresOn}): the contract may run until then`, numbers: { monthsToRetirement: mtr, retiresOn, start: pl.startOn } },
      };
    }
    const clause = src(p.maxTermYears);
    return {
      allowedEnd: maxEnd,
      nearRetirement: false,
      clause,
      pack: packRef,
      explanation: {
        rule: 'posts.extension.max-term',
        source: clause,
        pack: packRef,
        text: `合同期最长 ${p.maxTermYears.value} 年：自上岗日 ${pl.startOn} 起至 ${maxEnd}${typeof mtr === 'number' ? `（距法定退休 ${mtr} 个月，不少于 ${p.toRetirementWithinYears.value} 年）` : ''}`,
        textEn: `the contract runs at most ${p.maxTermYears.value} years from the start ${pl.startOn}: to ${maxEnd}${typeof mtr === 'number' ? ` (${mtr} months to retirement, not less than ${p.toRetirementWithinYears.value} years)` : ''}`,
        numbers: { maxTermYears: p.maxTermYears.value, start: pl.startOn, monthsToRetirement: typeof mtr === 'number' ? mtr : null },
      },
    };
  }

  /** The latest end an extension may set today, with the clause and the numbers (shown before extending). */
  async extensionPreview(ctx: RequestContext, placementId: string): Promise<TExtensionPreview> {
    const today = this.clock.today();
    const pl = await this.repo.placement(placementId);
    if (!pl) throw new AppError('NOT_FOUND', { field: 'params.placementId' });
    const post = await this.visiblePost(ctx, pl.postId, 'post.extension');
    if (pl.state !== 'active') throw new AppError('WORKFLOW_STATE_INVALID', { params: { resourceZh: '安置', resourceEn: 'placement', state: pl.state, actionZh: '延期', actionEn: 'extend' } });
    const limit = await this.extensionLimit(pl, post, today, this.repo);
    return { placementId: pl.id, asOf: today, termEnds: pl.termEnds, extendable: limit.allowedEnd > pl.termEnds, ...limit };
  }

  /** Extends a contract up to `extensionLimit`; the record keeps the clause, the pack and the numbers. */
  async extend(ctx: RequestContext, placementId: string, body: { termEnds: string; reason: string }): Promise<TPostPlacement> {
    const actor = requireActor(ctx);
    const today = this.clock.today();
    const row = await this.repo.transaction(async (repo) => {
      const pl = await repo.placement(placementId, true);
      if (!pl) throw new AppError('NOT_FOUND', { field: 'params.placementId' });
      const post = await this.visiblePost(ctx, pl.postId, 'post.extend', repo);
      if (pl.state !== 'active') throw new AppError('WORKFLOW_STATE_INVALID', { params: { resourceZh: '安置', resourceEn: 'placement', state: pl.state, actionZh: '延期', actionEn: 'extend' } });
      if (body.termEnds <= pl.termEnds) throw invalid('body.termEnds', `延期后的期满日须晚于 ${pl.termEnds}`, `the new end must be after ${pl.termEnds}`);
      const limit = await this.extensionLimit(pl, post, today, repo);
      if (body.termEnds > limit.allowedEnd) {
        throw new AppError('POST_TERM_EXCEEDED', { field: 'body.termEnds', params: { requested: body.termEnds, allowed: limit.allowedEnd, clause: `${limit.clause}（${limit.nearRetirement ? limit.explanation.text : `最长 ${(this.registry.resolve(post.jurisdictionCode, today).params.posts.maxTermYears.value)} 年`}）` } });
      }
      const extensions = [...((pl.extensions as unknown[]) ?? []), { on: today, by: actor.username, from: pl.termEnds, to: body.termEnds, reason: body.reason, allowed: limit.allowedEnd, clause: limit.clause, pack: limit.pack, explanation: limit.explanation }];
      const next = await repo.updatePlacement(pl, { termEnds: body.termEnds, extensions });
      if (!next) throw new AppError('WORKFLOW_STATE_INVALID', { params: { resourceZh: '安置', resourceEn: 'placement', state: pl.state, actionZh: '延期', actionEn: 'extend' } });
      return next;
    });
    ctx.audit = { action: 'post.extend', resourceType: 'post_placement', resourceId: placementId, jurisdictionCode: row.jurisdictionCode, reason: body.reason };
    return this.placementView(row, today);
  }

  async exit(ctx: RequestContext, placementId: string, body: { reason: PostExitReason; note: string; endedOn?: string | undefined }): Promise<TPostPlacement> {
    const actor = requireActor(ctx);
    const today = this.clock.today();
    const endedOn = body.endedOn ?? today;
    if (endedOn > today) throw invalid('body.endedOn', '离岗日期不能晚于今天', 'endedOn must not be in the future');
    const row = await this.repo.transaction(async (repo) => {
      const pl = await repo.placement(placementId, true);
      if (!pl) throw new AppError('NOT_FOUND', { field: 'params.placementId' });
      await this.visiblePost(ctx, pl.postId, 'post.exit', repo, true);
      if (pl.state !== 'active') throw new AppError('WORKFLOW_STATE_INVALID', { params: { resourceZh: '安置', resourceEn: 'placement', state: pl.state, actionZh: '离岗', actionEn: 'exit' } });
      if (endedOn < pl.startOn) throw invalid('body.endedOn', `离岗日期早于上岗日期 ${pl.startOn}`, `endedOn is before the start ${pl.startOn}`);
      return this.endPlacement(repo, pl, body.reason === 'placed_in_breach' ? 'removed' : 'ended', endedOn, body.reason, body.note, actor.userId);
    });
    ctx.audit = { action: 'post.exit', resourceType: 'post_placement', resourceId: placementId, jurisdictionCode: row.jurisdictionCode, reason: body.note, detail: { reason: body.reason } };
    return this.placementView(row, today);
  }

  private async endPlacement(repo: PostsRepository, pl: PlacementRow, state: 'ended' | 'removed', endedOn: string, reason: string, note: string, by: string): Promise<PlacementRow> {
    const next = await repo.updatePlacement(pl, { state, endedOn, exitReason: reason, exitNote: note, endedBy: by });
    if (!next) throw new AppError('WORKFLOW_STATE_INVALID', { params: { resourceZh: '安置', resourceEn: 'placement', state: pl.state, actionZh: '离岗', actionEn: 'exit' } });
    await repo.releasePlace(pl.postId);
    return next;
  }

  async alerts(ctx: RequestContext, q: { jurisdiction?: string | undefined; withinDays: number }): Promise<TPostAlerts> {
    const scope = scopeOf(ctx);
    const within = scope.narrow(q.jurisdiction);
    const today = this.clock.today();
    const until = formatIsoDate(addDays(parseIsoDate(today, 'today'), q.withinDays));
    const rows = await this.repo.endingSoon(scope, within, until);
    return { asOf: today, until, items: rows.map((r) => ({ placementId: r.p.id, postId: r.p.postId, postTitle: r.title, personId: r.p.personId, personName: r.personName, termEnds: r.p.termEnds, daysLeft: Math.round((Date.parse(r.p.termEnds) - Date.parse(today)) / 86_400_000), overdue: r.p.termEnds < today })) };
  }

  // ---------------------------------------------------------------------------------------------------------
  // Complaints (CQ25 六: 畅通投诉举报渠道，及时发现和清退违规在岗人员).

  async complain(ctx: RequestContext, id: string, body: { channel: string; complainant?: string | undefined; content: string; placementId?: string | undefined; receivedOn?: string | undefined }): Promise<TPostComplaint> {
    const actor = requireActor(ctx);
    const today = this.clock.today();
    const post = await this.visiblePost(ctx, id, 'post.complaint');
    if (body.placementId) {
      const pl = await this.repo.placement(body.placementId);
      if (!pl || pl.postId !== post.id) throw invalid('body.placementId', '该安置不属于本岗位', 'that placement is not in this post');
    }
    const receivedOn = body.receivedOn ?? today;
    if (receivedOn > today) throw invalid('body.receivedOn', '日期不能晚于今天', 'receivedOn must not be in the future');
    const c = await this.repo.insertComplaint({ postId: post.id, receivedOn, channel: body.channel, complainant: body.complainant ?? null, content: body.content, placementId: body.placementId ?? null, recordedBy: actor.userId });
    ctx.audit = { action: 'post.complaint', resourceType: 'welfare_post', resourceId: id, jurisdictionCode: post.jurisdictionCode, detail: { complaintId: c.id } };
    return this.complaintView(c);
  }

  async investigate(ctx: RequestContext, id: string, complaintId: string, body: { finding: 'substantiated' | 'unfounded'; investigation: string; removePlacement: boolean }): Promise<TInvestigated> {
    const actor = requireActor(ctx);
    const today = this.clock.today();
    const result = await this.repo.transaction(async (repo) => {
      const post = await this.visiblePost(ctx, id, 'post.complaint', repo, true);
      const c = await repo.decideComplaint(post.id, complaintId, { status: body.finding, investigation: body.investigation, investigatedBy: actor.userId, decidedOn: today });
      if (!c) throw new AppError('NOT_FOUND', { field: 'params.complaintId' });
      let removed: PlacementRow | null = null;
      if (body.removePlacement) {
        if (body.finding !== 'substantiated' || !c.placementId) throw invalid('body.removePlacement', '仅在投诉查实且指明安置人员时清退', 'removal needs a substantiated complaint naming a placement');
        const pl = await repo.placement(c.placementId, true);
        if (!pl || pl.state !== 'active') throw new AppError('WORKFLOW_STATE_INVALID', { params: { resourceZh: '安置', resourceEn: 'placement', state: pl?.state ?? 'absent', actionZh: '清退', actionEn: 'remove' } });
        removed = await this.endPlacement(repo, pl, 'removed', today, 'placed_in_breach', `投诉查实（CQ25 六）：${body.investigation}`, actor.userId);
      }
      return { post, c, removed };
    });
    ctx.audit = { action: 'post.complaint.investigate', resourceType: 'welfare_post', resourceId: id, jurisdictionCode: result.post.jurisdictionCode, reason: body.investigation, detail: { complaintId, finding: body.finding, removed: result.removed?.id ?? null } };
    return { complaint: this.complaintView(result.c), removed: result.removed ? this.placementView(result.removed, today) : null };
  }

  // ---------------------------------------------------------------------------------------------------------
  // Views.

  summary(r: PostRow): TWelfarePost {
    return {
      id: r.id,
      jurisdictionCode: r.jurisdictionCode,
      employer: r.employer,
      postType: r.postType,
      title: r.title,
      location: r.location,
      places: r.places,
      filled: r.filled,
      free: r.places - r.filled,
      termMonths: r.termMonths,
      postSubsidyYuan: r.postSubsidyFen / 100,
      socialInsuranceSubsidyYuan: r.socialInsuranceSubsidyFen / 100,
      fundingSource: r.fundingSource,
      status: r.status as TWelfarePost['status'],
      openedOn: r.openedOn,
    };
  }

  async view(r: PostRow): Promise<TWelfarePostDetail> {
    const today = this.clock.today();
    const [placements, complaints] = await Promise.all([this.repo.placementsOf(r.id), this.repo.complaints(r.id)]);
    return { ...this.summary(r), placements: placements.map((p) => ({ ...this.placementView(p, today), personName: p.personName })), complaints: complaints.map((c) => this.complaintView(c)) };
  }

  /** Subsidy months: whole months from the start to the exit (or today, at most the term end), any part month counted. */
  placementView(p: PlacementRow, today: string): TPostPlacement {
    const end = p.endedOn ?? (today < p.termEnds ? today : p.termEnds);
    const start = parseIsoDate(p.startOn, 'startOn');
    const stop = parseIsoDate(end, 'end');
    let months = 0;
    if (end >= p.startOn) {
      months = wholeMonthsBetween(start, stop);
      if (formatIsoDate(addCalendarMonths(start, months)) <= end) months += 1;
    }
    return {
      id: p.id,
      personId: p.personId,
      postId: p.postId,
      startOn: p.startOn,
      termEnds: p.termEnds,
      placementNo: p.placementNo,
      ranking: p.ranking as TPostPlacement['ranking'],
      packRef: p.packRef,
      state: p.state as TPostPlacement['state'],
      endedOn: p.endedOn,
      exitReason: p.exitReason,
      exitNote: p.exitNote,
      extensions: p.extensions as TPlacementExtension[],
      subsidyMonths: months,
    };
  }

  complaintView(c: ComplaintRow): TPostComplaint {
    return { id: c.id, postId: c.postId, receivedOn: c.receivedOn, channel: c.channel, complainant: c.complainant, content: c.content, placementId: c.placementId, status: c.status as TPostComplaint['status'], investigation: c.investigation, decidedOn: c.decidedOn };
  }
}
