import { z } from 'zod';
import { ZDivisionCode, ZJurisdiction, ZSession, ZUuidParam } from '../../contract/index.ts';
import type { Actor, RequestContext } from '../../http/context.ts';
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { SESSION_COOKIE } from '../auth/auth.service.ts';
import { ZCommitmentText, ZRegistration, ZRegistrationBody, ZRegistrationCreated } from '../registration/registration.contract.ts';

export const ZSignupBody = z
  .object({
    idNumber: z.string().trim().min(8).max(40),
    name: z.string().trim().min(1).max(40),
    phone: z.string().trim().min(11).max(20),
    password: z.string().min(1).max(256),
    /** Residence community/village, needed only when no person file exists yet. */
    residenceCode: ZDivisionCode.optional(),
    /** In-person activation code (开通码) from the office, needed to bind to a file the office holds. */
    activationCode: z.string().trim().min(4).max(20).optional(),
  })
  .strict();

export const ZCitizenLoginBody = z.object({ idNumber: z.string().trim().min(8).max(40), password: z.string().min(1).max(256) }).strict();

export const ZCitizenRegistrationBody = ZRegistrationBody.omit({ jurisdictionCode: true, registeredOn: true, appliedOn: true })
  .extend({ officeId: z.uuid().optional() })
  .strict();

const ZExplained = z.object({ text: z.string(), textEn: z.string(), source: z.string() }).nullable();

export const ZCitizenStatus = z.object({
  person: z.object({
    id: z.string(),
    name: z.string(),
    idNumberMasked: z.string(),
    phoneMasked: z.string().nullable(),
    jurisdiction: z.object({ code: z.string(), name: z.string() }),
    employmentStatus: z.string(),
    marks: z.array(z.string()),
  }),
  activeRegistration: ZRegistration.nullable(),
  registrations: z.array(ZRegistration),
  tier: z.object({ code: z.string(), months: z.number(), since: z.string(), nextChange: z.string().nullable(), explanation: ZExplained }).nullable(),
  level: z.object({ code: z.string(), deadline: z.string().nullable(), explanation: ZExplained }).nullable(),
  caseworker: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  office: z.object({ id: z.string(), name: z.string(), address: z.string(), phone: z.string() }).nullable(),
  commitment: ZCommitmentText,
  notifications: z.array(z.object({ id: z.string(), templateId: z.string(), text: z.string(), textEn: z.string(), state: z.string(), createdAt: z.string() })),
  asOf: z.string(),
});

export const ZPublicOffice = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  phone: z.string(),
  level: z.string(),
  jurisdiction: z.object({ code: z.string(), name: z.string() }),
});

async function sessionBody(services: Services, ctx: RequestContext, actor: Actor) {
  const j = await services.org.jurisdiction({ ...ctx, actor }, actor.jurisdictionCode).catch(() => undefined);
  return {
    user: {
      id: actor.userId,
      username: actor.username,
      displayName: actor.displayName,
      role: actor.role,
      jurisdiction: j
        ? { code: j.code, name: j.name, level: j.level, parentCode: j.parentCode }
        : { code: actor.jurisdictionCode, name: actor.jurisdictionCode, level: 'village', parentCode: null },
      personId: actor.personId,
    },
    csrfToken: actor.csrfToken,
  };
}

export function registerCitizenRoutes(api: Api, services: Services): void {
  const citizen = services.citizen;
  const rateLimit = { max: services.config.loginRateLimit, timeWindow: '1 minute' };
  const cookieOptions = (expires: Date) => ({ httpOnly: true, sameSite: 'lax' as const, secure: services.config.secureCookies, path: '/', expires });

  api.post(
    '/citizen/signup',
    {
      config: { public: true, rateLimit },
      schema: {
        tags: ['citizen'],
        summary: 'Create a citizen account with ID number and phone (bound to the existing file, or a new minimal file); signs in',
        body: ZSignupBody,
        response: { 201: ZSession.extend({ createdFile: z.boolean() }) },
      },
    },
    async (req, reply) => {
      const { token, actor, expiresAt, createdFile } = await citizen.signup(req.ctx, req.body);
      void reply.setCookie(SESSION_COOKIE, token, cookieOptions(expiresAt));
      return reply.code(201).send({ ...(await sessionBody(services, req.ctx, actor)), createdFile });
    },
  );

  api.post(
    '/citizen/login',
    {
      config: { public: true, rateLimit },
      schema: { tags: ['citizen'], summary: 'Citizen sign-in by ID number and password', body: ZCitizenLoginBody, response: { 200: ZSession } },
    },
    async (req, reply) => {
      const { token, actor, expiresAt } = await citizen.login(req.ctx, req.body.idNumber, req.body.password);
      void reply.setCookie(SESSION_COOKIE, token, cookieOptions(expiresAt));
      return sessionBody(services, req.ctx, actor);
    },
  );

  api.get(
    '/citizen/offices/:id',
    {
      config: { public: true },
      schema: { tags: ['citizen'], summary: 'An office’s public card (name, address, phone) for the QR landing page', params: ZUuidParam, response: { 200: ZPublicOffice } },
    },
    async (req) => citizen.office(req.params.id),
  );

  api.get(
    '/citizen/divisions',
    {
      config: { public: true },
      schema: {
        tags: ['citizen'],
        summary: 'Division codes, published reference data (no sign-in): the children of `parent`, or the provinces; for choosing a residence at sign-up',
        querystring: z.object({ parent: ZDivisionCode.optional() }).strict(),
        response: { 200: z.object({ items: z.array(ZJurisdiction) }) },
      },
    },
    async (req) => ({ items: await services.org.publicChildren(req.query.parent) }),
  );

  api.get(
    '/v1/offices/:id/qr.svg',
    {
      config: { public: true },
      schema: { tags: ['citizen'], summary: 'QR code (SVG) linking to the online registration entry for this office', params: ZUuidParam },
    },
    async (req, reply) => {
      const { svg, url } = await citizen.officeQr(req.params.id, `${req.protocol}://${req.host}`);
      return reply.type('image/svg+xml').header('x-registration-url', url).header('cache-control', 'public, max-age=3600').send(svg);
    },
  );

  api.post(
    '/v1/me/registrations',
    {
      config: { permission: 'self.service' },
      schema: {
        tags: ['citizen'],
        summary: 'Online unemployment registration with the written commitment (job-seeking instead when not eligible)',
        body: ZCitizenRegistrationBody,
        response: { 201: ZRegistrationCreated },
      },
    },
    async (req, reply) => reply.code(201).send(await citizen.register(req.ctx, req.body)),
  );

  api.get(
    '/v1/me/status',
    {
      config: { permission: 'self.service' },
      schema: { tags: ['citizen'], summary: 'Own registrations, tier, service level, caseworker and office', response: { 200: ZCitizenStatus } },
    },
    async (req) => citizen.status(req.ctx),
  );

  api.get(
    '/v1/me/registrations/:id/certificate.pdf',
    {
      config: { permission: 'self.service' },
      schema: { tags: ['citizen'], summary: 'Own registration certificate (PDF)', params: ZUuidParam },
    },
    async (req, reply) => {
      const { pdf, filename } = await citizen.certificate(req.ctx, req.params.id);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${filename}"`).send(pdf);
    },
  );
}
