/**
 * The delivery worker behind the outbox. Each round claims a batch of due messages with a lease (one statement;
 * several workers or servers never take the same row), decides each one, sends what may be sent, and records all
 * outcomes in one statement:
 * - opted out (退订) → held `opted_out`; no phone → held `no_phone`; a letter without an address → held `no_address`;
 * - SMS in quiet hours (21:00–08:00 China time) or above the person's daily cap → back to pending until the hours
 *   end or the next day, without spending an attempt — unless the message is urgent;
 * - a row whose previous worker died while holding it is first looked up at the provider by its `OutId`: when the
 *   provider has it, it is recorded as sent and not sent again (and the provider answers the same `BizId` for a
 *   repeated `OutId`, so a message reaches the phone once);
 * - a transient gateway failure → retried with back-off (policy.ts), `failed` after the last attempt; a permanent
 *   refusal → `failed` with the provider's reason.
 * Staff reminders are folded into one in-app digest per caseworker and day from the digest hour on.
 */
import { codePrefix } from '../../access/scope.ts';
import { chinaDate, type Clock } from '../../jobs/clock.ts';
import { serializeError } from '../../http/log-redaction.ts';
import type { FieldCipher } from '../../security/field-cipher.ts';
import type { ClaimedRow, NotificationsRepository, Outcome } from './notifications.repository.ts';
import { DELIVERY_POLICY, chinaHour, inQuietHours, nextChinaDay, quietHoursEnd, retryDelayMs, type DeliveryPolicy } from './policy.ts';
import { SmsGatewayError, type SmsGateway } from './sms-gateway.ts';
import { TEMPLATES, isTemplateId, renderTemplate, type NotificationChannel } from './templates.ts';

export interface DispatchCounts {
  claimed: number;
  sent: number;
  delivered: number;
  deferred: number;
  retried: number;
  held: number;
  failed: number;
  letters: number;
  /** Re-claimed after a crash and found at the provider: recorded, not sent again. */
  recovered: number;
}

export interface DeliveryOptions {
  readonly sms: { readonly gateway: SmsGateway | null; readonly signName: string };
  readonly policy?: DeliveryPolicy;
  readonly batchSize?: number;
  /** Messages handed to the gateway at once (per round). */
  readonly concurrency?: number;
  /** Rounds running at once in `drain`. */
  readonly parallel?: number;
}

const zero = (): DispatchCounts => ({ claimed: 0, sent: 0, delivered: 0, deferred: 0, retried: 0, held: 0, failed: 0, letters: 0, recovered: 0 });

/** The operator's wording for the person's area: the longest matching jurisdiction prefix. */
export function wordingFor(wordings: readonly { jurisdictionCode: string; templateId: string; textZh: string; smsTemplateCode: string | null }[], templateId: string, jurisdictionCode: string | null) {
  let best: (typeof wordings)[number] | undefined;
  for (const w of wordings) {
    if (w.templateId !== templateId) continue;
    const prefix = codePrefix(w.jurisdictionCode);
    if (jurisdictionCode !== null && !jurisdictionCode.startsWith(prefix)) continue;
    if (jurisdictionCode === null && prefix !== '') continue;
    if (!best || prefix.length > codePrefix(best.jurisdictionCode).length) best = w;
  }
  return best;
}

