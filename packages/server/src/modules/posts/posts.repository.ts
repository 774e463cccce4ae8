/** All SQL of the public-welfare posts slice. Takes a `Scope`; capacity is kept race-free by a conditional update. */
import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { andAll, type Scope } from '../../access/scope.ts';
import { rowsOf, unitOfWork, type Executor } from '../../db/executor.ts';
import { householdZeroEmploymentPeriods, personMarks, persons } from '../../db/schema.ts';
import { postComplaints, postPlacements, welfarePosts } from '../../db/schema-assistance.ts';
import type { PersonRow } from '../persons/persons.repository.ts';
import type { FactPerson } from '../assistance/facts.ts';

export type PostRow = typeof welfarePosts.$inferSelect;
export type PlacementRow = typeof postPlacements.$inferSelect;
export type ComplaintRow = typeof postComplaints.$inferSelect;

export class PostsRepository {
  constructor(readonly db: Executor) {}

  transaction<T>(fn: (repo: PostsRepository) => Promise<T>): Promise<T> {
    return unitOfWork(this.db, (tx) => new PostsRepository(tx), fn);
  }

  async insertPost(row: typeof welfarePosts.$inferInsert): Promise<PostRow> {
    return (await this.db.insert(welfarePosts).values(row).returning())[0]!;
  }

  async post(id: string, forUpdate = false): Promise<PostRow | undefined> {
    const q = this.db.select().from(welfarePosts).where(eq(welfarePosts.id, id)).limit(1);
    return (forUpdate ? await q.for('update') : await q)[0];
  }

  async posts(scope: Scope, within: string, status: string | undefined): Promise<PostRow[]> {
    return this.db
      .select()
      .from(welfarePosts)
      .where(andAll(scope.jurisdictionCondition(welfarePosts.jurisdictionCode, within), status ? eq(welfarePosts.status, status) : undefined))
      .orderBy(desc(welfarePosts.createdAt));
  }

  async setStatus(id: string, status: string): Promise<PostRow | undefined> {
    return (await this.db.update(welfarePosts).set({ status }).where(eq(welfarePosts.id, id)).returning())[0];
  }

  /** Takes one place if one is free; undefined when the post is full (safe against concurrent placements). */
  async takePlace(id: string): Promise<PostRow | undefined> {
    return (
      await this.db
        .update(welfarePosts)
        .set({ filled: sql`${welfarePosts.filled} + 1` })
        .where(and(eq(welfarePosts.id, id), sql`${welfarePosts.filled} < ${welfarePosts.places}`))
        .returning()
    )[0];
  }

  async releasePlace(id: string): Promise<void> {
    await this.db.update(welfarePosts).set({ filled: sql`greatest(${welfarePosts.filled} - 1, 0)` }).where(eq(welfarePosts.id, id));
  }

  async insertPlacement(row: typeof postPlacements.$inferInsert): Promise<PlacementRow> {
    return (await this.db.insert(postPlacements).values(row).returning())[0]!;
  }

  async placement(id: string, forUpdate = false): Promise<PlacementRow | undefined> {
    const q = this.db.select().from(postPlacements).where(eq(postPlacements.id, id)).limit(1);
    return (forUpdate ? await q.for('update') : await q)[0];
  }

  async placementsOf(postId: string): Promise<(PlacementRow & { personName: string })[]> {
    const rows = await this.db.select({ p: postPlacements, name: persons.name }).from(postPlacements).innerJoin(persons, eq(persons.id, postPlacements.personId)).where(eq(postPlacements.postId, postId)).orderBy(asc(postPlacements.startOn));
    return rows.map((r) => ({ ...r.p, personName: r.name }));
  }

  async updatePlacement(row: PlacementRow, patch: Partial<typeof postPlacements.$inferInsert>): Promise<PlacementRow | undefined> {
    return (
      await this.db
        .update(postPlacements)
        .set(patch)
        .where(and(eq(postPlacements.personId, row.personId), eq(postPlacements.id, row.id), eq(postPlacements.state, 'active')))
        .returning()
    )[0];
  }

