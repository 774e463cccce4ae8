/** Duplicate detection and merge of person files (docs/person-file.md, "Duplicates and merge"). */
import type { TPersonFile } from '../../contract/persons.ts';
import { AppError } from '../../errors/app-error.ts';
import type { RequestContext } from '../../http/context.ts';
import { requireActor, scopeOf } from '../../http/context.ts';
import type { Trigger } from '../households/zero-employment.ts';
import { mergeFill } from './merge.ts';
import { issue, invalid } from './person-input.ts';
import type { PersonsCore, PossibleDuplicate } from './persons.core.ts';
import type { PersonRow } from './persons.repository.ts';

export class PersonMergeService {
  constructor(private readonly core: PersonsCore) {}

  /** Other visible files that may be the same person: same ID number, or two of name, birth date and phone. */
  async duplicates(ctx: RequestContext, id: string): Promise<{ items: PossibleDuplicate[] }> {
    const row = await this.core.visible(ctx, id, 'person.duplicates', false);
    const scope = scopeOf(ctx);
    const repo = this.core.repo;
    const sameId = (await repo.byIdNumber(row.idNumberBidx)).filter((r) => r.id !== id && r.hiddenAt === null && scope.canSeePerson(r));
    const similar = await repo.possibleDuplicates(scope, { excludeId: id, name: row.name, birthDate: row.birthDate, phoneBidx: row.phoneBidx });
    const found = [
      ...sameId.map((r) => ({ row: r, matched: ['idNumber'] as string[] })),
      ...similar.filter((s) => !sameId.some((r) => r.id === s.row.id)),
    ];
    return { items: await this.core.toDuplicates(found as { row: PersonRow; matched: PossibleDuplicate['matched'] }[]) };
  }

  /**
   * Merges `duplicateId` into `id` in one transaction: the survivor gets the duplicate's history (copied with
   * `merged_from`), marks, registrations, household link and any facts it lacks; the duplicate is hidden with a
   * pointer to the survivor, never deleted.
   */
  async merge(ctx: RequestContext, id: string, duplicateId: string, reason: string): Promise<TPersonFile> {
    const actor = requireActor(ctx);
    if (id === duplicateId) throw invalid([issue('body.duplicateId', '不能与自身合并', 'cannot merge a file into itself')]);
    const core = this.core;
    const result = await core.repo.transaction(async (repo) => {
      // Lock both rows in id order so two opposite merges cannot deadlock.
      const [firstId, secondId] = id < duplicateId ? [id, duplicateId] : [duplicateId, id];
      const first = await core.visibleIn(repo, ctx, firstId, 'person.merge', true, firstId === id ? 'params.id' : 'body.duplicateId');
      const second = await core.visibleIn(repo, ctx, secondId, 'person.merge', true, secondId === id ? 'params.id' : 'body.duplicateId');
      const survivor = first.id === id ? first : second;
      const duplicate = first.id === id ? second : first;

      const events = await repo.copyEvents(duplicate.id, survivor.id);
      const marks = await repo.moveMarks(duplicate.id, survivor.id);
      const registrations = await repo.moveRegistrations(duplicate.id, survivor.id);
      await repo.rebindAccounts(duplicate.id, survivor.id);
      const { fill, filled } = mergeFill(survivor, duplicate, actor.userId);

      const hidden = await repo.hide(duplicate.id, 'merged', survivor.id, actor.userId);
      if (!hidden) throw new AppError('NOT_FOUND');
      await core.recordEvent(repo, hidden, actor, 'merged_into', { survivorId: survivor.id }, { reason });
      const after = await repo.update(survivor.id, survivor.version, fill);
      if (!after) throw new AppError('STALE_VERSION', { params: { current: '?', given: String(survivor.version) } });
      const change = { duplicateId: duplicate.id, moved: { events, marks, registrations }, filled: filled.map((f) => f.replace(/Enc$/, '')) };
      await core.recordEvent(repo, after, actor, 'merged', change, { reason });

      // The duplicate's state and worklist items go now; the survivor's follow its moved registrations.
      await core.recompute(repo, duplicate.id, 'hidden:merged');
      await core.recompute(repo, survivor.id, 'merged');
      const trigger: Trigger = { kind: 'merged', personId: survivor.id, actorId: actor.userId, username: actor.username };
      for (const h of new Set([duplicate.householdId, after.householdId])) if (h) await core.refreshHousehold(repo, h, trigger);
      return after;
    });
    ctx.audit = { action: 'person.merge', resourceType: 'person', resourceId: id, jurisdictionCode: result.jurisdictionCode, reason, detail: { duplicateId } };
    return core.currentFile(result);
  }
}
