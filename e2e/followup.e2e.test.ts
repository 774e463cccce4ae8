// Follow-up in a real browser (issue 15): a citizen reports "I found a job" from the portal — nothing changes yet —
// and the community caseworker confirms it on the worklist's verification item, which ends the registration.
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { residentIdCheckChar } from '@bangfu/rules';
import { DEMO_ACCOUNTS } from './support/accounts.ts';
import { loginAs, pickDate } from './support/ui.ts';
import { apiLogin, type ApiSession } from './support/api.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { launchBrowser, newContext } from './support/browser.ts';

const COMMUNITY = '150102001001';
let app: TestApp;
let browser: Browser;
let context: BrowserContext | undefined;
let caseworkerApi: ApiSession;

const first17 = `150102${1991}${String(randomInt(1, 13)).padStart(2, '0')}${String(randomInt(1, 29)).padStart(2, '0')}${String(randomInt(500, 999))}`;
const citizenId = first17 + residentIdCheckChar(first17);
const citizenName = '其木格';
const password = 'Bangfu2026x';

beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp({ persons: 100 }), launchBrowser()]);
  caseworkerApi = await apiLogin(app.url, DEMO_ACCOUNTS.caseworker.username);
  // Set-up through the API: the citizen signs up and registers online.
  const signup = await fetch(`${app.url}/api/citizen/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ idNumber: citizenId, name: citizenName, phone: `139${String(randomInt(10_000_000, 99_999_999))}`, password, residenceCode: COMMUNITY }),
  });
  expect(signup.status).toBe(201);
  const cookie = signup.headers.getSetCookie().map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('bangfu_session=')) ?? '';
  const { csrfToken } = (await signup.json()) as { csrfToken: string };
  const version = (await caseworkerApi.get<{ current: { version: string } }>('/api/v1/registration-commitment')).body.current.version;
  const reg = await fetch(`${app.url}/api/v1/me/registrations`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ placeBasis: 'residence', unemploymentReason: 'resigned', skills: [], intention: 'employment', marks: [], commitment: { version } }),
  });
  expect(reg.status).toBe(201);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.close();
});

describe('"I found a job" → verification item → confirmed', () => {
  it('the citizen reports the job in the portal; the caseworker confirms it on the worklist; the registration ends', async () => {
    context = await newContext(browser, app.url);
    const p = await context.newPage();
    await p.goto('/citizen/login');
    await p.getByLabel('身份证号').fill(citizenId);
    await p.getByLabel('密码').fill(password);
    await p.getByRole('button', { name: '登录', exact: true }).click();
    await p.waitForURL((u) => u.pathname.startsWith('/citizen/') && u.pathname !== '/citizen/login');
    await p.goto('/citizen/report');
    await p.getByTestId('job-employer').fill('包头市青山区物业服务有限公司');
    await pickDate(p, 'job-started', app.runtime.services.clock.today(), 'job-employer');
    const sent = p.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/me/self-reports/found-job');
    await p.getByTestId('job-submit').click();
    expect((await sent).status()).toBe(201);
    await expect.poll(() => p.getByTestId('my-report-state').first().innerText()).toBe('待核实');
    await context.close();

    context = await newContext(browser, app.url);
    const c = await context.newPage();
    await loginAs(c, DEMO_ACCOUNTS.caseworker.username);
    await c.goto('/worklist?view=due');
    const row = c.getByTestId('group-verify_employment').locator('tr', { hasText: citizenName });
    await row.getByTestId('verify-confirm').click();
    const confirmed = c.waitForResponse((r) => /\/self-reports\/[^/]+\/confirm$/.test(new URL(r.url()).pathname));
    await c.getByTestId('verify-confirm-ok').click();
    expect((await confirmed).status()).toBe(200);

    const active = await caseworkerApi.get<{ items: { personName: string }[] }>(`/api/v1/registrations?jurisdiction=${COMMUNITY}&pageSize=200`);
    expect(active.body.items.some((r) => r.personName === citizenName)).toBe(false);
    const ended = await caseworkerApi.get<{ items: { personName: string }[] }>(`/api/v1/registrations?jurisdiction=${COMMUNITY}&state=cancelled&pageSize=200`);
    expect(ended.body.items.some((r) => r.personName === citizenName)).toBe(true);
  });
});
