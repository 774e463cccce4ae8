/**
 * SMS gateways. `HttpSmsGateway` speaks the shape of the cloud SMS services offices buy: a signature name (签名), a
 * template code registered with the provider and its parameters, the caller's serial number (`OutId`, our message
 * id — the provider answers the same `BizId` for the same `OutId`), a per-second rate limit, and delivery receipts
 * posted back to `POST /api/v1/messages/receipts`, signed with HMAC-SHA256. `SinkSmsGateway` (development and the
 * demo) sends nothing: the outbox records the text it would have sent and the console's SMS sink page shows it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { SmsConfig } from '../../config/config.ts';

export interface SmsSendRequest {
  readonly phone: string;
  readonly signName: string;
  readonly templateCode: string;
  readonly params: Readonly<Record<string, string>>;
  /** Our id of the message: the provider's idempotency key. */
  readonly outId: string;
}

export interface SmsGateway {
  readonly kind: 'gateway' | 'sink';
  /** Hands one message over; answers the provider's message id (BizId). Throws `SmsGatewayError`. */
  send(request: SmsSendRequest): Promise<{ bizId: string }>;
  /** Whether the provider already has a message with this `OutId` (asked before sending again after a crash). */
  find(outId: string): Promise<{ bizId: string } | null>;
}

/** A provider refusal (`retryable: false`, e.g. an invalid number) or a transient failure (timeout, throttling). */
export class SmsGatewayError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** Provider codes that will not succeed on a retry. */
const PERMANENT = new Set(['isv.MOBILE_NUMBER_ILLEGAL', 'isv.TEMPLATE_MISSING_PARAMETERS', 'isv.SMS_TEMPLATE_ILLEGAL', 'isv.SMS_SIGNATURE_ILLEGAL', 'isv.BLACK_KEY_CONTROL_LIMIT']);

export function signBody(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${body}`).digest('hex');
}

/** Constant-time check of a receipt's or request's signature. */
export function verifySignature(secret: string, timestamp: string, body: string, signature: string | undefined): boolean {
  if (!signature || !/^[0-9a-f]{64}$/.test(signature)) return false;
  return timingSafeEqual(Buffer.from(signBody(secret, timestamp, body), 'hex'), Buffer.from(signature, 'hex'));
}

/** At most `perSecond` calls start in any one-second window (the provider's QPS limit). */
export class RateLimiter {
  private windowStart = 0;
  private used = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly perSecond: number) {}

  take(): Promise<void> {
    const next = this.chain.then(async () => {
      const now = Date.now();
      if (now - this.windowStart >= 1000) {
        this.windowStart = now;
        this.used = 0;
      }
      if (this.used >= this.perSecond) {
        await new Promise((r) => setTimeout(r, this.windowStart + 1000 - now));
        this.windowStart = Date.now();
        this.used = 0;
      }
      this.used++;
    });
    this.chain = next;
    return next;
  }
}

export interface HttpSmsGatewayOptions {
  readonly url: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly ratePerSecond: number;
  readonly timeoutMs?: number;
}

interface GatewayAnswer {
  Code?: string;
  Message?: string;
  BizId?: string;
}

export class HttpSmsGateway implements SmsGateway {
  readonly kind = 'gateway' as const;
  private readonly limiter: RateLimiter;
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

  constructor(private readonly options: HttpSmsGatewayOptions) {
    this.limiter = new RateLimiter(options.ratePerSecond);
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private async call(path: string, payload: Record<string, unknown>): Promise<GatewayAnswer> {
    const body = JSON.stringify(payload);
    const timestamp = String(Date.now());
    const headers = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'x-sms-access-key': this.options.accessKeyId,
      'x-sms-timestamp': timestamp,
      'x-sms-signature': signBody(this.options.accessKeySecret, timestamp, body),
    };
    const { status, text } = await this.post(new URL(path, this.options.url), headers, body);
    if (status >= 500 || status === 429) throw new SmsGatewayError(`HTTP_${status}`, `gateway answered ${status}`, true);
    try {
      return JSON.parse(text) as GatewayAnswer;
    } catch {
      return {};
    }
  }

  /** One POST over kept-alive connections (node:http is several times faster than fetch for many small calls). */
  private post(url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
    const secure = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const req = (secure ? https : http).request(url, { method: 'POST', headers, agent: secure ? this.httpsAgent : this.httpAgent, timeout: this.options.timeoutMs ?? 10_000 }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', () => reject(new SmsGatewayError('NETWORK', 'response interrupted', true)));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => reject(new SmsGatewayError('NETWORK', e.message === 'timeout' ? 'timeout' : e.name, true)));
      req.end(body);
    });
  }

  async send(r: SmsSendRequest): Promise<{ bizId: string }> {
    await this.limiter.take();
    const a = await this.call('/sms/send', { PhoneNumbers: r.phone, SignName: r.signName, TemplateCode: r.templateCode, TemplateParam: JSON.stringify(r.params), OutId: r.outId });
    if (a.Code === 'OK' && a.BizId) return { bizId: a.BizId };
    const code = a.Code ?? 'UNKNOWN';
    throw new SmsGatewayError(code, a.Message ?? code, !PERMANENT.has(code));
  }

  async find(outId: string): Promise<{ bizId: string } | null> {
    const a = await this.call('/sms/query', { OutId: outId });
    return a.Code === 'OK' && a.BizId ? { bizId: a.BizId } : null;
  }
}

/** Development and demo: nothing leaves; the message is recorded as delivered by the sink. */
export class SinkSmsGateway implements SmsGateway {
  readonly kind = 'sink' as const;

  async send(r: SmsSendRequest): Promise<{ bizId: string }> {
    return { bizId: `sink-${r.outId}` };
  }

  async find(outId: string): Promise<{ bizId: string } | null> {
    return { bizId: `sink-${outId}` };
  }
}

/** The gateway the configuration names: the sink, the provider's HTTP API, or none (`off`). */
export function smsGatewayFor(config: SmsConfig): SmsGateway | null {
  switch (config.mode) {
    case 'off':
      return null;
    case 'sink':
      return new SinkSmsGateway();
    case 'gateway':
      if (!config.gatewayUrl) throw new Error('BANGFU_SMS_MODE=gateway 需要 BANGFU_SMS_GATEWAY_URL / BANGFU_SMS_MODE=gateway needs BANGFU_SMS_GATEWAY_URL');
      return new HttpSmsGateway({ url: config.gatewayUrl, accessKeyId: config.accessKeyId, accessKeySecret: config.accessKeySecret, ratePerSecond: config.ratePerSecond });
    default: {
      const never: never = config.mode;
      throw new Error(`unknown SMS mode ${String(never)}`);
    }
  }
}
