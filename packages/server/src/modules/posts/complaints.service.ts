/** Complaints about a post (CQ25 六: 畅通投诉举报渠道，及时发现和清退违规在岗人员): record, investigate, remove people placed in breach. */
import { AppError } from '../../errors/app-error.ts';
import { requireActor, type RequestContext } from '../../http/context.ts';
import { PLACEMENT, invalid, stateRefused, type PostsCore } from './posts.core.ts';
import type { TInvestigated, TPostComplaint } from './posts.contract.ts';
import type { PlacementRow } from './posts.repository.ts';
import { complaintView, placementView } from './posts.views.ts';

export class PostComplaints {
  constructor(private readonly core: PostsCore) {}

  async complain(ctx: RequestContext, id: string, body: { channel: string; complainant?: string | undefined; content: string; placementId?: string | undefined; receivedOn?: string | undefined }): Promise<TPostComplaint> {
    const actor = requireActor(ctx);
    const today = this.core.today();
    const post = await this.core.visiblePost(ctx, id, 'post.complaint');
    if (body.placementId) {
      const pl = await this.core.repo.placement(body.placementId);
      if (!pl || pl.postId !== post.id) throw invalid('body.placementId', '该安置不属于本岗位', 'that placement is not in this post');
    }
    const receivedOn = body.receivedOn ?? today;
    if (receivedOn > today) throw invalid('body.receivedOn', '日期不能晚于今天', 'receivedOn must not be in the future');
    const c = await this.core.repo.insertComplaint({ postId: post.id, receivedOn, channel: body.channel, complainant: body.complainant ?? null, content: body.content, placementId: body.placementId ?? null, recordedBy: actor.userId });
    ctx.audit = { action: 'post.complaint', resourceType: 'welfare_post', resourceId: id, jurisdictionCode: post.jurisdictionCode, detail: { complaintId: c.id } };
    return complaintView(c);
  }

  async investigate(ctx: RequestContext, id: string, complaintId: string, body: { finding: 'substantiated' | 'unfounded'; investigation: string; removePlacement: boolean }): Promise<TInvestigated> {
    const actor = requireActor(ctx);
    const today = this.core.today();
    const result = await this.core.repo.transaction(async (repo) => {
      const post = await this.core.visiblePost(ctx, id, 'post.complaint', repo, true);
      const c = await repo.decideComplaint(post.id, complaintId, { status: body.finding, investigation: body.investigation, investigatedBy: actor.userId, decidedOn: today });
      if (!c) throw new AppError('NOT_FOUND', { field: 'params.complaintId' });
      let removed: PlacementRow | null = null;
      if (body.removePlacement) {
        if (body.finding !== 'substantiated' || !c.placementId) throw invalid('body.removePlacement', '仅在投诉查实且指明安置人员时清退', 'removal needs a substantiated complaint naming a placement');
        const pl = await repo.placement(c.placementId, true);
        if (!pl || pl.state !== 'active') throw stateRefused(PLACEMENT, pl?.state ?? 'absent', { zh: '清退', en: 'remove' });
        removed = await this.core.endPlacement(repo, pl, 'removed', today, 'placed_in_breach', `投诉查实（CQ25 六）：${body.investigation}`, actor.userId);
      }
      return { post, c, removed };
    });
    ctx.audit = { action: 'post.complaint.investigate', resourceType: 'welfare_post', resourceId: id, jurisdictionCode: result.post.jurisdictionCode, reason: body.investigation, detail: { complaintId, finding: body.finding, removed: result.removed?.id ?? null } };
    return { complaint: complaintView(result.c), removed: result.removed ? placementView(result.removed, today) : null };
  }
}
