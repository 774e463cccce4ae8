/**
 * The `difficulty` mark written with the persons slice's own repository and snapshot helper, inside the caller's
 * transaction, so recognition (or exit) and the mark change commit together and the file history shows who and why
 * exactly as a mark added through the persons API would.
 */
import type { Database } from '../../db/client.ts';
import { AppError } from '../../errors/app-error.ts';
import { toSnapshot } from '../persons/person-file.ts';
import { PersonsRepository } from '../persons/persons.repository.ts';

export interface MarkActor {
  readonly userId: string;
  readonly username: string;
}

export async function changeDifficultyMark(tx: Database, personId: string, op: 'add' | 'end', on: string, actor: MarkActor, note: string, source: string): Promise<void> {
  const repo = new PersonsRepository(tx);
  const before = await repo.byId(personId);
  if (!before) throw new AppError('NOT_FOUND', { field: 'personId' });
  await repo.ensureBaseline(before);
  const marks = await repo.marks(personId);
  const active = marks.find((m) => m.mark === 'difficulty' && m.until === null);
  if (op === 'add') {
    if (active) return; // already marked (e.g. recorded by hand earlier): keep the earlier mark and its source
    await repo.insertMarks([{ personId, mark: 'difficulty', since: on, source, note, recordedBy: actor.userId }]);
  } else {
    if (!active) return;
    await repo.endMark(personId, 'difficulty', active.since, on < active.since ? active.since : on, actor.userId, source);
  }
  const after = await repo.update(personId, before.version, { updatedBy: actor.userId });
  if (!after) throw new AppError('STALE_VERSION', { params: { current: '?', given: String(before.version) } });
  await repo.appendEvent({
    personId,
    actorId: actor.userId,
    actorName: actor.username,
    kind: op === 'add' ? 'mark_added' : 'mark_ended',
    source,
    reason: note,
    change: op === 'add' ? { mark: 'difficulty', since: on, source } : { mark: 'difficulty', since: active!.since, until: on, source },
    snapshot: toSnapshot(after, await repo.marks(personId)),
  });
}
