/**
 * What the registration and citizen slices need from person files (一人一档), as small interfaces: create a minimal
 * file for a citizen signing up, and record the facts a registration changes (employment status, intention, skills,
 * marks). `SqlPersonFiles` implements them with the persons slice's own repository and helpers (bound to the
 * caller's transaction), so files, marks, four clears and the history (`person_events` with snapshots) are written
 * exactly as the persons slice writes them.
 */
import { maskIdNumber, maskPhone, type Mark } from '@bangfu/rules';
import type { Database } from '../../db/client.ts';
import { AppError } from '../../errors/app-error.ts';
import { type FieldCipher, normalizeIdNumber, normalizePhone } from '../../security/field-cipher.ts';
import type { Clear, FactSource } from '../../contract/persons.ts';
import { changeOf, pinyinKeys, toSnapshot, withClears } from '../persons/person-file.ts';
import { PersonsRepository, type PersonInsert, type PersonRow } from '../persons/persons.repository.ts';

export type MarkSource = FactSource;

export interface PersonFileActor {
  readonly userId: string | null;
  /** Username (or the citizen's name at signup) recorded on history entries. */
  readonly name: string;
}

export interface NewPersonFile {
  readonly jurisdictionCode: string;
  readonly name: string;
  /** A valid document number (checked by `checkIdentity` before). */
  readonly idNumber: string;
  readonly documentType: string;
  readonly sex: 'male' | 'female';
  readonly birthDate: string;
  readonly phone: string | null;
  readonly source: MarkSource;
  /** False for a file a citizen creates at sign-up: flagged until a caseworker confirms the identity in person. */
  readonly identityVerified?: boolean | undefined;
}

export interface PersonFileCreator {
  create(tx: Database, input: NewPersonFile, actor: PersonFileActor, today: string): Promise<{ id: string }>;
}

export interface RegistrationFacts {
  readonly employmentStatus?: string | undefined;
  readonly intention?: string | undefined;
  readonly skills?: readonly string[] | undefined;
  readonly marks?: readonly Mark[] | undefined;
  readonly on: string;
  readonly source: MarkSource;
  /** Event kind and reason for the history, e.g. `registration` / `失业登记 150102001001…`. */
  readonly eventKind: string;
  readonly reason: string;
}

export interface PersonFileUpdater {
  recordFacts(tx: Database, personId: string, facts: RegistrationFacts, actor: PersonFileActor): Promise<void>;
}

function skillName(s: unknown): string {
  if (typeof s === 'string') return s;
  if (s && typeof s === 'object' && 'name' in s) return String((s as { name: unknown }).name);
  return '';
}

export class SqlPersonFiles implements PersonFileCreator, PersonFileUpdater {
  constructor(private readonly cipher: FieldCipher) {}

  async create(tx: Database, input: NewPersonFile, actor: PersonFileActor, today: string): Promise<{ id: string }> {
    const repo = new PersonsRepository(tx);
    const id = normalizeIdNumber(input.idNumber);
    const bidx = this.cipher.blindIndex('id_number', id);
    // Same lock key as the persons slice: one file per person even when a caseworker creates it at the same moment.
    await repo.lockKey(`person-id:${bidx}`);
    if ((await repo.byIdNumber(bidx)).length > 0) throw new AppError('PERSON_DUPLICATE_ELSEWHERE', { field: 'body.idNumber' });
    const phone = input.phone === null ? null : normalizePhone(input.phone);
    const keys = pinyinKeys(input.name);
    const row: PersonInsert = {
      jurisdictionCode: input.jurisdictionCode,
      name: input.name,
      namePinyin: keys.full,
      nameInitials: keys.initials,
      sex: input.sex,
      birthDate: input.birthDate,
      documentType: input.documentType,
      idNumberEnc: this.cipher.encrypt(id),
      idNumberBidx: bidx,
      idNumberMasked: maskIdNumber(id),
      phoneEnc: phone ? this.cipher.encrypt(phone) : null,
      phoneBidx: phone ? this.cipher.blindIndex('phone', phone) : null,
      phoneMasked: phone ? maskPhone(phone) : null,
      // Not yet declared: the online registration that usually follows records the status.
      employmentStatus: 'other',
      retirementCategory: input.sex === 'male' ? 'male' : null,
      clears: withClears({}, ['headcount'], { on: today, source: input.source, by: actor.userId }),
      createdBy: actor.userId,
      updatedBy: actor.userId,
      identityVerified: input.identityVerified ?? true,
    };
    const created = await repo.insert(row);
    await this.event(repo, created, actor, 'created', changeOf(null, created), input.source, '本人网上注册建档 / file created at citizen signup');
    return { id: created.id };
  }

  async recordFacts(tx: Database, personId: string, facts: RegistrationFacts, actor: PersonFileActor): Promise<void> {
    const repo = new PersonsRepository(tx);
    const before = await repo.byId(personId);
    if (!before) throw new AppError('NOT_FOUND', { field: 'params.personId' });
    const patch: Partial<PersonInsert> = {};
    const cleared: Clear[] = [];
    if (facts.employmentStatus !== undefined && facts.employmentStatus !== before.employmentStatus) patch.employmentStatus = facts.employmentStatus;
    if (facts.intention !== undefined) {
      if (facts.intention !== before.intention) patch.intention = facts.intention;
      cleared.push('intention');
    }
    if (facts.skills !== undefined && facts.skills.length > 0) {
      const previous = Array.isArray(before.skills) ? (before.skills as unknown[]) : [];
      const known = new Set(previous.map(skillName));
      const added = facts.skills.filter((s) => !known.has(s));
      if (added.length > 0) patch.skills = [...previous, ...added.map((name) => ({ name }))] as PersonInsert['skills'];
      cleared.push('skills');
    }
    if (cleared.length > 0) patch.clears = withClears(before.clears, cleared, { on: facts.on, source: facts.source, by: actor.userId });

    const active = new Set((await repo.marks(personId)).filter((m) => m.until === null).map((m) => m.mark));
    const newMarks = (facts.marks ?? []).filter((m) => !active.has(m));
    await repo.insertMarks(newMarks.map((mark) => ({ personId, mark, since: facts.on, source: facts.source, recordedBy: actor.userId, note: facts.reason })));

    if (Object.keys(patch).length === 0 && newMarks.length === 0) return;
    const after = await repo.update(personId, before.version, { ...patch, updatedBy: actor.userId });
    if (!after) throw new AppError('STALE_VERSION', { params: { current: '?', given: String(before.version) } });
    const change = changeOf(before, after);
    if (newMarks.length > 0) change.marks = { added: newMarks };
    await this.event(repo, after, actor, facts.eventKind, change, facts.source, facts.reason);
  }

  private async event(repo: PersonsRepository, row: PersonRow, actor: PersonFileActor, kind: string, change: Record<string, unknown>, source: string, reason: string): Promise<void> {
    await repo.appendEvent({ personId: row.id, actorId: actor.userId, actorName: actor.name, kind, source, reason, change, snapshot: toSnapshot(row, await repo.marks(row.id)) });
  }
}
