/**
 * Messages for operators, staff and providers: the outbox page (states, failures with the gateway's reason,
 * resend, counts per day and channel), jurisdiction wordings with preview, delivery receipts, opt-outs (退订),
 * letter batches (PDF, printed, posted), the staff inbox (daily digests), and `enqueue` — the stable entry for
 * other slices (policy pushes) to send a message:
 *
 *   await services.messages.enqueue([{ personId, channel: 'sms', templateId, payload, subject, dedupeKey }], tx);
 *
 * Pass the caller's transaction so the message exists exactly when the event does; `dedupeKey` makes a re-run push
 * write nothing twice. Add the template (with its fields and source) to templates.ts first.
 */
import type { Database } from '../../db/client.ts';
import { AppError } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import { chinaDate, type Clock } from '../../jobs/clock.ts';
import type { PersonRow, PersonsRepository } from '../persons/persons.repository.ts';
import type { SmsConfig } from '../../config/config.ts';
import { smsGatewayFor } from './sms-gateway.ts';
import type { DeliveryWorker, DispatchCounts } from './delivery.ts';
import { renderLetterBatch } from './letters.ts';
import type { NewNotification, NotificationRow, NotificationsRepository, OutboxRow } from './notifications.repository.ts';
import { verifySignature } from './sms-gateway.ts';
import { TEMPLATES, fillText, isTemplateId, renderTemplate, unknownVariables, type NotificationChannel, type TemplateId } from './templates.ts';
import { ZReceiptBody, type TOutboxItem } from './messages.contract.ts';

function item(r: OutboxRow): TOutboxItem {
  return {
    personId: r.person_id,
    id: r.id,
    channel: r.channel,
    templateId: r.template_id,
    state: r.state,
    attempts: Number(r.attempts),
    urgent: r.urgent,
    lastError: r.last_error,
    heldReason: r.held_reason,
    provider: r.provider,
    providerMessageId: r.provider_message_id,
    text: r.rendered_text,
    subject: r.subject,
    recipientName: r.recipient_name,
    phoneMasked: r.phone_masked,
    jurisdictionCode: r.jurisdiction_code,
    createdAt: new Date(r.created_at).toISOString(),
    nextAttemptAt: new Date(r.next_attempt_at).toISOString(),
    sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
    deliveredAt: r.delivered_at ? new Date(r.delivered_at).toISOString() : null,
  };
}

const batchView = (b: { id: string; jurisdictionCode: string; letters: number; state: string; createdAt: Date; printedAt: Date | null; postedAt: Date | null }) => ({
  ...b,
  createdAt: b.createdAt.toISOString(),
  printedAt: b.printedAt?.toISOString() ?? null,
  postedAt: b.postedAt?.toISOString() ?? null,
});

