import { z } from 'zod';
import { ZLoginBody, ZPasswordBody, ZSession } from '../../contract/index.ts';
import { AppError } from '../../errors/app-error.ts';
import type { Actor, RequestContext } from '../../http/context.ts';
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { SESSION_COOKIE } from './auth.service.ts';

async function sessionBody(services: Services, ctx: RequestContext, actor: Actor) {
  // One's own home jurisdiction is always shown (a citizen's scope covers no jurisdiction, only their file).
  const j = await services.org.ownJurisdiction(actor.jurisdictionCode);
  return {
    user: {
      id: actor.userId,
      username: actor.username,
      displayName: actor.displayName,
      role: actor.role,
      jurisdiction: j
        ? { code: j.code, name: j.name, level: j.level, parentCode: j.parentCode }
        : { code: actor.jurisdictionCode, name: actor.jurisdictionCode, level: 'unknown', parentCode: null },
      personId: actor.personId,
    },
    csrfToken: actor.csrfToken,
  };
}

export function registerAuthRoutes(api: Api, services: Services): void {
  api.post(
    '/auth/login',
    {
      config: { public: true, rateLimit: { max: services.config.loginRateLimit, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: 'Sign in; sets the HTTP-only session cookie', body: ZLoginBody, response: { 200: ZSession } },
    },
    async (req, reply) => {
      const { token, actor, expiresAt } = await services.auth.login(req.ctx, req.body.username, req.body.password);
      void reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: services.config.secureCookies,
        path: '/',
        expires: expiresAt,
      });
      return sessionBody(services, req.ctx, actor);
    },
  );

  api.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null() } } },
    async (req, reply) => {
      await services.auth.logout(req.ctx);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  api.get('/auth/me', { schema: { tags: ['auth'], summary: 'The signed-in user and CSRF token', response: { 200: ZSession } } }, async (req) => {
    if (!req.ctx.actor) throw new AppError('UNAUTHENTICATED');
    return sessionBody(services, req.ctx, req.ctx.actor);
  });

  api.post(
    '/auth/password',
    { schema: { tags: ['auth'], summary: 'Change own password (ends other sessions)', body: ZPasswordBody, response: { 204: z.null() } } },
    async (req, reply) => {
      await services.auth.changePassword(req.ctx, req.body.currentPassword, req.body.newPassword);
      return reply.code(204).send(null);
    },
  );
}
