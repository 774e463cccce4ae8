import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { notifications } from '../../db/schema-registration.ts';
import { checkPayload, type NotificationChannel, type TemplateId } from './templates.ts';

export type NotificationRow = typeof notifications.$inferSelect;

export interface NewNotification {
  readonly personId: string;
  readonly channel: NotificationChannel;
  readonly templateId: TemplateId;
  readonly payload: Record<string, string | number | boolean | null>;
  readonly subject: string;
  /** A staff recipient (templates with `audience: 'staff'`); the person otherwise. */
  readonly recipientUserId?: string | null;
}

/** The outbox. `enqueue` takes the caller's transaction so the message exists exactly when the event does. */
export class NotificationsRepository {
  constructor(private readonly db: Database) {}

  async enqueue(tx: Database, items: readonly NewNotification[]): Promise<NotificationRow[]> {
    if (items.length === 0) return [];
    for (const n of items) checkPayload(n.templateId, n.payload);
    return tx
      .insert(notifications)
      .values(items.map((n) => ({ personId: n.personId, channel: n.channel, templateId: n.templateId, payload: n.payload, subject: n.subject, recipientUserId: n.recipientUserId ?? null })))
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

  async due(channels: readonly NotificationChannel[], now: Date, limit: number): Promise<NotificationRow[]> {
    if (channels.length === 0) return [];
    return this.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.state, 'pending'), inArray(notifications.channel, [...channels]), lte(notifications.nextAttemptAt, now)))
      .orderBy(asc(notifications.nextAttemptAt))
      .limit(limit);
  }

  async markSent(row: Pick<NotificationRow, 'personId' | 'id'>, delivered: boolean): Promise<void> {
    await this.db
      .update(notifications)
      .set({ state: delivered ? 'delivered' : 'sent', attempts: sql`${notifications.attempts} + 1`, sentAt: sql`now()`, deliveredAt: delivered ? sql`now()` : null, lastError: null })
      .where(and(eq(notifications.personId, row.personId), eq(notifications.id, row.id)));
  }

  async markDelivered(personId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .update(notifications)
      .set({ state: 'delivered', deliveredAt: sql`now()` })
      .where(and(eq(notifications.personId, personId), eq(notifications.id, id), eq(notifications.state, 'sent')))
      .returning({ id: notifications.id });
    return rows.length > 0;
  }

  async markAttemptFailed(row: Pick<NotificationRow, 'personId' | 'id'>, error: string, final: boolean, retryAt: Date): Promise<void> {
    await this.db
      .update(notifications)
      .set({ state: final ? 'failed' : 'pending', attempts: sql`${notifications.attempts} + 1`, lastError: error.slice(0, 500), nextAttemptAt: retryAt })
      .where(and(eq(notifications.personId, row.personId), eq(notifications.id, row.id)));
  }
}
