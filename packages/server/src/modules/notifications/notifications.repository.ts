/**
 * The outbox and everything the delivery worker and the outbox page ask of it: enqueue in the caller's
 * transaction, claim due messages with a lease (one statement, `FOR UPDATE SKIP LOCKED`), record outcomes for a
 * batch in one statement, receipts, opt-outs, jurisdiction wordings, letter batches, digests and the page's lists.
 */
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { letterBatches, messageOptOuts, messageReceipts, messageTemplates, notifications } from '../../db/schema-registration.ts';
import { systemClock, type Clock } from '../../jobs/clock.ts';
import { rowsOf } from '../../db/executor.ts';
import { Scope } from '../../access/scope.ts';
import { checkPayload, type NotificationChannel, type TemplateId } from './templates.ts';

export type NotificationRow = typeof notifications.$inferSelect;

/** Person id of messages to staff that are about no one person (a caseworker's daily digest). */
export const NO_PERSON = '00000000-0000-0000-0000-000000000000';

export interface NewNotification {
  readonly personId: string;
  readonly channel: NotificationChannel;
  readonly templateId: TemplateId;
  readonly payload: Record<string, string | number | boolean | null>;
  readonly subject: string;
  /** A staff recipient (templates with `audience: 'staff'`); the person otherwise. */
  readonly recipientUserId?: string | null;
  /** Sent in quiet hours and above the frequency cap (e.g. a deadline today). */
  readonly urgent?: boolean;
  /** Idempotency key: a second message with the same person and key is not written. */
  readonly dedupeKey?: string | null;
  /** Earliest sending time (default now). */
  readonly notBefore?: Date;
}

/** A claimed message with what sending needs; `prevState` `sending` means a worker died holding it. */
export interface ClaimedRow {
  readonly personId: string;
  readonly id: string;
  readonly channel: NotificationChannel;
  readonly templateId: string;
  readonly payload: Record<string, string | number | boolean | null>;
  readonly attempts: number;
  readonly urgent: boolean;
  readonly recipientUserId: string | null;
  readonly prevState: string;
  readonly jurisdictionCode: string | null;
  readonly phoneEnc: string | null;
  readonly address: string | null;
  readonly personName: string | null;
  readonly optedOut: boolean;
  /** SMS this person was sent today (China day) before this batch. */
  readonly smsToday: number;
}

/** What became of a claimed message. */
export interface Outcome {
  readonly personId: string;
  readonly id: string;
  /** `printing`: a letter waiting for its print batch. */
  readonly state: 'pending' | 'sent' | 'delivered' | 'held' | 'failed' | 'printing';
  readonly provider?: string | null;
  readonly providerMessageId?: string | null;
  readonly renderedText?: string | null;
  readonly heldReason?: string | null;
  readonly lastError?: string | null;
  /** Pending: when to try again. */
  readonly nextAttemptAt?: Date | null;
  /** Pending without spending an attempt (quiet hours, cap). */
  readonly refund?: boolean;
}

export interface OutboxFilter {
  readonly within: string;
  readonly state?: string | undefined;
  readonly channel?: string | undefined;
  readonly provider?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}

/** The outbox page's row: the message, where it is, and the person or staff member it is for. */
export interface OutboxRow extends Record<string, unknown> {
  person_id: string;
  id: string;
  channel: string;
  template_id: string;
  state: string;
  attempts: number;
  urgent: boolean;
  last_error: string | null;
  held_reason: string | null;
  provider: string | null;
  provider_message_id: string | null;
  rendered_text: string | null;
  subject: string | null;
  created_at: string;
  next_attempt_at: string;
  sent_at: string | null;
  delivered_at: string | null;
  recipient_name: string | null;
  phone_masked: string | null;
  jurisdiction_code: string | null;
}

/** Messages about persons of the subtree, or to staff of it (a digest has no person). */
const withinCondition = (within: string): SQL => Scope.subtreeSql(sql`COALESCE(p.jurisdiction_code, u.jurisdiction_code)`, within);

