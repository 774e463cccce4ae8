/**
 * What the public-welfare post use cases (register, placements, complaints) share: the clock, the scoped post,
 * refusals, ending a placement, and the post as the API shows it.
 */
import type { PackRegistry } from '@bangfu/rules';
import { lookupOf, visibleOr404 } from '../../access/visible.ts';
import { AppError } from '../../errors/app-error.ts';
import { scopeOf, type RequestContext } from '../../http/context.ts';
import type { Clock } from '../../jobs/clock.ts';
import type { FieldCipher } from '../../security/field-cipher.ts';
import type { TWelfarePostDetail } from './posts.contract.ts';
import type { PlacementRow, PostRow, PostsRepository } from './posts.repository.ts';
import { complaintView, placementView, postSummary } from './posts.views.ts';

export { invalid } from '../assistance/assistance.grounds.ts';

/** A workflow refusal: the post or placement is not in a state that allows the action. */
export function stateRefused(resource: { zh: string; en: string }, state: string, action: { zh: string; en: string }): AppError {
  return new AppError('WORKFLOW_STATE_INVALID', { params: { resourceZh: resource.zh, resourceEn: resource.en, state, actionZh: action.zh, actionEn: action.en } });
}

export const PLACEMENT = { zh: '安置', en: 'placement' };

export class PostsCore {
  constructor(
    readonly repo: PostsRepository,
    readonly cipher: FieldCipher,
    readonly registry: PackRegistry,
    /** The application's one clock (`src/jobs/clock.ts`). */
    readonly clock: Clock,
  ) {}

  today(): string {
    return this.clock.today();
  }

  /** The post when it lies in the caller's area, else 404 (an out-of-area one audited as refused `action`); `repo` may be a transaction's. */
  async visiblePost(ctx: RequestContext, id: string, action: string, repo: PostsRepository = this.repo, forUpdate = false): Promise<PostRow> {
    const scope = scopeOf(ctx);
    const found = lookupOf(await repo.post(id, forUpdate), (post) => scope.covers(post.jurisdictionCode));
    return visibleOr404(ctx, found, { action, resourceType: 'welfare_post', resourceId: id, field: 'params.id' });
  }

  /** Ends an active placement (exit or removal) and frees its place. */
  async endPlacement(repo: PostsRepository, pl: PlacementRow, state: 'ended' | 'removed', endedOn: string, reason: string, note: string, by: string): Promise<PlacementRow> {
    const next = await repo.updatePlacement(pl, { state, endedOn, exitReason: reason, exitNote: note, endedBy: by });
    if (!next) throw stateRefused(PLACEMENT, pl.state, { zh: '离岗', en: 'exit' });
    await repo.releasePlace(pl.postId);
    return next;
  }

  /** A post with its placements and complaints. */
  async detail(r: PostRow): Promise<TWelfarePostDetail> {
    const today = this.today();
    const [placements, complaints] = await Promise.all([this.repo.placementsOf(r.id), this.repo.complaints(r.id)]);
    return { ...postSummary(r), placements: placements.map((p) => ({ ...placementView(p, today), personName: p.personName })), complaints: complaints.map(complaintView) };
  }
}
