/** Messages routes: thin; the contract's schemas → one service call. */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../errors/app-error.ts';
import { requireActor } from '../../http/context.ts';
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import {
  ZBatchCreate,
  ZBatchCreated,
  ZBatchIdParam,
  ZCounts,
  ZCountsQuery,
  ZDispatched,
  ZInbox,
  ZLetterBatches,
  ZMessageKey,
  ZOptOutBody,
  ZOptOuts,
  ZOutboxPage,
  ZOutboxQuery,
  ZPersonIdParam,
  ZPreview,
  ZPreviewBody,
  ZReceiptAnswer,
  ZResent,
  ZTemplateIdParam,
  ZTemplateList,
  ZWordingBody,
} from './messages.contract.ts';

export function registerMessageRoutes(api: Api, services: Services): void {
  const messages = services.messages;
  const tags = ['messages'];

  api.get(
    '/v1/messages',
    { config: { permission: 'messages.read' }, schema: { tags, summary: 'The outbox: messages newest first with state, attempts, the gateway’s reason, held reason', querystring: ZOutboxQuery, response: { 200: ZOutboxPage } } },
    async (req) => messages.page(req.ctx, req.query),
  );
  api.get(
    '/v1/messages/counts',
    { config: { permission: 'messages.read' }, schema: { tags, summary: 'Message counts per China day, channel and state; the delivery policy with sources', querystring: ZCountsQuery, response: { 200: ZCounts } } },
    async (req) => messages.counts(req.ctx, req.query),
  );
  api.post(
    '/v1/messages/:personId/:id/resend',
    { config: { permission: 'messages.manage' }, schema: { tags, summary: 'Send a failed or held message again (a fresh set of attempts)', params: ZMessageKey, response: { 200: ZResent } } },
    async (req) => messages.resend(req.ctx, req.params.personId, req.params.id),
  );
  api.post(
    '/v1/messages/dispatch',
    { config: { permission: 'messages.manage' }, schema: { tags, summary: 'Run delivery rounds now until nothing is due', response: { 200: ZDispatched } } },
    async (req) => messages.dispatchNow(req.ctx),
  );
  api.get(
    '/v1/messages/templates',
    { config: { permission: 'messages.read' }, schema: { tags, summary: 'Message templates: built-in wording, fields, source, and each jurisdiction’s wording', response: { 200: ZTemplateList } } },
    async () => messages.templates(),
  );
  api.post(
    '/v1/messages/templates/:templateId',
    { config: { permission: 'messages.manage' }, schema: { tags, summary: 'Save a jurisdiction’s wording of a template (an unknown {variable} is refused)', params: ZTemplateIdParam, body: ZWordingBody, response: { 200: ZTemplateList } } },
    async (req) => messages.saveWording(req.ctx, req.params.templateId, req.body),
  );
  api.post(
    '/v1/messages/templates/:templateId/preview',
    { config: { permission: 'messages.read' }, schema: { tags, summary: 'Preview a wording with sample values (an unknown {variable} is refused)', params: ZTemplateIdParam, body: ZPreviewBody, response: { 200: ZPreview } } },
    async (req) => messages.preview(req.params.templateId, req.body.textZh),
  );
  api.get(
    '/v1/messages/inbox',
    { config: { permission: 'worklist.read' }, schema: { tags, summary: 'The signed-in staff member’s in-app messages (daily digests of reminders)', response: { 200: ZInbox } } },
    async (req) => messages.inbox(req.ctx),
  );
  api.get(
    '/v1/persons/:personId/messages/opt-outs',
    { config: { permission: 'person.read' }, schema: { tags, summary: 'Channels the person opted out of (退订)', params: ZPersonIdParam, response: { 200: ZOptOuts } } },
    async (req) => messages.optOuts(req.ctx, req.params.personId),
  );
  api.post(
    '/v1/persons/:personId/messages/opt-outs',
    { config: { permission: 'person.write' }, schema: { tags, summary: 'Record a person’s 退订 of a channel, or its withdrawal', params: ZPersonIdParam, body: ZOptOutBody, response: { 200: ZOptOuts } } },
    async (req) => messages.setOptOut(req.ctx, req.params.personId, req.body.channel, req.body.optOut, 'staff'),
  );
  api.post(
    '/v1/me/messages/opt-outs',
    { config: { permission: 'self.service' }, schema: { tags, summary: 'The citizen’s own 退订 of a channel, or its withdrawal', body: ZOptOutBody, response: { 200: ZOptOuts } } },
    async (req) => {
      const personId = requireActor(req.ctx).personId;
      if (!personId) throw new AppError('FORBIDDEN');
      return messages.setOptOut(req.ctx, personId, req.body.channel, req.body.optOut, 'portal');
    },
  );
  api.get(
    '/v1/messages/letters/batches',
    { config: { permission: 'messages.read' }, schema: { tags, summary: 'Letter print batches', response: { 200: ZLetterBatches } } },
    async (req) => messages.letterBatches(req.ctx),
  );
  api.post(
    '/v1/messages/letters/batches',
    { config: { permission: 'messages.manage' }, schema: { tags, summary: 'Put the letters waiting for print into a new batch (null when none wait)', body: ZBatchCreate, response: { 200: ZBatchCreated } } },
    async (req) => messages.createLetterBatch(req.ctx, req.body.jurisdiction),
  );
  api.get(
    '/v1/messages/letters/batches/:id/letters.pdf',
    { config: { permission: 'messages.read' }, schema: { tags, summary: 'The batch as a printable PDF, one letter per page with the address block (audited)', params: ZBatchIdParam } },
    async (req, reply) => {
      const pdf = await messages.letterPdf(req.ctx, req.params.id);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="letters-${req.params.id}.pdf"`).header('cache-control', 'private, no-store').send(pdf);
    },
  );
  for (const step of ['printed', 'posted'] as const) {
    api.post(
      `/v1/messages/letters/batches/:id/${step}`,
      { config: { permission: 'messages.manage' }, schema: { tags, summary: `Confirm the batch as ${step}`, params: ZBatchIdParam, response: { 200: ZBatchCreated } } },
      async (req) => messages.confirmLetters(req.ctx, req.params.id, step),
    );
  }

  // Delivery receipts from the SMS provider: public, verified by signature over the raw body. Its own JSON parser
  // keeps the raw text beside the parsed body (which the text guard checks like any other).
  void api.register(async (child) => {
    child.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      rawBodies.set(req.raw, text);
      try {
        done(null, JSON.parse(text));
      } catch {
        done(new AppError('MALFORMED_JSON'), undefined);
      }
    });
    child.withTypeProvider<ZodTypeProvider>().post(
      '/v1/messages/receipts',
      {
        config: { public: true },
        bodyLimit: 512 * 1024,
        schema: { tags, summary: 'SMS delivery receipts (JSON array; header x-sms-timestamp and x-sms-signature = HMAC-SHA256 of "timestamp\\nbody")', response: { 200: ZReceiptAnswer } },
      },
      async (req) => {
        const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
        return messages.receipts(req.ctx, rawBodies.get(req.raw) ?? '', header('x-sms-timestamp'), header('x-sms-signature'));
      },
    );
  });
}

/** The raw text of a receipt request (the signature covers the bytes as sent, not a re-serialisation). */
const rawBodies = new WeakMap<object, string>();
