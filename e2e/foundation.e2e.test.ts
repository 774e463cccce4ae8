// The console's foundation in a real browser: login, home page in Chinese, the language switch, the scope wall
// (another community's person is "not found or not permitted") and the audited reveal of a full ID number.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './support/accounts.ts';
import { loginAs } from './support/ui.ts';
import { apiLogin, type ApiSession } from './support/api.ts';
import { REPO_ROOT, startTestApp, type TestApp } from './support/app.ts';
import { launchBrowser, newContext } from './support/browser.ts';

interface PersonItem {
  id: string;
  name: string;
  idNumberMasked: string;
  jurisdiction: { code: string; name: string };
}
interface PersonPage {
  items: PersonItem[];
  total: number;
}
interface Dashboard {
  counts: { persons: number; households: number };
}

const CASEWORKER = DEMO_ACCOUNTS.caseworker;
const SHOTS = join(REPO_ROOT, '.tmp');
// expect.poll gives up after 1 s by default; the page's own waits allow 20 s (a cold PostgreSQL can be slow).
const POLL = { timeout: 15_000 };

let app: TestApp;
let admin: ApiSession;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp({ persons: 300 }), launchBrowser()]);
  admin = await apiLogin(app.url, DEMO_ACCOUNTS.admin.username);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

afterEach(async () => {
  await context?.close();
});

async function openFresh(): Promise<Page> {
  context = await newContext(browser, app.url);
  page = await context.newPage();
  return page;
}

const digits = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

