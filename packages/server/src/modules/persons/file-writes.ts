/**
 * The persons slice's writes for other slices (households, assistance), inside the caller's transaction: a change
 * to a file is the file's update (version checked) plus its history event with the file after it, exactly as the
 * persons API writes them — so other slices never open the persons repository themselves.
 */
import { visibleOr404 } from '../../access/visible.ts';
import type { Database } from '../../db/client.ts';
import { AppError } from '../../errors/app-error.ts';
import { scopeOf, type RequestContext } from '../../http/context.ts';
import { changeOf } from './person-file.ts';
import { PersonsRepository, type PersonInsert, type PersonRow } from './persons.repository.ts';

export interface FileActor {
  readonly userId: string;
  readonly username: string;
}

export class PersonFileWrites {
  private readonly repo: PersonsRepository;

  /** `db`: the caller's transaction. */
  constructor(db: Database) {
    this.repo = new PersonsRepository(db);
  }

  /**
   * The file, locked, when the caller may see it — else 404 naming `field` (out of scope: audited as refused
   * `action`). A file without history gets its baseline before the change.
   */
  async visibleForUpdate(ctx: RequestContext, id: string, action: string, field: string): Promise<PersonRow> {
    const row = visibleOr404(ctx, await this.repo.findScoped(scopeOf(ctx), id, { forUpdate: true }), { action, resourceType: 'person', resourceId: id, field });
    await this.repo.ensureBaseline(row);
    return row;
  }

  /** A file that is not hidden, by id (no scope: the caller found it through a record of its own), with its baseline. */
  async current(id: string): Promise<PersonRow | undefined> {
    const row = await this.repo.byId(id);
    if (!row || row.hiddenAt !== null) return undefined;
    await this.repo.ensureBaseline(row);
    return row;
  }

  /** Applies `patch` to the file read as `before` and records the event `kind` at `at` (the application's clock). */
  async change(before: PersonRow, patch: Partial<PersonInsert>, actor: FileActor, kind: string, at: Date, extra: { change?: Record<string, unknown>; source?: string; reason?: string } = {}): Promise<PersonRow> {
    const after = await this.repo.update(before.id, before.version, { ...patch, updatedBy: actor.userId });
    if (!after) throw new AppError('STALE_VERSION', { params: { current: '?', given: String(before.version) } });
    await this.repo.recordEvent(after, actor, kind, extra.change ?? changeOf(before, after), at, extra);
    return after;
  }

  /**
   * Adds (or ends) the `difficulty` mark on `on`, with its event at `at`: recognition (or exit) and the mark change
   * commit together and the history shows who and why as a mark added through the persons API would.
   */
  async changeDifficultyMark(personId: string, op: 'add' | 'end', on: string, at: Date, actor: FileActor, note: string, source: string): Promise<void> {
    const before = await this.repo.byId(personId);
    if (!before) throw new AppError('NOT_FOUND', { field: 'personId' });
    await this.repo.ensureBaseline(before);
    const marks = await this.repo.marks(personId);
    const active = marks.find((m) => m.mark === 'difficulty' && m.until === null);
    if (op === 'add') {
      if (active) return; // already marked (e.g. recorded by hand earlier): keep the earlier mark and its source
      await this.repo.insertMarks([{ personId, mark: 'difficulty', since: on, source, note, recordedBy: actor.userId }]);
    } else {
      if (!active) return;
      await this.repo.endMark(personId, 'difficulty', active.since, on < active.since ? active.since : on, actor.userId, source);
    }
    const change = op === 'add' ? { mark: 'difficulty', since: on, source } : { mark: 'difficulty', since: active!.since, until: on, source };
    await this.change(before, {}, actor, op === 'add' ? 'mark_added' : 'mark_ended', at, { change, source, reason: note });
  }
}
