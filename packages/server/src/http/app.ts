/**
 * The Fastify application: plugins, the request context, authentication/CSRF/permission checks (one place for
 * every route), the audit hook, the one error handler, OpenAPI, and the web console's static files.
 */
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyLoggerOptions, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { RuleInputError } from '@bangfu/rules';
import { can, type Permission } from '../access/roles.ts';
import { VERSION } from '../config/config.ts';
import { AppError, type FieldIssue, pickLang } from '../errors/app-error.ts';
import type { Services } from '../services.ts';
import { SESSION_COOKIE, sameToken } from '../modules/auth/auth.service.ts';
import { registerAuditRoutes } from '../modules/audit/audit.routes.ts';
import { registerAuthRoutes } from '../modules/auth/auth.routes.ts';
import { registerHealthRoutes } from '../modules/health/health.routes.ts';
import { registerOrgRoutes } from '../modules/org/org.routes.ts';
import { registerHouseholdRoutes } from '../modules/households/households.routes.ts';
import { registerPersonRoutes } from '../modules/persons/persons.routes.ts';
import { registerRulesRoutes } from '../modules/rules/rules.routes.ts';
import { registerRegistrationRoutes } from '../modules/registration/registration.routes.ts';
import { registerCitizenRoutes } from '../modules/citizen/citizen.routes.ts';
import { registerServiceRoutes } from '../modules/services/services.routes.ts';
import { registerWorklistRoutes } from '../modules/worklist/worklist.routes.ts';
import { registerFollowUpRoutes } from '../modules/followup/followup.routes.ts';
import { registerComplianceRoutes } from '../modules/compliance/compliance.routes.ts';
import { registerImportRoutes } from '../modules/imports/imports.routes.ts';
import { registerAssistanceRoutes } from '../modules/assistance/assistance.routes.ts';
import { registerPostRoutes } from '../modules/posts/posts.routes.ts';
import { registerPolicyRoutes } from '../modules/policies/policies.routes.ts';
import { registerReferralRoutes } from '../modules/referrals/referrals.routes.ts';
import { registerComparisonRoutes } from '../modules/comparison/comparison.routes.ts';
import { registerAttachmentRoutes } from '../modules/attachments/attachments.routes.ts';
import { registerEmployerRoutes } from '../modules/employers/employers.routes.ts';
import { registerJobRoutes } from '../modules/jobs/jobs.routes.ts';
import { registerMessageRoutes } from '../modules/notifications/messages.routes.ts';
import { codeListSchemas } from '../contract/codes.ts';
import type { RequestContext } from './context.ts';
import { issuesFromValidation } from './validation.ts';
import { serializeError, serializeRequest } from './log-redaction.ts';
import { findTextFault, textIssue } from './text-guard.ts';
import { securityHeadersFor } from './security-headers.ts';

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
  }
  interface FastifyContextConfig {
    /** No session needed (health, login, docs). */
    public?: boolean;
    /** Permission required; checked before the handler runs. */
    permission?: Permission;
  }
}

export type App = FastifyInstance;
export type TypedApp = ReturnType<FastifyInstance['withTypeProvider']> & FastifyInstance;

export const BODY_LIMIT = 1024 * 1024;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface AppOptions {
  readonly logger?: boolean;
  /** Directory with the built web console (index.html); served at `/` when present. */
  readonly webDist?: string | undefined;
  /** Where log lines go (default stdout); tests capture them to check what is logged. */
  readonly logStream?: NodeJS.WritableStream | undefined;
}

