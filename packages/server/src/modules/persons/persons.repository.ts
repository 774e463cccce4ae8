import { and, asc, count, desc, eq, exists, inArray, isNull, like, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { likePrefix } from '../../db/like.ts';
import type { Database } from '../../db/client.ts';
import { resultRows, unitOfWork, type Executor } from '../../db/executor.ts';
import { divisions, personEvents, personMarks, persons, registrations, users } from '../../db/schema.ts';
import { personServiceState } from '../../db/schema-services.ts';
import { activationCodes } from '../../db/schema-citizen.ts';
import { andAll, type Scope } from '../../access/scope.ts';
import { lookupOf, type Lookup } from '../../access/visible.ts';
import { toSnapshot } from './person-file.ts';

export type PersonRow = typeof persons.$inferSelect;
export type PersonInsert = typeof persons.$inferInsert;
export type MarkRow = typeof personMarks.$inferSelect;
export type EventRow = typeof personEvents.$inferSelect;
export type EventInsert = typeof personEvents.$inferInsert;

export type PersonSearch =
  | { kind: 'all' }
  | { kind: 'idNumber'; bidx: string }
  | { kind: 'phone'; bidx: string }
  | { kind: 'name'; text: string }
  | { kind: 'pinyin'; text: string };

export interface PersonPage {
  readonly page: number;
  readonly pageSize: number;
  readonly sort: 'name' | 'birthDate' | 'updatedAt';
  readonly order: 'asc' | 'desc';
}

export interface PersonFilters {
  readonly mark?: string | undefined;
  readonly status?: string | undefined;
  /** Current tier / level of an active registrant, as last computed into `person_service_state`. */
  readonly tier?: string | undefined;
  readonly level?: string | undefined;
  readonly includeHidden?: boolean | undefined;
}

/** Outcome of a scoped lookup: the scope check lives here, below every route. */
export type ScopedLookup = Lookup<PersonRow>;

export class PersonsRepository {
  constructor(private readonly db: Executor) {}

  get database(): Database {
    return this.db;
  }

  /** Transaction-scoped advisory lock on a key (serialises e.g. two creates of the same ID number). */
  async lockKey(key: string): Promise<void> {
    await this.db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`);
  }

  /** Runs `fn` in one transaction with a repository bound to it. */
  transaction<T>(fn: (repo: PersonsRepository) => Promise<T>): Promise<T> {
    return unitOfWork(this.db, (tx) => new PersonsRepository(tx), fn);
  }

  private searchCondition(search: PersonSearch): SQL | undefined {
    switch (search.kind) {
      case 'all':
        return undefined;
      case 'idNumber':
        return eq(persons.idNumberBidx, search.bidx);
      case 'phone':
        return eq(persons.phoneBidx, search.bidx);
      case 'name':
        return like(persons.name, likePrefix(search.text));
      case 'pinyin':
        return or(like(persons.namePinyin, likePrefix(search.text)), like(persons.nameInitials, likePrefix(search.text)));
    }
  }

  async list(
    scope: Scope,
    within: string,
    search: PersonSearch,
    page: PersonPage,
    filters: PersonFilters = {},
  ): Promise<{ rows: PersonRow[]; total: number }> {
    const where = andAll(
      // On the persons table the hidden check is the row's own column (next line), not the scope's anti-join.
      scope.personCondition(persons.jurisdictionCode, persons.id, within, { includeHidden: true }),
      filters.includeHidden ? undefined : isNull(persons.hiddenAt),
      this.searchCondition(search),
      filters.status ? eq(persons.employmentStatus, filters.status) : undefined,
      filters.mark
        ? exists(
            this.db
              .select({ one: sql`1` })
              .from(personMarks)
              .where(and(eq(personMarks.personId, persons.id), eq(personMarks.mark, filters.mark), isNull(personMarks.until))),
          )
        : undefined,
      filters.tier || filters.level
        ? exists(
            this.db
              .select({ one: sql`1` })
              .from(personServiceState)
              .where(
                andAll(
                  eq(personServiceState.personId, persons.id),
                  filters.tier ? eq(personServiceState.tier, filters.tier) : undefined,
                  filters.level ? eq(personServiceState.level, filters.level) : undefined,
                ),
              ),
          )
        : undefined,
    );
    const sortColumn = page.sort === 'name' ? persons.namePinyin : page.sort === 'birthDate' ? persons.birthDate : persons.updatedAt;
    const [rows, totals] = await Promise.all([
      this.db
        .select()
        .from(persons)
        .where(where)
        .orderBy(page.order === 'asc' ? asc(sortColumn) : desc(sortColumn), asc(persons.id))
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize),
      this.db.select({ n: count() }).from(persons).where(where ?? and()),
    ]);
    return { rows, total: Number(totals[0]?.n ?? 0) };
  }

  async findScoped(scope: Scope, id: string, options: { includeHidden?: boolean; forUpdate?: boolean } = {}): Promise<ScopedLookup> {
    const query = this.db
      .select()
      .from(persons)
      .where(and(eq(persons.id, id), options.includeHidden ? undefined : isNull(persons.hiddenAt)))
      .limit(1);
    const rows = options.forUpdate ? await query.for('update') : await query;
    return lookupOf(rows[0], (row) => scope.canSeePerson(row));
  }

  async byId(id: string): Promise<PersonRow | undefined> {
    const rows = await this.db.select().from(persons).where(eq(persons.id, id)).limit(1);
    return rows[0];
  }

  /** Files holding this ID number (blind index); merged-away files are only pointers and do not count. */
  async byIdNumber(bidx: string): Promise<PersonRow[]> {
    return this.db
      .select()
      .from(persons)
      .where(and(eq(persons.idNumberBidx, bidx), isNull(persons.mergedInto)))
      .orderBy(asc(persons.createdAt));
  }

  /** Visible, not hidden files sharing at least two of name, birth date and phone with the given facts. */
  async possibleDuplicates(
    scope: Scope,
    facts: { excludeId?: string; name: string; birthDate: string; phoneBidx: string | null },
  ): Promise<{ row: PersonRow; matched: ('name' | 'birthDate' | 'phone')[] }[]> {
    const sameName = eq(persons.name, facts.name);
    const sameBirth = eq(persons.birthDate, facts.birthDate);
    const samePhone = facts.phoneBidx ? eq(persons.phoneBidx, facts.phoneBidx) : undefined;
    const pairs = [and(sameName, sameBirth), samePhone ? and(sameName, samePhone) : undefined, samePhone ? and(sameBirth, samePhone) : undefined].filter(
      (c): c is SQL => c !== undefined,
    );
    const rows = await this.db
      .select()
      .from(persons)
      .where(
        andAll(
          scope.personCondition(persons.jurisdictionCode, persons.id),
          isNull(persons.hiddenAt),
          facts.excludeId ? ne(persons.id, facts.excludeId) : undefined,
          or(...pairs),
        ),
      )
      .orderBy(asc(persons.createdAt))
      .limit(50);
    return rows.map((row) => {
      const matched: ('name' | 'birthDate' | 'phone')[] = [];
      if (row.name === facts.name) matched.push('name');
      if (row.birthDate === facts.birthDate) matched.push('birthDate');
      if (facts.phoneBidx && row.phoneBidx === facts.phoneBidx) matched.push('phone');
      return { row, matched };
    });
  }

  async existingDivisions(codes: readonly string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows = await this.db.select({ code: divisions.code }).from(divisions).where(inArray(divisions.code, [...new Set(codes)]));
    return new Set(rows.map((r) => r.code));
  }

  async insert(row: PersonInsert): Promise<PersonRow> {
    const rows = await this.db.insert(persons).values(row).returning();
    const created = rows[0];
    if (!created) throw new Error('insert returned no row');
    return created;
  }

  /** Optimistic update: only when the stored version is `version`; answers undefined when it is not. */
  async update(id: string, version: number, patch: Partial<PersonInsert>): Promise<PersonRow | undefined> {
    const rows = await this.db
      .update(persons)
      .set({ ...patch, version: sql`${persons.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(persons.id, id), eq(persons.version, version)))
      .returning();
    return rows[0];
  }

  async marks(personId: string): Promise<MarkRow[]> {
    return this.db.select().from(personMarks).where(eq(personMarks.personId, personId)).orderBy(asc(personMarks.since), asc(personMarks.mark));
  }

  async insertMarks(rows: (typeof personMarks.$inferInsert)[]): Promise<void> {
    if (rows.length > 0) await this.db.insert(personMarks).values(rows);
  }

  async endMark(personId: string, mark: string, since: string, until: string, endedBy: string | null, endSource: string): Promise<void> {
    await this.db
      .update(personMarks)
      .set({ until, endedBy, endSource })
      .where(and(eq(personMarks.personId, personId), eq(personMarks.mark, mark), eq(personMarks.since, since)));
  }

  async activeMarks(personIds: readonly string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    if (personIds.length === 0) return result;
    const rows = await this.db
      .select({ personId: personMarks.personId, mark: personMarks.mark })
      .from(personMarks)
      .where(and(inArray(personMarks.personId, [...personIds]), isNull(personMarks.until)))
      .orderBy(asc(personMarks.mark));
    for (const r of rows) {
      const list = result.get(r.personId) ?? [];
      list.push(r.mark);
      result.set(r.personId, list);
    }
    return result;
  }

  async divisionNames(codes: readonly string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = await this.db
      .select({ code: divisions.code, name: divisions.name })
      .from(divisions)
      .where(inArray(divisions.code, [...new Set(codes)]));
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  async insertEvents(rows: EventInsert[]): Promise<void> {
    if (rows.length > 0) await this.db.insert(personEvents).values(rows);
  }

  /**
   * One history event with the file after it (`row`, as stored) and its marks, at `at` — the application's clock
   * (`Clock.now()`). Events of one instant keep their insertion order (`seq`), so two events of one request read
   * back in the order they were written.
   */
  async recordEvent(row: PersonRow, actor: { userId: string; username: string }, kind: string, change: Record<string, unknown>, at: Date, extra: { source?: string | null | undefined; reason?: string | null | undefined } = {}): Promise<void> {
    const snapshot = toSnapshot(row, await this.marks(row.id));
    await this.appendEvent({ personId: row.id, actorId: actor.userId, actorName: actor.username, kind, source: extra.source ?? null, reason: extra.reason ?? null, change, snapshot, at });
  }

  /**
   * One event at `at` (the application's clock). Without `at` (writers not yet handed the clock: registration's
   * person files) the statement's clock stamps it; order within one instant is `seq` either way.
   */
  async appendEvent(event: Omit<EventInsert, 'at'> & { at?: Date | undefined }): Promise<void> {
    await this.db.insert(personEvents).values({ ...event, at: event.at ?? sql`clock_timestamp()` });
  }

  async hasEvents(personId: string): Promise<boolean> {
    const rows = await this.db.select({ id: personEvents.id }).from(personEvents).where(eq(personEvents.personId, personId)).limit(1);
    return rows.length > 0;
  }

  /**
   * Files loaded without history (demo data, older imports) get a `baseline` event holding their state as of
   * creation before their first change, so the as-of view of earlier dates stays right after that change.
   */
  async ensureBaseline(row: PersonRow): Promise<void> {
    if (await this.hasEvents(row.id)) return;
    await this.insertEvents([{ personId: row.id, at: row.createdAt, kind: 'baseline', snapshot: toSnapshot(row, await this.marks(row.id)) }]);
  }

  async events(personId: string): Promise<EventRow[]> {
    return this.db.select().from(personEvents).where(eq(personEvents.personId, personId)).orderBy(asc(personEvents.at), asc(personEvents.seq));
  }

  /** The file's own last snapshot recorded at or before `cutoff` (events copied in by a merge are skipped). */
  async snapshotAt(personId: string, cutoff: Date): Promise<EventRow | undefined> {
    const rows = await this.db
      .select()
      .from(personEvents)
      .where(and(eq(personEvents.personId, personId), isNull(personEvents.mergedFrom), lte(personEvents.at, cutoff)))
      .orderBy(desc(personEvents.at), desc(personEvents.seq))
      .limit(1);
    return rows[0];
  }

  /** Copies a merged file's events to the survivor, marked `merged_from` (the originals stay with the hidden file). */
  async copyEvents(fromId: string, toId: string): Promise<number> {
    const rows = await this.db.execute(sql`
      INSERT INTO person_events (person_id, id, at, actor_id, actor_name, kind, source, reason, change, snapshot, merged_from)
      SELECT ${toId}, gen_random_uuid(), at, actor_id, actor_name, kind, source, reason, change, snapshot, COALESCE(merged_from, ${fromId})
      FROM person_events WHERE person_id = ${fromId} ORDER BY at, seq
      RETURNING id`);
    return resultRows(rows).length;
  }

  /** Moves the merged file's marks to the survivor; a mark the survivor already holds from the same date is kept once. */
  async moveMarks(fromId: string, toId: string): Promise<number> {
    const moved = await this.db.execute(sql`
      INSERT INTO person_marks (person_id, mark, since, until, source, recorded_by, recorded_at, note, ended_by, end_source)
      SELECT ${toId}, mark, since, until, source, recorded_by, recorded_at, note, ended_by, end_source
      FROM person_marks WHERE person_id = ${fromId}
      ON CONFLICT DO NOTHING RETURNING mark`);
    await this.db.delete(personMarks).where(eq(personMarks.personId, fromId));
    return resultRows(moved).length;
  }

  async moveRegistrations(fromId: string, toId: string): Promise<number> {
    const rows = await this.db.update(registrations).set({ personId: toId }).where(eq(registrations.personId, fromId)).returning({ id: registrations.id });
    return rows.length;
  }

  /** A citizen account bound to the merged file follows it to the survivor. */
  async rebindAccounts(fromId: string, toId: string): Promise<void> {
    await this.db.update(users).set({ personId: toId }).where(eq(users.personId, fromId));
  }

  async hide(id: string, reason: 'deletion_request' | 'merged', mergedInto: string | null, by: string | null): Promise<PersonRow | undefined> {
    const rows = await this.db
      .update(persons)
      .set({
        hiddenAt: sql`now()`,
        hiddenReason: reason,
        mergedInto,
        updatedBy: by,
        updatedAt: sql`now()`,
        version: sql`${persons.version} + 1`,
        ...(reason === 'merged' ? { householdId: null, relationship: null } : {}),
      })
      .where(eq(persons.id, id))
      .returning();
    return rows[0];
  }

  // ---- Issue 11 (trust): identity confirmation and in-person activation codes --------------------------------

  async hasCitizenAccount(personId: string): Promise<boolean> {
    const rows = await this.db.select({ id: users.id }).from(users).where(and(eq(users.personId, personId), eq(users.role, 'citizen'))).limit(1);
    return rows.length > 0;
  }

  /** Stores a new code (its keyed hash) and voids any earlier unused one: only the latest code works. */
  async issueActivationCode(row: { personId: string; codeHash: string; issuedBy: string; issuedAt: Date; expiresAt: Date }): Promise<void> {
    await this.db
      .update(activationCodes)
      .set({ voidedAt: row.issuedAt })
      .where(and(eq(activationCodes.personId, row.personId), isNull(activationCodes.usedAt), isNull(activationCodes.voidedAt)));
    await this.db.insert(activationCodes).values(row);
  }

  /** Marks the file's identity as confirmed in person (optimistic on `version`). */
  async confirmIdentity(id: string, version: number, by: string, at: Date): Promise<PersonRow | undefined> {
    return this.update(id, version, { identityVerified: true, identityVerifiedAt: at, identityVerifiedBy: by, updatedBy: by });
  }
}
