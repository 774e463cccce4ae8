/**
 * SQL of the service state: read source rows, write state rows and change-log rows, drop rows of registrants whose
 * registration ended. Used in a service record's transaction (one person) and by the nightly job (batches).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { PackRegistry } from '@bangfu/rules';
import type { Database } from '../../db/client.ts';
import { rowsOf } from '../../db/executor.ts';
import { appSettings } from '../../db/schema.ts';
import { eq, like, or } from 'drizzle-orm';
import { DEFAULT_STALE_AFTER_DAYS, FOUR_CLEARS_SETTING } from '../persons/four-clears.ts';
import { NATION_CODE } from '../../access/scope.ts';
import { itemsOf, replaceItems } from '../worklist/items.ts';
import { STATE_COLUMNS, Staleness, StateEngine, sameState, sourceQuery, toSourceRow, type ChangeRow, type SourceRow, type StateRow } from './service-state.ts';

/** Re-exported for importers not yet moved to `db/executor.ts` (the one helper). */

/**
 * The persons slice's staleness ages of the four clears (days) per jurisdiction, used for the R7.5 stale-file flag:
 * `four_clears.stale_after_days` (the nation) and `four_clears.stale_after_days:<code>` (a subtree).
 */
export async function staleAfterDays(db: Database): Promise<Staleness> {
  const rows = await db
    .select({ key: appSettings.key, value: appSettings.value })
    .from(appSettings)
    .where(or(eq(appSettings.key, FOUR_CLEARS_SETTING), like(appSettings.key, `${FOUR_CLEARS_SETTING}:%`)));
  const byCode = new Map<string, number>();
  for (const r of rows) {
    const code = r.key === FOUR_CLEARS_SETTING ? NATION_CODE : r.key.slice(FOUR_CLEARS_SETTING.length + 1);
    if (typeof r.value === 'number' && Number.isInteger(r.value) && r.value > 0 && /^\d{12}$/.test(code)) byCode.set(code, r.value);
  }
  return new Staleness(byCode, DEFAULT_STALE_AFTER_DAYS);
}

export async function loadSource(db: Database, asOf: string, personId?: string): Promise<SourceRow[]> {
  const rows = await rowsOf<Record<string, unknown>>(db, sql.raw(sourceQuery(asOf, personId)));
  return rows.map((r) => toSourceRow(r));
}

function stateValues(s: StateRow, asOf: string): SQL {
  return sql`(${sql.join(
    STATE_COLUMNS.map(([k]) => sql`${s[k]}`),
    sql`, `,
  )}, ${asOf}, now())`;
}

const STATE_COLUMN_LIST = STATE_COLUMNS.map(([, c]) => c).join(', ');
export const STATE_UPSERT_SET = STATE_COLUMNS.filter(([k]) => k !== 'personId')
  .map(([, c]) => `${c} = EXCLUDED.${c}`)
  .concat(['changed_on = EXCLUDED.changed_on', 'updated_at = now()'])
  .join(', ');

/** Multi-row UPSERT of state rows (PGlite batches and single persons). */
export async function upsertStates(db: Database, rows: readonly StateRow[], asOf: string): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await db.execute(
      sql`INSERT INTO person_service_state (${sql.raw(STATE_COLUMN_LIST)}, changed_on, updated_at) VALUES ${sql.join(
        chunk.map((s) => stateValues(s, asOf)),
        sql`, `,
      )} ON CONFLICT (person_id) DO UPDATE SET ${sql.raw(STATE_UPSERT_SET)}`,
    );
  }
}

export async function insertChanges(db: Database, changes: readonly ChangeRow[], cause: string): Promise<void> {
  for (let i = 0; i < changes.length; i += 1000) {
    const chunk = changes.slice(i, i + 1000);
    await db.execute(
      sql`INSERT INTO service_state_changes (person_id, "on", kind, from_value, to_value, text_zh, text_en, cause, jurisdiction_code) VALUES ${sql.join(
        chunk.map((c) => sql`(${c.personId}, ${c.on}, ${c.kind}, ${c.fromValue}, ${c.toValue}, ${c.textZh}, ${c.textEn}, ${cause}, ${c.jurisdictionCode})`),
        sql`, `,
      )}`,
    );
  }
}

/**
 * Removes state rows (and worklist items) of persons without an active unemployment registration (ended, hidden or
 * merged files) and logs why; returns how many.
 */
export async function dropEnded(db: Database, asOf: string, cause: string, personId?: string): Promise<number> {
  const rows = await rowsOf<{ person_id: string }>(
    db,
    sql`WITH gone AS (
          DELETE FROM person_service_state s
          WHERE ${personId ? sql`s.person_id = ${personId} AND` : sql``}
            NOT EXISTS (SELECT 1 FROM registrations r JOIN persons p ON p.id = r.person_id AND p.hidden_at IS NULL
                        WHERE r.person_id = s.person_id AND r.state = 'active' AND r.kind = 'unemployment' AND r.registered_on <= ${asOf})
          RETURNING s.person_id, s.jurisdiction_code, s.tier),
        items AS (DELETE FROM worklist_items w USING gone WHERE w.person_id = gone.person_id RETURNING 1)
        INSERT INTO service_state_changes (person_id, "on", kind, from_value, to_value, text_zh, text_en, cause, jurisdiction_code)
        SELECT person_id, ${asOf}::date, 'ended', tier, NULL, '失业登记已终止，不再计算分级与服务义务', 'the unemployment registration ended; no more tiers or obligations', ${cause}, jurisdiction_code FROM gone
        RETURNING person_id`,
  );
  return rows.length;
}

export interface PersonRecompute {
  readonly state: StateRow | null;
  readonly changes: ChangeRow[];
}

/**
 * Recomputes one person (inside the caller's transaction), writing only when something changed. The very same
 * source query, engine and diff as the nightly job.
 */
export async function recomputePerson(db: Database, registry: PackRegistry, asOf: string, personId: string, cause: string): Promise<PersonRecompute> {
  const engine = new StateEngine(registry, asOf, await staleAfterDays(db));
  const [src] = await loadSource(db, asOf, personId);
  if (!src) {
    await dropEnded(db, asOf, cause, personId);
    return { state: null, changes: [] };
  }
  const next = engine.compute(src);
  if (sameState(src.stored, next)) return { state: next, changes: [] };
  const changes = engine.diff(src.stored, next);
  await upsertStates(db, [next], asOf);
  await replaceItems(db, [next.personId], itemsOf(next, engine));
  if (changes.length) await insertChanges(db, changes, cause);
  return { state: next, changes };
}
