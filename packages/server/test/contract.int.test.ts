/**
 * Answers are serialised through their schemas, so a field a schema lacks is silently stripped. For answers whose
 * schemas issue 12 completed, the HTTP answer must carry exactly what the service produced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ persons: 30, today: '2025-06-10' });
});
afterAll(async () => {
  await t?.close();
});

describe('complete response schemas lose nothing', () => {
  it('rule-pack listings answer every field of the registry, open-ended periods without effectiveTo', async () => {
    const s = await t.login('caseworker');
    const all = await s.get('/api/v1/rule-packs');
    expect(all.statusCode).toBe(200);
    expect(all.json()).toEqual(JSON.parse(JSON.stringify({ items: t.runtime.services.rules.packs() })));
    expect(all.json().items.some((p: { effectiveTo?: string }) => p.effectiveTo === undefined)).toBe(true);
    const history = await s.get('/api/v1/rule-packs/history?jurisdiction=411002001001');
    expect(history.json()).toEqual(JSON.parse(JSON.stringify({ items: t.runtime.services.rules.history('411002001001') })));
  });

  it('the session answers the role as one of the published roles', async () => {
    const s = await t.login('operator.county');
    const me = await s.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user.role).toBe('operator');
  });
});