export class DeliveryWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  private lastDigestDay: string | undefined;
  readonly policy: DeliveryPolicy;

  private gateway: SmsGateway | null;

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
    private readonly options: DeliveryOptions,
  ) {
    this.policy = options.policy ?? DELIVERY_POLICY;
    this.gateway = options.sms.gateway;
  }

  /** The gateway in use (null: none configured). */
  smsGatewayNow(): SmsGateway | null {
    return this.gateway;
  }

  /** Another gateway from now on (tests against the fake gateway; null: SMS stay pending). */
  useGateway(gateway: SmsGateway | null): void {
    this.gateway = gateway;
  }

  /** Channels this process can deliver (SMS only with a gateway or the sink configured). */
  channels(): NotificationChannel[] {
    return this.gateway ? ['in_app', 'letter', 'sms'] : ['in_app', 'letter'];
  }

  /** Folds today's pending staff reminders into digests once the digest hour has come (idempotent per day). */
  async digestIfDue(): Promise<number> {
    const now = this.clock.now();
    const day = chinaDate(now);
    if (chinaHour(now) < this.policy.digestHour.value || this.lastDigestDay === day) return 0;
    return this.digestNow();
  }

  /** Folds the pending staff reminders into today's digests now, whatever the hour. */
  async digestNow(): Promise<number> {
    const day = chinaDate(this.clock.now());
    const n = await this.repo.digest(day);
    this.lastDigestDay = day;
    return n;
  }

  /** One round: claim a batch, decide and send, record. */
  async runOnce(): Promise<DispatchCounts> {
    await this.digestIfDue();
    const now = this.clock.now();
    const lease = new Date(now.getTime() + this.policy.leaseSeconds.value * 1000);
    const counts = zero();
    const rows = await this.repo.claim(this.channels(), now, lease, this.options.batchSize ?? 500);
    counts.claimed = rows.length;
    if (rows.length === 0) return counts;
    const wordings = await this.repo.wordings();
    const smsInBatch = new Map<string, number>();
    const outcomes: Outcome[] = new Array<Outcome>(rows.length);
    let next = 0;
    const work = async () => {
      for (;;) {
        const i = next++;
        if (i >= rows.length) return;
        const row = rows[i]!;
        outcomes[i] = await this.decide(row, now, wordings, smsInBatch).catch((e: unknown) => this.failure(row, now, e));
        tally(counts, outcomes[i], row);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 32, rows.length) }, work));
    await this.repo.finish(outcomes, lease, this.clock.now());
    return counts;
  }

  /**
   * Rounds until nothing is due (tests, the bench, the CLI, the polling loop), `parallel` at a time so one round's
   * database work overlaps another's sending (the lease claim keeps them apart); at most `maxRounds` each.
   */
  async drain(maxRounds = 1000): Promise<DispatchCounts> {
    const total = zero();
    const loop = async () => {
      for (let i = 0; i < maxRounds; i++) {
        const c = await this.runOnce();
        for (const k of Object.keys(total) as (keyof DispatchCounts)[]) total[k] += c[k];
        if (c.claimed === 0) break;
      }
    };
    await Promise.all(Array.from({ length: this.options.parallel ?? 2 }, loop));
    return total;
  }

  private async decide(row: ClaimedRow, now: Date, wordings: Awaited<ReturnType<NotificationsRepository['wordings']>>, smsInBatch: Map<string, number>): Promise<Outcome> {
    const base = { personId: row.personId, id: row.id };
    if (!isTemplateId(row.templateId)) return { ...base, state: 'held', heldReason: 'template' };
    if (row.optedOut) return { ...base, state: 'held', heldReason: 'opted_out' };
    const wording = wordingFor(wordings, row.templateId, row.jurisdictionCode);
    const text = renderTemplate(row.templateId, row.payload, 'zh-CN', wording?.textZh);
    switch (row.channel) {
      case 'in_app':
        return { ...base, state: 'delivered', provider: 'in_app', renderedText: text };
      case 'letter':
        if (!row.address?.trim()) return { ...base, state: 'held', heldReason: 'no_address', renderedText: text };
        return { ...base, state: 'printing', provider: 'letter', renderedText: text };
      case 'sms': {
        const gateway = this.gateway;
        if (!gateway) return { ...base, state: 'pending', refund: true, nextAttemptAt: new Date(now.getTime() + 60_000) };
        if (!row.phoneEnc) return { ...base, state: 'held', heldReason: 'no_phone', renderedText: text };
        if (!row.urgent && inQuietHours(now, this.policy)) return { ...base, state: 'pending', refund: true, heldReason: 'quiet_hours', nextAttemptAt: quietHoursEnd(now, this.policy) };
        if (!row.urgent) {
          const sent = row.smsToday + (smsInBatch.get(row.personId) ?? 0);
          if (sent >= this.policy.maxSmsPerPersonPerDay.value) {
            return { ...base, state: 'pending', refund: true, heldReason: 'frequency_cap', nextAttemptAt: nextChinaDay(now, this.policy.quietHours.value.end) };
          }
          smsInBatch.set(row.personId, (smsInBatch.get(row.personId) ?? 0) + 1);
        }
        const outId = row.id;
        const provider = gateway.kind;
        if (row.prevState === 'sending') {
          const found = await gateway.find(outId);
          if (found) return { ...base, state: provider === 'sink' ? 'delivered' : 'sent', provider, providerMessageId: found.bizId, renderedText: text, heldReason: 'recovered' };
        }
        const params = Object.fromEntries(Object.entries(row.payload).map(([k, v]) => [k, v === null ? '' : String(v)]));
        const templateCode = wording?.smsTemplateCode ?? TEMPLATES[row.templateId].smsTemplateCode;
        const r = await gateway.send({ phone: this.cipher.decrypt(row.phoneEnc), signName: this.options.sms.signName, templateCode, params, outId });
        return { ...base, state: provider === 'sink' ? 'delivered' : 'sent', provider, providerMessageId: r.bizId, renderedText: text };
      }
      default: {
        const never: never = row.channel;
        return { ...base, state: 'held', heldReason: `channel:${String(never)}` };
      }
    }
  }

  private failure(row: ClaimedRow, now: Date, e: unknown): Outcome {
    const base = { personId: row.personId, id: row.id };
    const reason = e instanceof SmsGatewayError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
    const permanent = e instanceof SmsGatewayError && !e.retryable;
    if (permanent || row.attempts >= this.policy.maxAttempts.value) return { ...base, state: 'failed', lastError: reason.slice(0, 500) };
    return { ...base, state: 'pending', lastError: reason.slice(0, 500), nextAttemptAt: new Date(now.getTime() + retryDelayMs(row.attempts, this.policy)) };
  }

  /** Polls every `pollMs` while the server runs (the lease makes several servers safe on PostgreSQL). */
  start(pollMs: number): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      const round = this.drain(20).catch((e: unknown) => console.error('message delivery failed:', serializeError(e)));
      this.running = round;
      await round;
      this.running = undefined;
      if (this.stopped) return;
      this.timer = setTimeout(() => void tick(), pollMs);
      this.timer.unref();
    };
    void tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

function tally(c: DispatchCounts, o: Outcome, row: ClaimedRow): void {
  if (o.heldReason === 'recovered') c.recovered++;
  switch (o.state) {
    case 'sent':
      c.sent++;
      return;
    case 'delivered':
      c.delivered++;
      return;
    case 'pending':
      if (o.refund) c.deferred++;
      else c.retried++;
      return;
    case 'held':
      c.held++;
      return;
    case 'failed':
      c.failed++;
      return;
    case 'printing':
      c.letters++;
      return;
    default: {
      const never: never = o.state;
      throw new Error(`unknown outcome ${String(never)} for ${row.id}`);
    }
  }
}