  async endingSoon(scope: Scope, within: string, until: string) {
    return this.db
      .select({ p: postPlacements, personName: persons.name, title: welfarePosts.title })
      .from(postPlacements)
      .innerJoin(persons, eq(persons.id, postPlacements.personId))
      .innerJoin(welfarePosts, eq(welfarePosts.id, postPlacements.postId))
      .where(andAll(scope.jurisdictionCondition(postPlacements.jurisdictionCode, within), eq(postPlacements.state, 'active'), lte(postPlacements.termEnds, until)))
      .orderBy(asc(postPlacements.termEnds));
  }

  /**
   * The default candidate pool's ids, all of them (no cap), in id order: people in the subtree with the difficulty /
   * zero-employment mark, or in an open zero-employment household, not placed now. The caller loads and ranks
   * them in chunks.
   */
  async poolIds(scope: Scope, within: string): Promise<string[]> {
    // Two branches joined by UNION rather than `EXISTS … OR EXISTS …`, so the planner may start from the marks or
    // the open periods (semi-joins) instead of probing every person of the subtree (a county of 90,000 people:
    // 0.75 s → 0.12 s on PostgreSQL).
    const inScope = scope.personCondition(persons.jurisdictionCode, persons.id, within) ?? sql`true`;
    const zeroInScope = scope.jurisdictionCondition(householdZeroEmploymentPeriods.jurisdictionCode, within) ?? sql`true`;
    const rows = await rowsOf<{ id: string }>(
      this.db,
      sql`
      SELECT u.id FROM (
        SELECT ${persons.id} AS id FROM ${persons}
        WHERE ${inScope} AND ${persons.hiddenAt} IS NULL
          AND EXISTS (SELECT 1 FROM ${personMarks} m WHERE m.person_id = ${persons.id} AND m.mark IN ('difficulty', 'zero_employment_family') AND m.until IS NULL)
        UNION
        SELECT ${persons.id} FROM ${householdZeroEmploymentPeriods} JOIN ${persons} ON ${persons.householdId} = ${householdZeroEmploymentPeriods.householdId}
        WHERE ${householdZeroEmploymentPeriods.endedAt} IS NULL AND ${zeroInScope} AND ${inScope} AND ${persons.hiddenAt} IS NULL
      ) u
      WHERE NOT EXISTS (SELECT 1 FROM ${postPlacements} pp WHERE pp.person_id = u.id AND pp.state = 'active')
      ORDER BY u.id`,
    );
    return rows.map((r) => r.id);
  }

  /** Only the columns the ranking facts need (`FactPerson`), for whole pools. */
  async factPersonsIn(ids: readonly string[]): Promise<FactPerson[]> {
    if (ids.length === 0) return [];
    const p = persons;
    return this.db
      .select({ id: p.id, jurisdictionCode: p.jurisdictionCode, householdId: p.householdId, sex: p.sex, birthDate: p.birthDate, retirementCategory: p.retirementCategory, disabilityGradeEnc: p.disabilityGradeEnc })
      .from(p)
      .where(and(inArray(p.id, [...ids]), isNull(p.hiddenAt)));
  }

  async personsIn(ids: readonly string[]): Promise<PersonRow[]> {
    if (ids.length === 0) return [];
    return this.db.select().from(persons).where(and(inArray(persons.id, [...ids]), isNull(persons.hiddenAt)));
  }

  async insertComplaint(row: typeof postComplaints.$inferInsert): Promise<ComplaintRow> {
    return (await this.db.insert(postComplaints).values(row).returning())[0]!;
  }

  async complaints(postId: string): Promise<ComplaintRow[]> {
    return this.db.select().from(postComplaints).where(eq(postComplaints.postId, postId)).orderBy(asc(postComplaints.receivedOn), asc(postComplaints.id));
  }

  async decideComplaint(postId: string, id: string, patch: Partial<typeof postComplaints.$inferInsert>): Promise<ComplaintRow | undefined> {
    return (await this.db.update(postComplaints).set(patch).where(and(eq(postComplaints.postId, postId), eq(postComplaints.id, id), eq(postComplaints.status, 'open'))).returning())[0];
  }
}

