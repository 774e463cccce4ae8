/**
 * All SQL of the jobs slice: postings, occupations, job-seeking preferences, the people and postings matching reads,
 * and recommendations. Staff reads apply the `Scope`; an employer account reads only its own employer's rows.
 */
import { and, asc, desc, eq, ilike, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import { andAll, Scope } from '../../access/scope.ts';
import { escapeLike } from '../../db/like.ts';
import { lookupOf, type Lookup } from '../../access/visible.ts';
import { unitOfWork, type Executor } from '../../db/executor.ts';
import { personMarks, persons } from '../../db/schema.ts';
import { employers, jobRecommendations, occupations, personJobPreferences } from '../../db/schema-jobs.ts';
import { registrations } from '../../db/schema-registration.ts';
import { jobPostings } from '../../db/schema-services.ts';

export type PostingRow = typeof jobPostings.$inferSelect;
export type NewPostingRow = typeof jobPostings.$inferInsert;
export type OccupationRow = typeof occupations.$inferSelect;
export type PreferencesRow = typeof personJobPreferences.$inferSelect;
export type RecommendationRow = typeof jobRecommendations.$inferSelect;
export type EmployerRow = typeof employers.$inferSelect;

/** The person columns matching and recommendation need (no encrypted fields). */
export interface MatchPerson {
  id: string;
  name: string;
  sex: string;
  birthDate: string;
  jurisdictionCode: string;
  education: string | null;
  skills: unknown;
  idNumberMasked: string;
  disabled: boolean;
}


/** The 12-digit code of the province (2), city (4) or county (6 digits) a division code lies in. */
const areaOf = (code: string, digits: 2 | 4 | 6): string => code.slice(0, digits).padEnd(12, '0');

export class JobsRepository {
  constructor(readonly db: Executor) {}

  transaction<T>(fn: (repo: JobsRepository) => Promise<T>): Promise<T> {
    return unitOfWork(this.db, (tx) => new JobsRepository(tx), fn);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Occupations.

  async occupationCount(): Promise<number> {
    return (await this.db.select({ n: sql<number>`count(*)::int` }).from(occupations))[0]?.n ?? 0;
  }

  /** Adds the rows not there yet (by code); returns how many were added. */
  async importOccupations(rows: readonly (typeof occupations.$inferInsert)[]): Promise<number> {
    let added = 0;
    for (let i = 0; i < rows.length; i += 500) {
      const r = await this.db.insert(occupations).values(rows.slice(i, i + 500)).onConflictDoNothing().returning({ code: occupations.code });
      added += r.length;
    }
    return added;
  }

  async occupationsByCode(codes: readonly string[]): Promise<Map<string, OccupationRow>> {
    const unique = [...new Set(codes)];
    if (unique.length === 0) return new Map();
    const rows = await this.db.select().from(occupations).where(inArray(occupations.code, unique));
    return new Map(rows.map((r) => [r.code, r]));
  }

  async searchOccupations(text: string | undefined, under: string | undefined, limit: number): Promise<{ rows: OccupationRow[]; total: number }> {
    const q = text ? `%${escapeLike(text)}%` : undefined;
    const where = andAll(q ? or(ilike(occupations.name, q), ilike(occupations.aliases, q), like(occupations.code, `${escapeLike(text ?? '')}%`)) : undefined, under ? like(occupations.code, `${escapeLike(under)}%`) : undefined);
    const [rows, total] = await Promise.all([
      this.db.select().from(occupations).where(where).orderBy(asc(occupations.code)).limit(limit),
      this.db.select({ n: sql<number>`count(*)::int` }).from(occupations).where(where),
    ]);
    return { rows, total: total[0]?.n ?? 0 };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Postings.

  async insertPosting(row: NewPostingRow): Promise<PostingRow> {
    return (await this.db.insert(jobPostings).values(row).returning())[0]!;
  }

  async updatePosting(id: string, patch: Partial<NewPostingRow>, fromStates?: readonly string[]): Promise<PostingRow | undefined> {
    return (
      await this.db
        .update(jobPostings)
        .set({ ...patch, updatedAt: sql`now()` })
        .where(and(eq(jobPostings.id, id), fromStates ? inArray(jobPostings.state, [...fromStates]) : undefined))
        .returning()
    )[0];
  }

  async posting(id: string): Promise<PostingRow | undefined> {
    return (await this.db.select().from(jobPostings).where(eq(jobPostings.id, id)).limit(1))[0];
  }

  async postingsByIds(ids: readonly string[]): Promise<Map<string, PostingRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.select().from(jobPostings).where(inArray(jobPostings.id, [...new Set(ids)]));
    return new Map(rows.map((r) => [r.id, r]));
  }

  /**
   * A posting read by id. An employer account reaches only its own (`not_own_employer`). Staff manage the postings of
   * their area and may read any published posting (public information, recommended across areas).
   */
  async findPosting(scope: Scope, ownEmployerId: string | null, id: string, purpose: 'read' | 'manage'): Promise<Lookup<PostingRow>> {
    return lookupOf(await this.posting(id), (row) => {
      if (scope.actor.role === 'employer') return row.employerId === ownEmployerId || 'not_own_employer';
      return scope.covers(row.jurisdictionCode) || (purpose === 'read' && row.state === 'published');
    });
  }

  async listPostings(scope: Scope, ownEmployerId: string | null, within: string | null, f: { state?: string | undefined; employerId?: string | undefined; text?: string | undefined }): Promise<PostingRow[]> {
    const q = f.text ? `%${escapeLike(f.text)}%` : undefined;
    return this.db
      .select()
      .from(jobPostings)
      .where(
        andAll(
          ownEmployerId ? eq(jobPostings.employerId, ownEmployerId) : within === null ? undefined : this.staffPostings(scope, within),
          f.state ? eq(jobPostings.state, f.state) : undefined,
          f.employerId ? eq(jobPostings.employerId, f.employerId) : undefined,
          q ? or(ilike(jobPostings.title, q), ilike(jobPostings.employerName, q), ilike(jobPostings.description, q)) : undefined,
        ),
      )
      .orderBy(desc(jobPostings.createdAt))
      .limit(500);
  }

  /**
   * Postings staff list: those of the area asked for, and — when it is the caller's own — also the published ones of
   * the caller's county (public information a community caseworker recommends from).
   */
  private staffPostings(scope: Scope, within: string): SQL | undefined {
    const own = scope.jurisdictionCondition(jobPostings.jurisdictionCode, within);
    if (!own || within !== scope.actor.jurisdictionCode || scope.prefix.length <= 6) return own;
    return or(own, and(eq(jobPostings.state, 'published'), Scope.subtree(jobPostings.jurisdictionCode, areaOf(scope.prefix, 6))));
  }

  /**
   * Candidate generation for one person's matching (the rules package then scores every candidate): published,
   * valid, not full postings — all of the person's county (at most `perSet`), those of the province in the
   * person's wanted occupations' middle groups (中类), and, for an older or disabled person, the age-friendly or
   * disability-suitable ones of the city. Each part is one index range (`job_postings_published_idx`,
   * `job_postings_occupation_idx`), so a person's matches stay fast with tens of thousands of postings a province.
   */
  async candidatePostings(q: { divisionCode: string; occupationPrefixes: readonly string[]; suitability: boolean; asOf: string; perSet: number }): Promise<PostingRow[]> {
    const open = and(eq(jobPostings.state, 'published'), sql`(${jobPostings.validTo} IS NULL OR ${jobPostings.validTo} >= ${q.asOf})`, sql`${jobPostings.filled} < ${jobPostings.openings}`);
    const part = (where: SQL | undefined) => this.db.select().from(jobPostings).where(and(open, where)).limit(q.perSet);
    const parts = [part(Scope.subtree(jobPostings.jurisdictionCode, areaOf(q.divisionCode, 6)))];
    for (const prefix of [...new Set(q.occupationPrefixes)]) {
      parts.push(part(and(like(jobPostings.occupationCode, `${escapeLike(prefix)}%`), Scope.subtree(jobPostings.jurisdictionCode, areaOf(q.divisionCode, 2)))));
    }
    if (q.suitability) parts.push(part(and(or(eq(jobPostings.ageFriendly, true), eq(jobPostings.disabilitySuitable, true)), Scope.subtree(jobPostings.jurisdictionCode, areaOf(q.divisionCode, 4)))));
    const byId = new Map<string, PostingRow>();
    for (const rows of await Promise.all(parts)) for (const r of rows) byId.set(r.id, r);
    return [...byId.values()];
  }

  /** One more place filled; the posting becomes `filled` when the last opening is taken. */
  async fillPlace(id: string): Promise<PostingRow | undefined> {
    return (
      await this.db
        .update(jobPostings)
        .set({ filled: sql`${jobPostings.filled} + 1`, state: sql`CASE WHEN ${jobPostings.filled} + 1 >= ${jobPostings.openings} THEN 'filled' ELSE ${jobPostings.state} END`, updatedAt: sql`now()` })
        .where(eq(jobPostings.id, id))
        .returning()
    )[0];
  }

  async employer(id: string): Promise<EmployerRow | undefined> {
    return (await this.db.select().from(employers).where(eq(employers.id, id)).limit(1))[0];
  }

  // ---------------------------------------------------------------------------------------------------------------
  // People.

  private personColumns() {
    return {
      id: persons.id,
      name: persons.name,
      sex: persons.sex,
      birthDate: persons.birthDate,
      jurisdictionCode: persons.jurisdictionCode,
      education: persons.education,
      skills: persons.skills,
      idNumberMasked: persons.idNumberMasked,
      disabled: sql<boolean>`(${persons.disabilityGradeEnc} IS NOT NULL OR EXISTS (SELECT 1 FROM ${personMarks} m WHERE m.person_id = ${persons.id} AND m.mark = 'disabled' AND m.until IS NULL))`,
    };
  }

  /** A person read by id under the scope (hidden files are absent). */
  async findPerson(scope: Scope, id: string): Promise<Lookup<MatchPerson>> {
    const row = (await this.db.select(this.personColumns()).from(persons).where(and(eq(persons.id, id), isNull(persons.hiddenAt))).limit(1))[0];
    return lookupOf(row, (p) => scope.canSeePerson(p));
  }

  async personsByIds(ids: readonly string[]): Promise<MatchPerson[]> {
    if (ids.length === 0) return [];
    return this.db.select(this.personColumns()).from(persons).where(inArray(persons.id, [...new Set(ids)]));
  }

  /**
   * Registrants with an active registration under a division prefix, within the scope: the pool for a posting's
   * candidates (at most `limit`, in id order).
   */
  async activeRegistrantsUnder(scope: Scope, prefix: string, limit: number): Promise<MatchPerson[]> {
    const inScope: SQL | undefined = scope.personCondition(persons.jurisdictionCode, persons.id);
    return this.db
      .select(this.personColumns())
      .from(persons)
      .where(
        andAll(
          inScope,
          Scope.subtree(persons.jurisdictionCode, prefix.padEnd(12, '0')),
          isNull(persons.hiddenAt),
          sql`EXISTS (SELECT 1 FROM ${registrations} r WHERE r.person_id = ${persons.id} AND r.state = 'active')`,
        ),
      )
      .orderBy(asc(persons.id))
      .limit(limit);
  }

  async preferences(personIds: readonly string[]): Promise<Map<string, PreferencesRow>> {
    if (personIds.length === 0) return new Map();
    const rows = await this.db.select().from(personJobPreferences).where(inArray(personJobPreferences.personId, [...new Set(personIds)]));
    return new Map(rows.map((r) => [r.personId, r]));
  }

  async savePreferences(row: typeof personJobPreferences.$inferInsert): Promise<PreferencesRow> {
    const { personId: _id, ...rest } = row;
    return (
      await this.db
        .insert(personJobPreferences)
        .values(row)
        .onConflictDoUpdate({ target: personJobPreferences.personId, set: { ...rest, updatedAt: sql`now()` } })
        .returning()
    )[0]!;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Recommendations.

  async insertRecommendation(row: typeof jobRecommendations.$inferInsert): Promise<RecommendationRow> {
    return (await this.db.insert(jobRecommendations).values(row).returning())[0]!;
  }

  async recommendation(id: string): Promise<RecommendationRow | undefined> {
    return (await this.db.select().from(jobRecommendations).where(eq(jobRecommendations.id, id)).limit(1))[0];
  }

  async recommendationOf(personId: string, postingId: string): Promise<RecommendationRow | undefined> {
    return (await this.db.select().from(jobRecommendations).where(and(eq(jobRecommendations.personId, personId), eq(jobRecommendations.postingId, postingId))).limit(1))[0];
  }

  async recommendationsOfPerson(personId: string): Promise<RecommendationRow[]> {
    return this.db.select().from(jobRecommendations).where(eq(jobRecommendations.personId, personId)).orderBy(desc(jobRecommendations.createdAt));
  }

  async recommendationsOfPosting(postingId: string, states?: readonly string[]): Promise<RecommendationRow[]> {
    return this.db
      .select()
      .from(jobRecommendations)
      .where(and(eq(jobRecommendations.postingId, postingId), states ? inArray(jobRecommendations.state, [...states]) : undefined))
      .orderBy(desc(jobRecommendations.updatedAt));
  }

  /**
   * Figures for supervision in a subtree: recommendations by state (of people of the area), the caseworkers who made
   * them, and the postings of the area with their openings; days from recommendation to hire (mean).
   */
  async figures(scope: Scope, within: string) {
    const recs = await this.db
      .select({ state: jobRecommendations.state, n: sql<number>`count(*)::int`, days: sql<number | null>`avg(extract(epoch FROM ${jobRecommendations.updatedAt} - ${jobRecommendations.createdAt}) / 86400)::float` })
      .from(jobRecommendations)
      .where(scope.jurisdictionCondition(jobRecommendations.jurisdictionCode, within))
      .groupBy(jobRecommendations.state);
    const byWorker = await this.db
      .select({ userId: jobRecommendations.recommendedBy, n: sql<number>`count(*)::int`, hired: sql<number>`count(*) FILTER (WHERE ${jobRecommendations.state} = 'hired')::int` })
      .from(jobRecommendations)
      .where(scope.jurisdictionCondition(jobRecommendations.jurisdictionCode, within))
      .groupBy(jobRecommendations.recommendedBy);
    const postings = await this.db
      .select({ state: jobPostings.state, n: sql<number>`count(*)::int`, openings: sql<number>`coalesce(sum(${jobPostings.openings}), 0)::int`, filled: sql<number>`coalesce(sum(${jobPostings.filled}), 0)::int` })
      .from(jobPostings)
      .where(scope.jurisdictionCondition(jobPostings.jurisdictionCode, within))
      .groupBy(jobPostings.state);
    return { recs, byWorker, postings };
  }

  /** Moves a recommendation on only if it is still in `from` (a concurrent change wins once). */
  async moveRecommendation(row: RecommendationRow, from: string, patch: Partial<typeof jobRecommendations.$inferInsert>): Promise<RecommendationRow | undefined> {
    return (
      await this.db
        .update(jobRecommendations)
        .set({ ...patch, updatedAt: sql`now()` })
        .where(and(eq(jobRecommendations.personId, row.personId), eq(jobRecommendations.id, row.id), eq(jobRecommendations.state, from)))
        .returning()
    )[0];
  }
}

