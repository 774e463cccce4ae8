/**
 * A fake cloud SMS gateway on loopback for tests and the bench: checks each request's signature, answers the same
 * BizId for a repeated OutId (and counts the phone deliveries once), and can fail, delay and send duplicate
 * receipts. Receipts are signed like the provider's and handed to `onReceipt` (a test posts them to the app).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { signBody, verifySignature } from '../../src/modules/notifications/sms-gateway.ts';

export interface SignedReceipt {
  readonly body: string;
  readonly timestamp: string;
  readonly signature: string;
}

export interface FakeGatewayOptions {
  readonly accessKeySecret: string;
  readonly receiptSecret: string;
  /** Called with each signed receipt batch (after a send); none when absent. */
  readonly onReceipt?: (receipt: SignedReceipt) => void | Promise<void>;
}

export interface SentMessage {
  readonly bizId: string;
  readonly phone: string;
  readonly templateCode: string;
  readonly params: Record<string, string>;
  readonly signName: string;
  /** Times this OutId was submitted (the phone receives it once). */
  submissions: number;
}

export class FakeSmsGateway {
  private server: Server | undefined;
  readonly sent = new Map<string, SentMessage>();
  /** Every send call, accepted or not. */
  calls = 0;
  badSignatures = 0;
  /** The next n sends fail with this answer. */
  private failures: { code: string; status: number }[] = [];
  delayMs = 0;
  /** Each receipt is delivered this many times. */
  receiptCopies = 1;

  constructor(private readonly options: FakeGatewayOptions) {}

  get url(): string {
    const a = this.server?.address() as AddressInfo | undefined;
    if (!a) throw new Error('fake gateway not started');
    return `http://127.0.0.1:${a.port}`;
  }

  failNext(n: number, code = 'isp.SYSTEM_ERROR', status = 200): void {
    for (let i = 0; i < n; i++) this.failures.push({ code, status });
  }

  /** Messages that reached a phone. */
  get delivered(): number {
    return this.sent.size;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, body }) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
    });
    this.server.keepAliveTimeout = 5000;
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }

  signReceipt(entries: readonly Record<string, unknown>[], secret = this.options.receiptSecret): SignedReceipt {
    const body = JSON.stringify(entries);
    const timestamp = String(Date.now());
    return { body, timestamp, signature: signBody(secret, timestamp, body) };
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: Record<string, unknown> }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const ts = String(req.headers['x-sms-timestamp'] ?? '');
    if (!verifySignature(this.options.accessKeySecret, ts, raw, String(req.headers['x-sms-signature'] ?? ''))) {
      this.badSignatures++;
      return { status: 200, body: { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched' } };
    }
    const body = JSON.parse(raw) as Record<string, string>;
    if (req.url === '/sms/query') {
      const m = this.sent.get(body.OutId ?? '');
      return { status: 200, body: m ? { Code: 'OK', BizId: m.bizId } : { Code: 'OK' } };
    }
    this.calls++;
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    const failure = this.failures.shift();
    if (failure) return { status: failure.status, body: { Code: failure.code, Message: `fake failure ${failure.code}` } };
    const outId = body.OutId ?? randomUUID();
    const known = this.sent.get(outId);
    if (known) {
      known.submissions++;
      return { status: 200, body: { Code: 'OK', BizId: known.bizId, RequestId: randomUUID() } };
    }
    const bizId = `biz-${randomUUID()}`;
    this.sent.set(outId, {
      bizId,
      phone: body.PhoneNumbers ?? '',
      templateCode: body.TemplateCode ?? '',
      params: JSON.parse(body.TemplateParam ?? '{}') as Record<string, string>,
      signName: body.SignName ?? '',
      submissions: 1,
    });
    if (this.options.onReceipt) {
      const receipt = this.signReceipt([{ biz_id: bizId, out_id: outId, phone_number: body.PhoneNumbers, success: true, err_code: 'DELIVERED', report_time: new Date().toISOString() }]);
      for (let i = 0; i < this.receiptCopies; i++) await this.options.onReceipt(receipt);
    }
    return { status: 200, body: { Code: 'OK', BizId: bizId, RequestId: randomUUID() } };
  }
}