export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // Request URLs without query values, errors without driver-attached values (see log-redaction.ts).
    logger: options.logger ? loggerOptions(services.config.logLevel, options.logStream) : false,
    bodyLimit: BODY_LIMIT,
    genReqId: () => randomUUID(),
    trustProxy: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) => new AppError('RATE_LIMITED', { params: { seconds: String(Math.max(1, Math.ceil(context.ttl / 1000))) } }),
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Bangfu API (帮扶)',
        description: 'Case management for public employment services. Errors: see docs/api.md.',
        version: VERSION,
      },
      components: {
        // Code lists by name, so the console generates its option lists from the document (contract/codes.ts).
        schemas: codeListSchemas() as Record<string, never>,
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  // The docs page carries its own CSP (script hashes of its inline bootstrap), made as strict as the console's:
  // no framing, and inline styles as in the console (swagger-ui sets some the plugin's hashes do not cover).
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    transformStaticCSP: (header) =>
      header
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
        .replace(/style-src [^;]*;/, "style-src 'self' 'unsafe-inline';")
        .replace(' upgrade-insecure-requests;', ''),
  });

  app.decorateRequest('ctx', null, []);

  // Who is asking: language, address, session. Then the one place that enforces login, CSRF and permissions.
  app.addHook('onRequest', async (req) => {
    req.ctx = {
      requestId: req.id,
      ip: req.ip,
      userAgent: req.headers['user-agent'],
      lang: pickLang(req.headers['accept-language']),
      actor: null,
      audit: {},
    };
    if (!req.url.startsWith('/api/')) return;
    const config = req.routeOptions.config;
    const token = req.cookies[SESSION_COOKIE];
    req.ctx.actor = (await services.auth.resolve(token)) ?? null;
    // Unknown routes fall through to the not-found handler (a bilingual 404), signed in or not.
    if (config.public || req.routeOptions.url === undefined) return;
    const actor = req.ctx.actor;
    if (!actor) throw new AppError(token ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
    if (WRITE_METHODS.has(req.method)) {
      const header = req.headers['x-csrf-token'];
      if (typeof header !== 'string' || !sameToken(header, actor.csrfToken)) throw new AppError('CSRF_INVALID');
    }
    if (config.permission && !can(actor.role, config.permission)) {
      req.ctx.audit = { action: config.permission, denied: true, detail: { reason: 'permission' } };
      throw new AppError('FORBIDDEN');
    }
  });

  // Text the database cannot store or that misleads a reader is refused here, for every route and field, before
  // the route's schema or service sees it (text-guard.ts).
  app.addHook('preValidation', async (req) => {
    const found =
      findTextFault(req.params, 'params') ?? findTextFault(req.query, 'query') ?? (isPlainBody(req.body) ? findTextFault(req.body, 'body') : null);
    if (!found) return;
    const issue = textIssue(found.field, found.fault);
    req.ctx.audit = { action: 'input.refused', detail: { field: found.field, fault: found.fault, route: req.routeOptions.url } };
    throw new AppError('TEXT_REFUSED', { field: found.field, issues: [issue], params: { field: found.field, reasonZh: issue.messageZh, reasonEn: issue.messageEn } });
  });

  // Security headers on every answer (security-headers.ts): CSP, no framing, no sniffing, no caching of the API.
  app.addHook('onSend', async (req, reply, payload) => {
    for (const [name, value] of Object.entries(securityHeadersFor(req.url))) {
      // A route that set a stricter policy of its own (attachment downloads: sandbox) keeps it.
      if (name === 'content-security-policy' && reply.hasHeader(name)) continue;
      void reply.header(name, value);
    }
    return payload;
  });

  // Every write, every refusal and every sensitive read lands in the audit trail — written before the response
  // leaves (onSend), so a client that has its answer can rely on the entry being there. A sensitive read whose
  // entry cannot be written does not leave at all: the answer becomes a 503 without the data.
  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.url.startsWith('/api/') || !req.ctx) return payload;
    const note = req.ctx.audit;
    const status = reply.statusCode;
    const isWrite = WRITE_METHODS.has(req.method);
    const refused = status === 401 || status === 403 || status === 429 || note.denied === true;
    // A refused read (bad input, too many attempts) is audited like a refused write; a plain 404 is not.
    const refusedRead = status >= 400 && status < 500 && status !== 404;
    if (!isWrite && !refused && !refusedRead && !note.sensitive) return payload;
    // Unauthenticated reads of public pages are not worth an entry; failed logins are (action auth.login).
    if (!isWrite && status === 401 && !note.action) return payload;
    try {
      await services.audit.record(req.ctx, {
        action: note.action ?? `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`,
        outcome: refused ? 'denied' : status >= 400 ? 'error' : 'ok',
        resourceType: note.resourceType,
        resourceId: note.resourceId ?? (req.params as Record<string, string> | undefined)?.id,
        jurisdictionCode: note.jurisdictionCode,
        reason: note.reason,
        detail: { status, method: req.method, path: req.url.split('?')[0], ...(note.detail ?? {}) },
        username: typeof note.detail?.username === 'string' ? note.detail.username : undefined,
      });
    } catch (e) {
      req.log.error({ err: e }, 'audit write failed');
      if (note.sensitive && status < 400) return withheld(req, reply, payload);
    }
    return payload;
  });

  app.setErrorHandler((err: FastifyError | AppError | RuleInputError | Error, req: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(err, req);
    if (appError.code === 'INTERNAL') req.log.error({ err }, 'unhandled error');
    const lang = req.ctx?.lang ?? pickLang(req.headers['accept-language']);
    const issues = appError.issues.map((i: FieldIssue) => ({ field: i.field, message: lang === 'en' ? i.messageEn : i.messageZh }));
    // Validation messages are composed here, in the client's language, from the field-named issues.
    const message =
      appError.code === 'VALIDATION_FAILED' && issues.length > 0
        ? new AppError('VALIDATION_FAILED', { params: { detail: issues.map((i) => `${i.field}: ${i.message}`).join('; ') } }).message_(lang)
        : appError.message_(lang);
    if (appError.code === 'RATE_LIMITED' || appError.code === 'LOGIN_LOCKED') void reply.header('retry-after', appError.params.seconds ?? '60');
    return reply.code(appError.status).send({
      error: {
        code: appError.code,
        message,
        ...(appError.field ? { field: appError.field } : {}),
        ...(issues.length ? { issues } : {}),
        ...(appError.details ? { details: appError.details } : {}),
      },
    });
  });

  const typed = app.withTypeProvider<ZodTypeProvider>();
  await app.register(
    async (api) => {
      const t = api.withTypeProvider<ZodTypeProvider>();
      registerHealthRoutes(t, services);
      registerAuthRoutes(t, services);
      registerOrgRoutes(t, services);
      registerPersonRoutes(t, services);
      registerHouseholdRoutes(t, services);
      registerAuditRoutes(t, services);
      registerRulesRoutes(t, services);
      registerRegistrationRoutes(t, services);
      registerCitizenRoutes(t, services);
      registerServiceRoutes(t, services);
      registerWorklistRoutes(t, services);
      registerFollowUpRoutes(t, services);
      registerComplianceRoutes(t, services);
      registerImportRoutes(t, services);
      registerComparisonRoutes(t, services);
      registerAttachmentRoutes(t, services);
      registerAssistanceRoutes(t, services);
      registerPostRoutes(t, services);
      registerReferralRoutes(t, services);
      registerEmployerRoutes(t, services);
      registerJobRoutes(t, services);
      registerMessageRoutes(t, services);
      registerPolicyRoutes(t, services);
    },
    { prefix: '/api' },
  );
  void typed;
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  const webDist = options.webDist;
  const hasWeb = webDist !== undefined && existsSync(`${webDist}/index.html`);
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !hasWeb || req.method !== 'GET') {
      throw new AppError('ROUTE_NOT_FOUND', { params: { method: req.method, url: req.url.split('?')[0] ?? '' } });
    }
    // Single-page app: client-side routes get index.html.
    return reply.type('text/html').sendFile('index.html');
  });

  return app;
}

