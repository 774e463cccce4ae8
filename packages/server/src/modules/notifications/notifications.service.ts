/**
 * Delivery of the outbox. Events write notification rows in their own transaction (`NotificationsRepository.enqueue`);
 * `dispatch` later hands due rows to the sender registered for their channel and records the outcome:
 * pending → sent (handed to a gateway) → delivered (receipt), or back to pending with a growing delay, and `failed`
 * after the last attempt. A channel without a sender (no SMS gateway or letter printing configured) stays pending
 * and visible in the outbox, never silently dropped.
 */
import type { NotificationChannel } from './templates.ts';
import { renderTemplate, type TemplateId } from './templates.ts';
import type { NotificationRow, NotificationsRepository } from './notifications.repository.ts';

export interface OutgoingMessage {
  readonly row: NotificationRow;
  readonly textZh: string;
}

/** A channel's gateway. `delivered: true` when handing over is delivery itself (in-app inbox). */
export interface NotificationSender {
  send(message: OutgoingMessage): Promise<{ delivered: boolean }>;
}

/** In-app messages are delivered by being placed in the person's inbox (read through `GET /api/v1/me/notifications`). */
export const inAppSender: NotificationSender = {
  send: async () => ({ delivered: true }),
};

export const MAX_ATTEMPTS = 5;

/** Delay before retry n (1-based): 1, 4, 16, 64 minutes. */
export function retryDelayMs(attempt: number): number {
  return 60_000 * 4 ** (attempt - 1);
}

export class NotificationsService {
  private readonly senders = new Map<NotificationChannel, NotificationSender>([['in_app', inAppSender]]);

  constructor(readonly repo: NotificationsRepository) {}

  useSender(channel: NotificationChannel, sender: NotificationSender): void {
    this.senders.set(channel, sender);
  }

  /** Sends what is due on channels that have a sender; returns counts by outcome. */
  async dispatch(now: Date = new Date(), limit = 500): Promise<{ sent: number; delivered: number; retried: number; failed: number }> {
    const out = { sent: 0, delivered: 0, retried: 0, failed: 0 };
    const rows = await this.repo.due([...this.senders.keys()], now, limit);
    for (const row of rows) {
      const sender = this.senders.get(row.channel as NotificationChannel);
      if (!sender) continue;
      try {
        const r = await sender.send({ row, textZh: renderTemplate(row.templateId as TemplateId, row.payload) });
        await this.repo.markSent(row, r.delivered);
        if (r.delivered) out.delivered++;
        else out.sent++;
      } catch (e) {
        const attempt = row.attempts + 1;
        const final = attempt >= MAX_ATTEMPTS;
        await this.repo.markAttemptFailed(row, e instanceof Error ? e.message : String(e), final, new Date(now.getTime() + retryDelayMs(attempt)));
        if (final) out.failed++;
        else out.retried++;
      }
    }
    return out;
  }

  /** A gateway's delivery receipt. */
  async confirmDelivery(personId: string, id: string): Promise<boolean> {
    return this.repo.markDelivered(personId, id);
  }

  /** A person's in-app inbox, rendered. */
  async inbox(personId: string): Promise<{ id: string; templateId: string; text: string; textEn: string; state: string; createdAt: string }[]> {
    const rows = await this.repo.forPerson(personId, ['in_app']);
    return rows.map((r) => ({
      id: r.id,
      templateId: r.templateId,
      text: renderTemplate(r.templateId as TemplateId, r.payload),
      textEn: renderTemplate(r.templateId as TemplateId, r.payload, 'en'),
      state: r.state,
      createdAt: r.createdAt.toISOString(),
    }));
  }
}