export class NotificationsRepository {
  /** `clock`: the application's, so a message's creation and first due time follow it (tests fix it). */
  constructor(
    private readonly db: Database,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The database the repository was made with (for an `enqueue` outside a caller's transaction). */
  get database(): Database {
    return this.db;
  }

  async enqueue(tx: Database, items: readonly NewNotification[]): Promise<NotificationRow[]> {
    if (items.length === 0) return [];
    for (const n of items) checkPayload(n.templateId, n.payload);
    return tx
      .insert(notifications)
      .values(
        items.map((n) => ({
          personId: n.personId,
          channel: n.channel,
          templateId: n.templateId,
          payload: n.payload,
          subject: n.subject,
          recipientUserId: n.recipientUserId ?? null,
          urgent: n.urgent ?? false,
          dedupeKey: n.dedupeKey ?? null,
          createdAt: this.clock.now(),
          nextAttemptAt: n.notBefore ?? this.clock.now(),
        })),
      )
      .onConflictDoNothing()
      .returning();
  }

  /** Messages to the person themself (messages to staff about the person are not theirs). */
  async forPerson(personId: string, channels?: readonly NotificationChannel[]): Promise<NotificationRow[]> {
    return this.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.personId, personId), isNull(notifications.recipientUserId), channels ? inArray(notifications.channel, [...channels]) : undefined))
      .orderBy(desc(notifications.createdAt));
  }

  async bySubject(personId: string, subject: string): Promise<NotificationRow[]> {
    return this.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.personId, personId), eq(notifications.subject, subject)))
      .orderBy(asc(notifications.createdAt));
  }

  /**
   * Claims up to `limit` due messages on `channels` in one statement: pending ones whose time has come and
   * `sending` ones whose lease ran out (their worker died). Each claim counts as an attempt.
   */
  async claim(channels: readonly NotificationChannel[], now: Date, leaseUntil: Date, limit: number): Promise<ClaimedRow[]> {
    if (channels.length === 0) return [];
    const day = new Date(Math.floor((now.getTime() + 8 * 3_600_000) / 86_400_000) * 86_400_000 - 8 * 3_600_000);
    const rows = await rowsOf<Record<string, unknown>>(
      this.db,
      sql`WITH c AS (
            SELECT person_id, id, state FROM notifications
            WHERE ((state = 'pending' AND next_attempt_at <= ${now.toISOString()}::timestamptz)
                OR (state = 'sending' AND claimed_until < ${now.toISOString()}::timestamptz))
              AND channel IN (${sql.join(channels.map((c) => sql`${c}`), sql`, `)})
              -- Per-item staff reminders leave only inside the caseworker's daily digest.
              AND template_id <> 'worklist.item_due'
            ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED
          ), upd AS (
            UPDATE notifications n SET state = 'sending', claimed_until = ${leaseUntil.toISOString()}::timestamptz, attempts = n.attempts + 1
            FROM c WHERE n.person_id = c.person_id AND n.id = c.id
            RETURNING n.person_id, n.id, n.channel, n.template_id, n.payload, n.attempts, n.urgent, n.recipient_user_id, c.state AS prev_state
          )
          SELECT upd.*, p.jurisdiction_code, p.phone_enc, p.address, p.name AS person_name,
                 EXISTS (SELECT 1 FROM message_opt_outs o WHERE o.person_id = upd.person_id AND o.channel = upd.channel) AS opted_out,
                 (SELECT count(*) FROM notifications s WHERE s.person_id = upd.person_id AND s.channel = 'sms' AND s.recipient_user_id IS NULL
                    AND s.sent_at >= ${day.toISOString()}::timestamptz AND s.state IN ('sent', 'delivered'))::int AS sms_today
          FROM upd LEFT JOIN persons p ON p.id = upd.person_id`,
    );
    return rows.map((r) => ({
      personId: String(r.person_id),
      id: String(r.id),
      channel: r.channel as NotificationChannel,
      templateId: String(r.template_id),
      payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as ClaimedRow['payload'],
      attempts: Number(r.attempts),
      urgent: r.urgent === true,
      recipientUserId: (r.recipient_user_id as string | null) ?? null,
      prevState: String(r.prev_state),
      jurisdictionCode: (r.jurisdiction_code as string | null) ?? null,
      phoneEnc: (r.phone_enc as string | null) ?? null,
      address: (r.address as string | null) ?? null,
      personName: (r.person_name as string | null) ?? null,
      optedOut: r.opted_out === true,
      smsToday: Number(r.sms_today ?? 0),
    }));
  }

  /**
   * Records the outcomes of one claimed batch in one statement — only where this worker's lease still holds
   * (a worker that lost its lease to another records nothing).
   */
  async finish(outcomes: readonly Outcome[], leaseUntil: Date, now: Date): Promise<number> {
    if (outcomes.length === 0) return 0;
    const data = outcomes.map((o) => ({
      person_id: o.personId,
      id: o.id,
      state: o.state,
      provider: o.provider ?? null,
      pid: o.providerMessageId ?? null,
      txt: o.renderedText ?? null,
      held: o.heldReason ?? null,
      err: o.lastError ?? null,
      next: o.nextAttemptAt ? o.nextAttemptAt.toISOString() : null,
      refund: o.refund === true,
    }));
    const rows = await rowsOf<{ n: number }>(
      this.db,
      sql`WITH v AS (SELECT * FROM jsonb_to_recordset(${JSON.stringify(data)}::jsonb)
                       AS v(person_id uuid, id uuid, state text, provider text, pid text, txt text, held text, err text, next timestamptz, refund boolean)),
          upd AS (
            UPDATE notifications n SET
              state = v.state,
              provider = COALESCE(v.provider, n.provider),
              provider_message_id = COALESCE(v.pid, n.provider_message_id),
              rendered_text = COALESCE(v.txt, n.rendered_text),
              held_reason = v.held,
              last_error = v.err,
              attempts = CASE WHEN v.refund THEN n.attempts - 1 ELSE n.attempts END,
              next_attempt_at = COALESCE(v.next, n.next_attempt_at),
              sent_at = CASE WHEN v.state IN ('sent', 'delivered') THEN ${now.toISOString()}::timestamptz ELSE n.sent_at END,
              delivered_at = CASE WHEN v.state = 'delivered' THEN ${now.toISOString()}::timestamptz ELSE n.delivered_at END,
              claimed_until = NULL
            FROM v WHERE n.person_id = v.person_id AND n.id = v.id AND n.state = 'sending' AND n.claimed_until = ${leaseUntil.toISOString()}::timestamptz
            RETURNING 1)
          SELECT count(*)::int AS n FROM upd`,
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Operators' wordings (small table, read once per batch). */
  async wordings(): Promise<(typeof messageTemplates.$inferSelect)[]> {
    return this.db.select().from(messageTemplates);
  }

  async saveWording(row: { jurisdictionCode: string; templateId: string; textZh: string; smsTemplateCode: string | null; updatedBy: string }): Promise<void> {
    await this.db
      .insert(messageTemplates)
      .values(row)
      .onConflictDoUpdate({ target: [messageTemplates.jurisdictionCode, messageTemplates.templateId], set: { textZh: row.textZh, smsTemplateCode: row.smsTemplateCode, updatedBy: row.updatedBy, updatedAt: sql`now()` } });
  }

  /**
   * A delivery receipt. Answers `duplicate` when the same receipt came before (nothing changes), `unknown` when no
   * message has this provider id, else `applied`.
   */
  async applyReceipt(bizId: string, success: boolean, errCode: string | null, now: Date): Promise<'applied' | 'duplicate' | 'unknown'> {
    const status = success ? 'delivered' : 'failed';
    return this.db.transaction(async (tx) => {
      const fresh = await tx.insert(messageReceipts).values({ providerMessageId: bizId, status, errCode }).onConflictDoNothing().returning({ id: messageReceipts.providerMessageId });
      if (fresh.length === 0) {
        await tx
          .update(messageReceipts)
          .set({ duplicates: sql`${messageReceipts.duplicates} + 1` })
          .where(and(eq(messageReceipts.providerMessageId, bizId), eq(messageReceipts.status, status)));
        return 'duplicate';
      }
      const known = await tx.select({ id: notifications.id }).from(notifications).where(eq(notifications.providerMessageId, bizId)).limit(1);
      if (known.length === 0) return 'unknown';
      await tx
        .update(notifications)
        .set(success ? { state: 'delivered', deliveredAt: now } : { state: 'failed', lastError: `receipt: ${errCode ?? 'failed'}`.slice(0, 500) })
        .where(and(eq(notifications.providerMessageId, bizId), inArray(notifications.state, ['sent', 'sending'])));
      return 'applied';
    });
  }

  async optOut(personId: string, channel: NotificationChannel, source: string): Promise<void> {
    await this.db.insert(messageOptOuts).values({ personId, channel, source }).onConflictDoNothing();
  }

  async optIn(personId: string, channel: NotificationChannel): Promise<void> {
    await this.db.delete(messageOptOuts).where(and(eq(messageOptOuts.personId, personId), eq(messageOptOuts.channel, channel)));
  }

  async optOuts(personId: string): Promise<string[]> {
    const rows = await this.db.select({ channel: messageOptOuts.channel }).from(messageOptOuts).where(eq(messageOptOuts.personId, personId));
    return rows.map((r) => r.channel);
  }

  /** Held, failed or cancelled messages go out again (a fresh set of attempts). */
  async resend(personId: string, id: string, now: Date): Promise<NotificationRow | undefined> {
    const rows = await this.db
      .update(notifications)
      .set({ state: 'pending', attempts: 0, heldReason: null, lastError: null, nextAttemptAt: now, claimedUntil: null })
      .where(and(eq(notifications.personId, personId), eq(notifications.id, id), inArray(notifications.state, ['failed', 'held'])))
      .returning();
    return rows[0];
  }

  async byId(personId: string, id: string): Promise<OutboxRow | undefined> {
    const rows = await this.page({ within: '', limit: 1, offset: 0 }, sql`n.person_id = ${personId} AND n.id = ${id}`);
    return rows[0];
  }

  /** The outbox page: newest first, in the caller's subtree (by the person's or the staff recipient's area). */
  async page(f: OutboxFilter, extra?: SQL): Promise<OutboxRow[]> {
    return rowsOf<OutboxRow>(
      this.db,
      sql`SELECT n.person_id::text, n.id::text, n.channel, n.template_id, n.state, n.attempts, n.urgent, n.last_error, n.held_reason, n.provider,
                 n.provider_message_id, n.rendered_text, n.subject, n.created_at::text, n.next_attempt_at::text, n.sent_at::text, n.delivered_at::text,
                 COALESCE(u.display_name, p.name) AS recipient_name, p.phone_masked, COALESCE(p.jurisdiction_code, u.jurisdiction_code) AS jurisdiction_code
          FROM notifications n LEFT JOIN persons p ON p.id = n.person_id LEFT JOIN users u ON u.id = n.recipient_user_id
          WHERE ${withinCondition(f.within)}
            ${f.state ? sql`AND n.state = ${f.state}` : sql``} ${f.channel ? sql`AND n.channel = ${f.channel}` : sql``}
            ${f.provider ? sql`AND n.provider = ${f.provider}` : sql``} ${extra ? sql`AND ${extra}` : sql``}
          ORDER BY n.created_at DESC, n.id LIMIT ${f.limit} OFFSET ${f.offset}`,
    );
  }

  /** Counts per China day, channel and state (the last `days` days). */
  async counts(within: string, since: Date): Promise<{ day: string; channel: string; state: string; n: number }[]> {
    return rowsOf(
      this.db,
      sql`SELECT to_char(n.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, n.channel, n.state, count(*)::int AS n
          FROM notifications n LEFT JOIN persons p ON p.id = n.person_id LEFT JOIN users u ON u.id = n.recipient_user_id
          WHERE n.created_at >= ${since.toISOString()}::timestamptz AND ${withinCondition(within)}
          GROUP BY 1, 2, 3 ORDER BY 1 DESC, 2, 3`,
    );
  }

  /** A staff member's in-app messages (their daily digests). */
  async staffInbox(userId: string, limit: number): Promise<NotificationRow[]> {
    return this.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.recipientUserId, userId), eq(notifications.channel, 'in_app')))
      .orderBy(desc(notifications.createdAt))
      .limit(limit);
  }

  /**
   * Folds the pending per-item staff reminders into one in-app digest per caseworker and China day (`digest:<day>`
   * is the digest's key, so a second run the same day adds nothing).
   */
  async digest(day: string): Promise<number> {
    const rows = await rowsOf<{ n: number }>(
      this.db,
      sql`WITH items AS (
            SELECT n.person_id, n.id, n.recipient_user_id, n.payload FROM notifications n
            WHERE n.template_id = 'worklist.item_due' AND n.state = 'pending' AND n.recipient_user_id IS NOT NULL
            FOR UPDATE SKIP LOCKED
          ), per_user AS (
            SELECT i.recipient_user_id AS user_id, count(*)::int AS n,
                   string_agg((i.payload->>'personName') || '：' || (i.payload->>'textZh'), '；' ORDER BY i.payload->>'dueOn') AS items_zh,
                   string_agg((i.payload->>'personName') || ': ' || (i.payload->>'textEn'), '; ' ORDER BY i.payload->>'dueOn') AS items_en
            FROM items i GROUP BY i.recipient_user_id
          ), ins AS (
            INSERT INTO notifications (person_id, channel, template_id, payload, subject, recipient_user_id, dedupe_key)
            SELECT ${NO_PERSON}::uuid, 'in_app', 'staff.daily_digest',
                   jsonb_build_object('staffName', u.display_name, 'day', ${day}::text, 'count', pu.n, 'itemsZh', pu.items_zh, 'itemsEn', pu.items_en),
                   'digest:' || ${day}::text, pu.user_id, 'digest:' || pu.user_id || ':' || ${day}::text
            FROM per_user pu JOIN users u ON u.id = pu.user_id
            ON CONFLICT DO NOTHING
            RETURNING id, recipient_user_id
          ), folded AS (
            UPDATE notifications n SET state = 'digested', digest_id = ins.id
            FROM items i JOIN ins ON ins.recipient_user_id = i.recipient_user_id
            WHERE n.person_id = i.person_id AND n.id = i.id
            RETURNING 1)
          SELECT (SELECT count(*) FROM ins)::int AS n, (SELECT count(*) FROM folded)::int AS folded`,
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Letters waiting to be printed in a subtree (state `printing`, no batch yet) go into a new batch. */
  async createLetterBatch(within: string, userId: string): Promise<{ id: string; letters: number } | null> {
    return this.db.transaction(async (tx) => {
      const [batch] = await tx.insert(letterBatches).values({ jurisdictionCode: within, letters: 0, createdBy: userId }).returning({ id: letterBatches.id });
      const moved = await rowsOf<{ n: number }>(
        tx,
        sql`WITH m AS (UPDATE notifications n SET letter_batch_id = ${batch!.id}
                       FROM persons p WHERE p.id = n.person_id AND n.channel = 'letter' AND n.state = 'printing' AND n.letter_batch_id IS NULL
                         AND ${Scope.subtreeSql(sql`p.jurisdiction_code`, within)} RETURNING 1)
            SELECT count(*)::int AS n FROM m`,
      );
      const n = Number(moved[0]?.n ?? 0);
      if (n === 0) {
        await tx.delete(letterBatches).where(eq(letterBatches.id, batch!.id));
        return null;
      }
      await tx.update(letterBatches).set({ letters: n }).where(eq(letterBatches.id, batch!.id));
      return { id: batch!.id, letters: n };
    });
  }

  async letterBatch(id: string): Promise<(typeof letterBatches.$inferSelect) | undefined> {
    return (await this.db.select().from(letterBatches).where(eq(letterBatches.id, id)).limit(1))[0];
  }

  async letterBatches(within: string, limit: number): Promise<(typeof letterBatches.$inferSelect)[]> {
    return this.db
      .select()
      .from(letterBatches)
      .where(Scope.subtreeSql(letterBatches.jurisdictionCode, within))
      .orderBy(desc(letterBatches.createdAt))
      .limit(limit);
  }

  async lettersOf(batchId: string): Promise<{ personName: string; address: string; text: string }[]> {
    const rows = await rowsOf<{ name: string; address: string | null; rendered_text: string | null }>(
      this.db,
      sql`SELECT p.name, p.address, n.rendered_text FROM notifications n JOIN persons p ON p.id = n.person_id
          WHERE n.letter_batch_id = ${batchId} ORDER BY p.jurisdiction_code, p.name, n.id`,
    );
    return rows.map((r) => ({ personName: r.name, address: r.address ?? '', text: r.rendered_text ?? '' }));
  }

  /** Printed: the batch's letters are `sent`; posted: `delivered` (a letter has no receipt). */
  async confirmLetters(batchId: string, step: 'printed' | 'posted', now: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const from = step === 'printed' ? 'created' : 'printed';
      const done = await tx
        .update(letterBatches)
        .set(step === 'printed' ? { state: 'printed', printedAt: now } : { state: 'posted', postedAt: now })
        .where(and(eq(letterBatches.id, batchId), eq(letterBatches.state, from)))
        .returning({ id: letterBatches.id });
      if (done.length === 0) return false;
      await tx
        .update(notifications)
        .set(step === 'printed' ? { state: 'sent', printedAt: now, sentAt: now, provider: 'letter' } : { state: 'delivered', postedAt: now, deliveredAt: now })
        .where(eq(notifications.letterBatchId, batchId));
      return true;
    });
  }
}
