/**
 * A person's in-app inbox (the citizen portal). Delivery of the outbox is the worker's (delivery.ts); the outbox
 * page, templates, receipts and letters are messages.service.ts.
 */
import type { NotificationsRepository } from './notifications.repository.ts';
import { isTemplateId, renderTemplate } from './templates.ts';

export class NotificationsService {
  constructor(readonly repo: NotificationsRepository) {}

  /** A person's in-app inbox, rendered. */
  async inbox(personId: string): Promise<{ id: string; templateId: string; text: string; textEn: string; state: string; createdAt: string }[]> {
    const rows = await this.repo.forPerson(personId, ['in_app']);
    return rows.map((r) => ({
      id: r.id,
      templateId: r.templateId,
      text: r.renderedText ?? (isTemplateId(r.templateId) ? renderTemplate(r.templateId, r.payload) : ''),
      textEn: isTemplateId(r.templateId) ? renderTemplate(r.templateId, r.payload, 'en') : '',
      state: r.state,
      createdAt: r.createdAt.toISOString(),
    }));
  }
}