describe('web console foundation', () => {
  it('the demo caseworker logs in and sees the Chinese home page of 公主府社区居委会 with its counts', async () => {
    const p = await openFresh();
    await p.goto('/');
    // A wrong password is refused with the server's message, and no session starts.
    await p.waitForURL((u) => u.pathname === '/login');
    await p.getByLabel('用户名').fill(CASEWORKER.username);
    await p.getByLabel('密码').fill('not-the-password');
    await p.getByRole('button', { name: '登录', exact: true }).click();
    await p.getByTestId('login-error').waitFor();
    expect((await p.getByTestId('login-error').innerText()).trim().length).toBeGreaterThan(0);

    await p.getByLabel('密码').fill(DEMO_PASSWORD);
    await p.getByRole('button', { name: '登录', exact: true }).click();
    await p.getByTestId('home-jurisdiction').waitFor();
    expect(await p.getByTestId('home-jurisdiction').innerText()).toBe('公主府社区居委会');
    await p.getByText('村（社区）级').waitFor();
    expect(await p.getByRole('menuitem', { name: '首页' }).count()).toBe(1);
    expect(await p.getByRole('menuitem', { name: '人员' }).count()).toBe(1);
    // A caseworker has neither the audit log nor the what-if page.
    expect(await p.getByRole('menuitem', { name: '审计日志' }).count()).toBe(0);
    expect(await p.getByRole('menuitem', { name: '规则测算' }).count()).toBe(0);

    // The counts shown are the API's counts for the caseworker's own community.
    const api = await apiLogin(app.url, CASEWORKER.username);
    const board = await api.get<Dashboard>(`/api/v1/dashboard?jurisdiction=${CASEWORKER.jurisdiction}`);
    expect(board.status).toBe(200);
    expect(board.body.counts.persons).toBeGreaterThan(0);
    const persons = p.getByTestId('count-persons');
    await expect.poll(async () => digits(await persons.locator('.ant-statistic-content').innerText()), POLL).toBe(
      board.body.counts.persons,
    );
    expect(await persons.innerText()).toContain('人员');
    expect(digits(await p.getByTestId('count-households').locator('.ant-statistic-content').innerText())).toBe(
      board.body.counts.households,
    );

    mkdirSync(SHOTS, { recursive: true });
    await p.screenshot({ path: join(SHOTS, 'e2e-home-zh.png'), fullPage: true });
  });

  it('switching to English changes the UI texts, antd locale and the API language', async () => {
    const p = await openFresh();
    await loginAs(p, CASEWORKER.username);
    await p.getByTestId('home-jurisdiction').waitFor();
    await p.getByTestId('language-switch').getByText('EN', { exact: true }).click();
    await p.getByRole('menuitem', { name: /(^|\s)Home$/ }).waitFor();
    expect(await p.getByRole('menuitem', { name: 'Persons' }).count()).toBe(1);
    expect(await p.getByText('Current jurisdiction').count()).toBe(1);
    expect(await p.getByRole('menuitem', { name: '首页' }).count()).toBe(0);

    // API calls now ask for English, and antd's own texts (pagination) are English too.
    const request = p.waitForRequest((r) => r.url().includes('/api/v1/persons?'));
    await p.getByRole('menuitem', { name: 'Persons' }).click();
    expect((await request).headers()['accept-language']).toBe('en');
    await p.locator('.ant-table-row').first().waitFor();
    await p.getByText(/\d+ in total/).waitFor();
    expect(await p.getByText('20 / page').count()).toBe(1);
    await p.screenshot({ path: join(SHOTS, 'e2e-persons-en.png'), fullPage: true });

    // The choice survives a reload.
    await p.reload();
    await p.getByRole('menuitem', { name: /(^|\s)Home$/ }).waitFor();
  });

  it("a caseworker opening another community's person sees the not-permitted page; the API answered 404", async () => {
    const all = await admin.get<PersonPage>('/api/v1/persons?pageSize=200');
    expect(all.status).toBe(200);
    const other = all.body.items.find((x) => x.jurisdiction.code !== CASEWORKER.jurisdiction);
    expect(other, 'the demo data has persons outside 公主府社区').toBeDefined();
    if (!other) return;

    const p = await openFresh();
    await loginAs(p, CASEWORKER.username);
    const answer = p.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/persons/${other.id}`);
    await p.goto(`/persons/${other.id}`);
    expect((await answer).status()).toBe(404);
    await p.getByText('无权访问或不存在').waitFor();
    const body = await p.locator('body').innerText();
    expect(body).not.toContain(other.name);
    expect(body).not.toContain(other.idNumberMasked);
    expect(await p.getByTestId('person-name').count()).toBe(0);

    // The refusal is audited (docs/api.md: "the refusal is audited").
    const audit = await admin.get<{ items: { username: string | null; resourceId: string | null; outcome: string }[] }>(
      `/api/v1/audit?username=${CASEWORKER.username}&pageSize=50`,
    );
    expect(audit.status).toBe(200);
    expect(audit.body.items.some((e) => e.resourceId === other.id && e.outcome === 'denied')).toBe(true);
  });

  it('a caseworker opens a person of their own community and reveals the full ID number with a reason', async () => {
    const p = await openFresh();
    await loginAs(p, CASEWORKER.username);
    await p.getByRole('menuitem', { name: '人员' }).click();
    const firstLink = p.locator('.ant-table-row').first().getByRole('link');
    await firstLink.waitFor();
    const name = await firstLink.innerText();
    await firstLink.click();

    await p.getByTestId('person-name').waitFor();
    expect(await p.getByTestId('person-name').innerText()).toBe(name);
    const idCell = p.getByTestId('person-id-number');
    const masked = await idCell.innerText();
    expect(masked).toMatch(/\*/);
    const personId = new URL(p.url()).pathname.split('/').pop() ?? '';

    await p.getByRole('button', { name: '查看完整信息' }).click();
    const dialog = p.getByRole('dialog');
    await dialog.waitFor();
    // No reason, no reveal.
    await dialog.getByRole('button', { name: '确定', exact: true }).click();
    await dialog.getByText('请填写查看原因', { exact: true }).waitFor();

    const reason = '入户走访核对身份';
    await p.getByTestId('reveal-reason').fill(reason);
    const revealed = p.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/persons/${personId}/reveal`);
    await dialog.getByRole('button', { name: '确定', exact: true }).click();
    expect((await revealed).status()).toBe(200);
    await expect.poll(() => idCell.innerText(), POLL).toMatch(/^\d{17}[\dX]$/);
    const full = await idCell.innerText();
    // The full number agrees with the masked one wherever the mask shows a digit.
    expect(full).toHaveLength(masked.length);
    for (let i = 0; i < masked.length; i++) if (masked[i] !== '*') expect(full[i]).toBe(masked[i]);

    // The read is in the audit log with the reason given.
    const audit = await admin.get<{ items: { action: string; resourceId: string | null; reason: string | null }[] }>(
      `/api/v1/audit?action=person.reveal&username=${CASEWORKER.username}`,
    );
    expect(audit.status).toBe(200);
    expect(audit.body.items.some((e) => e.resourceId === personId && e.reason === reason)).toBe(true);
  });

  it('a township caseworker picks a village in the jurisdiction picker; home and persons follow the pick', async () => {
    const township = DEMO_ACCOUNTS.caseworkerTownship;
    const p = await openFresh();
    await loginAs(p, township.username);
    await p.getByTestId('home-jurisdiction').waitFor();
    expect(await p.getByTestId('home-jurisdiction').innerText()).toBe('海拉尔东路街道');

    // The tree starts at the user's own jurisdiction and loads its children from the API.
    const children = p.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/jurisdictions/${township.jurisdiction}/children`);
    await p.getByTestId('jurisdiction-picker').click();
    expect((await children).status()).toBe(200);
    await p.locator('.ant-select-tree-title', { hasText: '公主府社区居委会' }).click();
    await expect.poll(() => p.getByTestId('home-jurisdiction').innerText(), POLL).toBe('公主府社区居委会');
    // Nothing above the user's own jurisdiction is offered.
    expect(await p.locator('.ant-select-tree-title', { hasText: '新城区' }).count()).toBe(0);

    const api = await apiLogin(app.url, township.username);
    const board = await api.get<Dashboard>(`/api/v1/dashboard?jurisdiction=${CASEWORKER.jurisdiction}`);
    const shown = p.getByTestId('count-persons').locator('.ant-statistic-content');
    await expect.poll(async () => digits(await shown.innerText()), POLL).toBe(board.body.counts.persons);

    // The persons list is scoped to the pick: every row belongs to 公主府社区.
    const list = p.waitForRequest((r) => r.url().includes('/api/v1/persons?'));
    await p.getByRole('menuitem', { name: '人员' }).click();
    expect(new URL((await list).url()).searchParams.get('jurisdiction')).toBe(CASEWORKER.jurisdiction);
    await p.locator('.ant-table-row').first().waitFor();
    await p.getByText('范围：公主府社区居委会').waitFor();
  });

  it('a city supervisor has the audit log and the what-if page; a citizen only their own file', async () => {
    const p = await openFresh();
    await loginAs(p, DEMO_ACCOUNTS.supervisorCity.username);
    await p.getByRole('menuitem', { name: '审计日志' }).click();
    await p.locator('.ant-table-row').first().waitFor();
    // The what-if page posts its worked example and lists the decision with the clauses it rests on.
    await p.getByRole('menuitem', { name: '规则测算' }).click();
    const evaluated = p.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/evaluate');
    await p.getByRole('button', { name: '测算', exact: true }).click();
    expect((await evaluated).status()).toBe(200);
    await p.getByText('依据', { exact: true }).waitFor();
    expect(await p.locator('.ant-table-row').count()).toBeGreaterThan(0);
    await context.close();

    const c = await openFresh();
    await loginAs(c, DEMO_ACCOUNTS.citizen.username);
    await c.waitForURL((u) => u.pathname === '/me');
    await c.getByTestId('person-name').waitFor();
    expect(await c.getByRole('menuitem', { name: '人员' }).count()).toBe(0);
    expect(await c.getByTestId('jurisdiction-picker').count()).toBe(0);
    await c.goto('/persons');
    await c.getByText('无权访问或不存在').waitFor();
  });
});
