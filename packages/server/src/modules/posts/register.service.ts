/** The post register (公益性岗位台账): registering a post within the pack's maximum term, the area's list, one post, open/close. */
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import { invalid, type PostsCore } from './posts.core.ts';
import type { TPostBody, TWelfarePost, TWelfarePostDetail } from './posts.contract.ts';
import { src } from './extension.ts';
import { postSummary } from './posts.views.ts';

export class PostRegister {
  constructor(private readonly core: PostsCore) {}

  async create(ctx: RequestContext, body: TPostBody): Promise<TWelfarePostDetail> {
    const actor = requireActor(ctx);
    const scope = scopeOf(ctx);
    scope.assertCovers(body.jurisdictionCode);
    const today = this.core.today();
    const pack = this.core.registry.resolve(body.jurisdictionCode, today);
    const max = pack.params.posts.maxTermYears;
    if (body.termMonths > max.value * 12) throw invalid('body.termMonths', `岗位期限最长 ${max.value} 年（${src(max)}）`, `the post term is at most ${max.value} years (${src(max)})`);
    const row = await this.core.repo.insertPost({
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
    return this.core.detail(row);
  }

  async list(ctx: RequestContext, q: { jurisdiction?: string | undefined; status?: string | undefined }): Promise<{ items: TWelfarePost[] }> {
    const scope = scopeOf(ctx);
    const within = scope.narrow(q.jurisdiction);
    const rows = await this.core.repo.posts(scope, within, q.status);
    return { items: rows.map(postSummary) };
  }

  async get(ctx: RequestContext, id: string): Promise<TWelfarePostDetail> {
    return this.core.detail(await this.core.visiblePost(ctx, id, 'post.view'));
  }

  async setStatus(ctx: RequestContext, id: string, status: 'open' | 'closed'): Promise<TWelfarePostDetail> {
    const post = await this.core.visiblePost(ctx, id, 'post.status');
    const row = (await this.core.repo.setStatus(post.id, status))!;
    ctx.audit = { action: 'post.status', resourceType: 'welfare_post', resourceId: id, jurisdictionCode: post.jurisdictionCode, detail: { status } };
    return this.core.detail(row);
  }
}
