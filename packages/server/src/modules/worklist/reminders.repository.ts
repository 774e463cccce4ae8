/**
 * Reminders to caseworkers when a worklist item becomes due (set-based, after each recomputation). One row per
 * person and item key (`<kind>:<due date>`), so the same due item never reminds twice. Each new reminder is also an
 * outbox message (`worklist.item_due`, SMS) to the responsible caseworker — the registration's, else the caseworker
 * of the nearest covering division (as at registration) — written in the same statement, delivered by the outbox
 * dispatcher; while no reminder is unassigned and no caseworker covers the area, only the in-app reminder exists.
 */
import { and, desc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { Scope } from '../../access/scope.ts';
import { serviceReminders } from '../../db/schema-services.ts';
import { rowsOf } from '../../db/executor.ts';

/** First day of the follow-up period that ends on `follow_up_due` (calendar month/quarter/half-year). */
export const FOLLOW_UP_OPENS = sql.raw(`(date_trunc('month', s.follow_up_due) - make_interval(months => GREATEST(s.follow_up_months, 1) - 1))::date`);

/** Days before a deadline that an obligation or first contact counts as due. */
export const DUE_SOON_DAYS = 3;

/**
 * `since`: the "as of" of the previous completed run. Only rows changed since then, or items whose due window
 * opened since then, are considered — so a night touches the day's new items, not every open one again.
 */
export async function createDueReminders(db: Database, asOf: string, since: string | null = null): Promise<{ reminders: number; messages: number }> {
  const fresh = (opens: SQL) => (since === null ? sql`` : sql`AND (s.changed_on > ${since}::date OR ${opens} > ${since}::date)`);
  const rows = await rowsOf<{ n: number; messages: number }>(
    db,
    sql`WITH due AS (
      SELECT s.person_id, s.caseworker_id, s.jurisdiction_code, 'follow_up' AS kind, 'follow_up:' || s.follow_up_due AS key, s.follow_up_due AS due_on,
             '定期跟踪回访：最迟 ' || s.follow_up_due || (CASE WHEN s.follow_up_overdue THEN '（已逾期）' ELSE '' END) AS text_zh,
             'follow-up due by ' || s.follow_up_due || (CASE WHEN s.follow_up_overdue THEN ' (overdue)' ELSE '' END) AS text_en
      FROM person_service_state s WHERE s.follow_up_due IS NOT NULL AND ${FOLLOW_UP_OPENS} <= ${asOf}::date ${fresh(FOLLOW_UP_OPENS)}
      UNION ALL
      SELECT s.person_id, s.caseworker_id, s.jurisdiction_code, 'obligation', 'obligation:' || s.obligations_due_by, s.obligations_due_by,
             '服务义务未达标：期限 ' || s.obligations_due_by, 'obligations not met, due ' || s.obligations_due_by
      FROM person_service_state s WHERE s.obligations_due_by IS NOT NULL AND s.obligations_due_by <= (${asOf}::date + ${DUE_SOON_DAYS}::int) ${fresh(sql`(s.obligations_due_by - ${DUE_SOON_DAYS}::int)`)}
      UNION ALL
      SELECT s.person_id, s.caseworker_id, s.jurisdiction_code, 'first_contact', 'first_contact:' || s.first_contact_deadline, s.first_contact_deadline,
             '登记后首次联系：期限 ' || s.first_contact_deadline, 'first contact due by ' || s.first_contact_deadline
      FROM person_service_state s WHERE s.first_contact_on IS NULL AND s.first_contact_deadline IS NOT NULL AND s.first_contact_deadline <= (${asOf}::date + ${DUE_SOON_DAYS}::int) ${fresh(sql`(s.first_contact_deadline - ${DUE_SOON_DAYS}::int)`)}
      UNION ALL
      SELECT s.person_id, s.caseworker_id, s.jurisdiction_code, 'stale_file', 'stale_file:' || COALESCE(s.file_verified_on::text, 'never'), ${asOf}::date,
             '长期失业人员档案信息需核实更新（R7.5）', 'long-term registrant: file facts need verifying (R7.5)'
      FROM person_service_state s WHERE s.stale ${fresh(sql`s.changed_on`)}
    ), ins AS (
      INSERT INTO service_reminders (person_id, user_id, jurisdiction_code, kind, key, due_on, text_zh, text_en)
      SELECT person_id, caseworker_id, jurisdiction_code, kind, key, due_on, text_zh, text_en FROM due
      ON CONFLICT (person_id, key) DO NOTHING
      RETURNING person_id, id, user_id, jurisdiction_code, kind, due_on, text_zh, text_en
    ), area AS (
      -- Unassigned reminders: the caseworker of the nearest division covering the person's (one lookup per code).
      SELECT c.code, (SELECT u.id FROM users u
                      WHERE u.role = 'caseworker' AND u.active
                        AND u.jurisdiction_code IN (c.code, left(c.code, 9) || '000', left(c.code, 6) || '000000', left(c.code, 4) || '00000000', left(c.code, 2) || '0000000000')
                      ORDER BY u.jurisdiction_code DESC, u.username LIMIT 1) AS user_id
      FROM (SELECT DISTINCT jurisdiction_code AS code FROM ins WHERE user_id IS NULL) c
    ), outbox AS (
      INSERT INTO notifications (person_id, channel, template_id, payload, subject, recipient_user_id)
      SELECT i.person_id, 'sms', 'worklist.item_due',
             jsonb_build_object('staffName', u.display_name, 'personName', p.name, 'jurisdictionCode', i.jurisdiction_code, 'kind', i.kind,
                                'dueOn', i.due_on::text, 'textZh', i.text_zh, 'textEn', i.text_en),
             'reminder:' || i.id, u.id
      FROM ins i
      LEFT JOIN area a ON i.user_id IS NULL AND a.code = i.jurisdiction_code
      JOIN users u ON u.id = COALESCE(i.user_id, a.user_id) AND u.active
      JOIN persons p ON p.id = i.person_id
      RETURNING 1)
    SELECT (SELECT count(*) FROM ins)::int AS n, (SELECT count(*) FROM outbox)::int AS messages`,
  );
  return { reminders: Number(rows[0]?.n ?? 0), messages: Number(rows[0]?.messages ?? 0) };
}

export type ReminderRow = typeof serviceReminders.$inferSelect;

/** Unread reminders for a caseworker: their own, plus unassigned ones in their jurisdiction. */
export async function remindersFor(db: Database, userId: string, within: string, limit: number): Promise<ReminderRow[]> {
  return db
    .select()
    .from(serviceReminders)
    .where(
      and(
        isNull(serviceReminders.readAt),
        Scope.subtree(serviceReminders.jurisdictionCode, within),
        or(eq(serviceReminders.userId, userId), isNull(serviceReminders.userId)),
      ),
    )
    .orderBy(serviceReminders.dueOn, desc(serviceReminders.createdAt))
    .limit(limit);
}

export async function markReminderRead(db: Database, personId: string, id: string, within: string): Promise<boolean> {
  const rows = await db
    .update(serviceReminders)
    .set({ readAt: sql`now()` })
    .where(and(eq(serviceReminders.personId, personId), eq(serviceReminders.id, id), Scope.subtree(serviceReminders.jurisdictionCode, within), isNull(serviceReminders.readAt)))
    .returning({ id: serviceReminders.id });
  return rows.length > 0;
}
