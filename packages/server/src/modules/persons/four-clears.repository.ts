import { asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { appSettings, divisions, persons } from '../../db/schema.ts';
import { andAll, codePrefix, Scope } from '../../access/scope.ts';
import { applyingSetting, childPrefixLength, fourClearsSettingKey, settingChain, type ClearCounts } from './four-clears.ts';

/** SQL of the four clears: staleness settings per jurisdiction and the summary counts. */
export class FourClearsRepository {
  constructor(private readonly db: Database) {}

  /**
   * The four-clears staleness that applies in `code`: the setting of the code itself or of its nearest ancestor
   * (the nation last); `setAt` null when none is set.
   */
  async staleAfterDaysAt(code: string): Promise<{ days: number | null; setAt: string | null }> {
    const rows = await this.db
      .select({ key: appSettings.key, value: appSettings.value })
      .from(appSettings)
      .where(inArray(appSettings.key, settingChain(code).map(fourClearsSettingKey)));
    return applyingSetting(code, rows);
  }

  async putSetting(key: string, value: unknown): Promise<void> {
    await this.db
      .insert(appSettings)
      .values({ key, value })
      .onConflictDoUpdate({ target: appSettings.key, set: { value, updatedAt: sql`now()` } });
  }

  async childDivisions(code: string): Promise<{ code: string; name: string }[]> {
    return this.db.select({ code: divisions.code, name: divisions.name }).from(divisions).where(eq(divisions.parentCode, code)).orderBy(asc(divisions.code));
  }

  /**
   * Four-clears counts per child jurisdiction of `within` (or `within` itself for a village): persons, and how many
   * have each clear gathered on or after `cutoff` (ISO dates compare as text), and all four.
   */
  async fourClearsCounts(within: string, cutoff: string): Promise<ClearCounts[]> {
    const prefix = codePrefix(within);
    const childLength = childPrefixLength(prefix.length) ?? 12;
    const fresh = (key: string) => sql`(${persons.clears}->${key}->>'on') >= ${cutoff}`;
    const rows = await this.db
      .select({
        prefix: sql<string>`left(${persons.jurisdictionCode}, ${childLength})`,
        persons: count(),
        headcount: sql<number>`count(*) FILTER (WHERE ${fresh('headcount')})`,
        skills: sql<number>`count(*) FILTER (WHERE ${fresh('skills')})`,
        intention: sql<number>`count(*) FILTER (WHERE ${fresh('intention')})`,
        serviceNeeds: sql<number>`count(*) FILTER (WHERE ${fresh('serviceNeeds')})`,
        complete: sql<number>`count(*) FILTER (WHERE ${fresh('headcount')} AND ${fresh('skills')} AND ${fresh('intention')} AND ${fresh('serviceNeeds')})`,
      })
      .from(persons)
      .where(andAll(Scope.subtree(persons.jurisdictionCode, within), isNull(persons.hiddenAt)))
      .groupBy(sql`1`);
    return rows.map((r) => ({
      prefix: r.prefix,
      persons: Number(r.persons),
      headcount: Number(r.headcount),
      skills: Number(r.skills),
      intention: Number(r.intention),
      serviceNeeds: Number(r.serviceNeeds),
      complete: Number(r.complete),
    }));
  }
}