function loggerOptions(level: string, stream: NodeJS.WritableStream | undefined): FastifyLoggerOptions & { stream?: NodeJS.WritableStream } {
  return { level, serializers: { req: serializeRequest, err: serializeError }, ...(stream ? { stream } : {}) };
}

/** A parsed JSON body (object or array); multipart and binary bodies are checked by their own routes. */
function isPlainBody(body: unknown): boolean {
  return body !== null && typeof body === 'object' && !Buffer.isBuffer(body) && !(body instanceof Uint8Array);
}

/**
 * Replaces an answer whose audit entry could not be written by a 503 without its data (and without the headers
 * that described the data). A streamed payload is destroyed unread.
 */
function withheld(req: FastifyRequest, reply: FastifyReply, payload: unknown): string {
  const stream = payload as { destroy?: () => void; pipe?: unknown } | null;
  if (stream && typeof stream.pipe === 'function' && typeof stream.destroy === 'function') stream.destroy();
  const error = new AppError('AUDIT_UNAVAILABLE');
  const lang = req.ctx?.lang ?? pickLang(req.headers['accept-language']);
  void reply.code(error.status);
  reply.removeHeader('content-disposition');
  reply.removeHeader('content-length');
  void reply.header('content-type', 'application/json; charset=utf-8');
  return JSON.stringify({ error: { code: error.code, message: error.message_(lang) } });
}

function toAppError(err: unknown, req: FastifyRequest): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof RuleInputError) {
    return new AppError('RULE_INPUT_INVALID', {
      field: err.field,
      params: { field: err.field, detail: pickLang(req.headers['accept-language']) === 'en' ? err.messageEn : err.messageZh },
      issues: [{ field: err.field, messageZh: err.messageZh, messageEn: err.messageEn }],
    });
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const v = err;
    const issues = issuesFromValidation(v.validationContext, v.validation);
    const first = issues[0];
    return new AppError('VALIDATION_FAILED', {
      field: first?.field,
      issues,
      params: { detail: issues.map((i) => `${i.field}: ${i.messageEn}`).join('; ') },
    });
  }
  const fe = err as Partial<FastifyError>;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('BODY_TOO_LARGE', { params: { limit: '1 MiB' } });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('MALFORMED_JSON');
    default:
      break;
  }
  if (fe.statusCode === 400 && err instanceof SyntaxError) return new AppError('MALFORMED_JSON');
  if (fe.statusCode === 429) return new AppError('RATE_LIMITED', { params: { seconds: '60' } });
  if (fe.statusCode === 404) return new AppError('ROUTE_NOT_FOUND', { params: { method: req.method, url: req.url } });
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError('VALIDATION_FAILED', { params: { detail: fe.message ?? 'bad request' } });
  }
  return new AppError('INTERNAL', { params: { requestId: req.id }, cause: err });
}