export class MessagesService {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly persons: PersonsRepository,
    readonly worker: DeliveryWorker,
    private readonly sms: SmsConfig,
    private readonly clock: Clock,
  ) {}

  /** The gateway the configuration names (`BANGFU_SMS_MODE`). */
  defaultGateway() {
    return smsGatewayFor(this.sms);
  }

  /** The outbox entry for other slices (see the module comment). Answers the rows written (none for a known `dedupeKey`). */
  enqueue(items: readonly NewNotification[], tx?: Database): Promise<NotificationRow[]> {
    return this.repo.enqueue(tx ?? this.repo.database, items);
  }

  async page(ctx: RequestContext, q: { jurisdiction?: string | undefined; state?: string | undefined; channel?: string | undefined; provider?: string | undefined; limit: number; offset: number }) {
    const within = scopeOf(ctx).narrow(q.jurisdiction);
    return { items: (await this.repo.page({ within, state: q.state, channel: q.channel, provider: q.provider, limit: q.limit, offset: q.offset })).map(item) };
  }

  async counts(ctx: RequestContext, q: { jurisdiction?: string | undefined; days: number }) {
    const within = scopeOf(ctx).narrow(q.jurisdiction);
    const since = new Date(this.clock.now().getTime() - q.days * 86_400_000);
    const p = this.worker.policy;
    return {
      items: await this.repo.counts(within, since),
      policy: [
        { name: 'quietHours', value: `${p.quietHours.value.start}:00–${p.quietHours.value.end}:00 Asia/Shanghai`, source: p.quietHours.source },
        { name: 'maxSmsPerPersonPerDay', value: String(p.maxSmsPerPersonPerDay.value), source: p.maxSmsPerPersonPerDay.source },
        { name: 'maxAttempts', value: String(p.maxAttempts.value), source: p.maxAttempts.source },
        { name: 'backoffMinutes', value: p.backoffMinutes.value.join(', '), source: p.backoffMinutes.source },
      ],
      smsMode: this.sms.mode,
    };
  }

  private async visibleMessage(ctx: RequestContext, personId: string, id: string, action: string): Promise<TOutboxItem> {
    const row = await this.repo.byId(personId, id);
    const scope = scopeOf(ctx);
    if (row && row.jurisdiction_code !== null && scope.covers(row.jurisdiction_code)) return item(row);
    if (row?.jurisdiction_code) ctx.audit = { action, resourceType: 'message', resourceId: id, jurisdictionCode: row.jurisdiction_code, denied: true, detail: { reason: 'out_of_scope' } };
    throw new AppError('NOT_FOUND', { field: 'params.id' });
  }

  async resend(ctx: RequestContext, personId: string, id: string) {
    const before = await this.visibleMessage(ctx, personId, id, 'messages.resend');
    const done = await this.repo.resend(personId, id, this.clock.now());
    if (!done) throw new AppError('MESSAGE_NOT_RESENDABLE', { field: 'params.id', params: { state: before.state } });
    ctx.audit = { action: 'messages.resend', resourceType: 'message', resourceId: id, jurisdictionCode: before.jurisdictionCode ?? undefined, detail: { personId, from: before.state, reason: before.heldReason ?? before.lastError } };
    return { item: await this.visibleMessage(ctx, personId, id, 'messages.resend') };
  }

  async templates() {
    const wordings = await this.repo.wordings();
    return {
      items: Object.values(TEMPLATES).map((t) => ({
        templateId: t.id,
        audience: 'audience' in t ? ('staff' as const) : ('person' as const),
        fields: [...t.fields],
        textZh: t.zh,
        textEn: t.en,
        source: t.source,
        smsTemplateCode: t.smsTemplateCode,
        wordings: wordings
          .filter((w) => w.templateId === t.id)
          .map((w) => ({ jurisdictionCode: w.jurisdictionCode, textZh: w.textZh, smsTemplateCode: w.smsTemplateCode, updatedAt: w.updatedAt.toISOString() })),
      })),
    };
  }

  private template(templateId: string, text: string): TemplateId {
    if (!isTemplateId(templateId)) throw new AppError('NOT_FOUND', { field: 'params.templateId' });
    const unknown = unknownVariables(templateId, text);
    if (unknown.length > 0) {
      throw new AppError('MESSAGE_TEMPLATE_VARIABLE_UNKNOWN', { field: 'body.textZh', params: { variables: unknown.map((v) => `{${v}}`).join(', '), fields: TEMPLATES[templateId].fields.join(', ') } });
    }
    return templateId;
  }

  /** The wording filled with sample values (each field's own name), refused like a save when a variable is unknown. */
  preview(templateId: string, textZh: string) {
    const id = this.template(templateId, textZh);
    const sample = Object.fromEntries(TEMPLATES[id].fields.map((f) => [f, `【${f}】`]));
    return { text: fillText(textZh, sample), sample };
  }

  async saveWording(ctx: RequestContext, templateId: string, body: { jurisdictionCode: string; textZh: string; smsTemplateCode?: string | undefined }) {
    const actor = requireActor(ctx);
    scopeOf(ctx).assertCovers(body.jurisdictionCode);
    const id = this.template(templateId, body.textZh);
    await this.repo.saveWording({ jurisdictionCode: body.jurisdictionCode, templateId: id, textZh: body.textZh, smsTemplateCode: body.smsTemplateCode ?? null, updatedBy: actor.userId });
    ctx.audit = { action: 'messages.template.save', resourceType: 'message_template', resourceId: id, jurisdictionCode: body.jurisdictionCode, detail: { textZh: body.textZh } };
    return this.templates();
  }

  /**
   * A provider's delivery receipts. The signature (HMAC-SHA256 of `timestamp \n body` with the receipt secret) is
   * checked on the raw body before anything is read; a duplicate receipt changes nothing; an unknown message is
   * counted and recorded, never guessed at.
   */
  async receipts(ctx: RequestContext, raw: string, timestamp: string | undefined, signature: string | undefined) {
    const secret = this.sms.receiptSecret;
    if (!secret || !timestamp || !verifySignature(secret, timestamp, raw, signature)) {
      ctx.audit = { action: 'messages.receipt', denied: true, detail: { reason: secret ? 'bad_signature' : 'no_receipt_secret' } };
      throw new AppError('MESSAGE_RECEIPT_SIGNATURE_INVALID', { field: 'headers.x-sms-signature' });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new AppError('MALFORMED_JSON');
    }
    const body = ZReceiptBody.safeParse(parsed);
    if (!body.success) throw new AppError('VALIDATION_FAILED', { field: 'body', params: { detail: body.error.issues.map((i) => `body.${i.path.join('.')}: ${i.message}`).join('; ') } });
    const out = { code: 0, msg: '接收成功', accepted: 0, duplicates: 0, unknown: 0 };
    for (const r of body.data) {
      const result = await this.repo.applyReceipt(r.biz_id, r.success, r.err_code ?? null, this.clock.now());
      if (result === 'applied') out.accepted++;
      else if (result === 'duplicate') out.duplicates++;
      else out.unknown++;
    }
    ctx.audit = { action: 'messages.receipt', resourceType: 'message_receipt', detail: { accepted: out.accepted, duplicates: out.duplicates, unknown: out.unknown } };
    return out;
  }

  private async visiblePerson(ctx: RequestContext, personId: string, action: string): Promise<PersonRow> {
    const found = await this.persons.findScoped(scopeOf(ctx), personId);
    if (found.status === 'visible') return found.row;
    if (found.status === 'out_of_scope') ctx.audit = { action, resourceType: 'person', resourceId: personId, jurisdictionCode: found.jurisdictionCode, denied: true, detail: { reason: 'out_of_scope' } };
    throw new AppError('NOT_FOUND', { field: 'params.personId' });
  }

  /** 退订 or its withdrawal, recorded by staff (a phone call, a TD reply) or by the citizen in the portal. */
  async setOptOut(ctx: RequestContext, personId: string, channel: NotificationChannel, optOut: boolean, source: 'staff' | 'portal') {
    const person = await this.visiblePerson(ctx, personId, 'messages.opt_out');
    if (optOut) await this.repo.optOut(person.id, channel, source);
    else await this.repo.optIn(person.id, channel);
    ctx.audit = { action: optOut ? 'messages.opt_out' : 'messages.opt_in', resourceType: 'person', resourceId: person.id, jurisdictionCode: person.jurisdictionCode, detail: { channel, source } };
    return { channels: await this.repo.optOuts(person.id) };
  }

  async optOuts(ctx: RequestContext, personId: string) {
    const person = await this.visiblePerson(ctx, personId, 'messages.opt_outs');
    return { channels: await this.repo.optOuts(person.id) };
  }

  async createLetterBatch(ctx: RequestContext, jurisdiction: string | undefined) {
    const actor = requireActor(ctx);
    const within = scopeOf(ctx).narrow(jurisdiction);
    const created = await this.repo.createLetterBatch(within, actor.userId);
    const batch = created ? await this.repo.letterBatch(created.id) : undefined;
    ctx.audit = { action: 'messages.letters.batch', resourceType: 'letter_batch', resourceId: created?.id, jurisdictionCode: within, detail: { letters: created?.letters ?? 0 } };
    return { batch: batch ? batchView(batch) : null };
  }

  async letterBatches(ctx: RequestContext) {
    return { items: (await this.repo.letterBatches(scopeOf(ctx).narrow(undefined), 50)).map(batchView) };
  }

  private async visibleBatch(ctx: RequestContext, id: string) {
    const b = await this.repo.letterBatch(id);
    if (b && scopeOf(ctx).covers(b.jurisdictionCode)) return b;
    throw new AppError('NOT_FOUND', { field: 'params.id' });
  }

  /** The printable PDF (one letter per page); a sensitive read (names and addresses). */
  async letterPdf(ctx: RequestContext, id: string): Promise<Buffer> {
    const b = await this.visibleBatch(ctx, id);
    ctx.audit = { action: 'messages.letters.pdf', resourceType: 'letter_batch', resourceId: id, jurisdictionCode: b.jurisdictionCode, sensitive: true, detail: { letters: b.letters } };
    return renderLetterBatch({ id, createdOn: chinaDate(b.createdAt), letters: await this.repo.lettersOf(id) });
  }

  async confirmLetters(ctx: RequestContext, id: string, step: 'printed' | 'posted') {
    const b = await this.visibleBatch(ctx, id);
    if (!(await this.repo.confirmLetters(id, step, this.clock.now()))) throw new AppError('MESSAGE_LETTER_BATCH_STATE', { field: 'params.id', params: { state: b.state, step } });
    ctx.audit = { action: `messages.letters.${step}`, resourceType: 'letter_batch', resourceId: id, jurisdictionCode: b.jurisdictionCode };
    return { batch: batchView((await this.repo.letterBatch(id))!) };
  }

  /** The signed-in staff member's in-app messages (daily digests of their reminders). */
  async inbox(ctx: RequestContext) {
    const actor = requireActor(ctx);
    const rows = await this.repo.staffInbox(actor.userId, 50);
    return {
      items: rows.map((r) => ({
        id: r.id,
        templateId: r.templateId,
        text: r.renderedText ?? (isTemplateId(r.templateId) ? renderTemplate(r.templateId, r.payload, ctx.lang) : ''),
        createdAt: r.createdAt.toISOString(),
      })),
    };
  }

  /** One delivery round now (operators; the worker also runs on its own while serving). */
  async dispatchNow(ctx: RequestContext): Promise<DispatchCounts> {
    requireActor(ctx);
    const counts = await this.worker.drain(50);
    ctx.audit = { action: 'messages.dispatch', resourceType: 'job', resourceId: 'messages', detail: { ...counts } };
    return counts;
  }
}
