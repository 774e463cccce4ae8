// Policies in a real browser (issue 14): a caseworker's training enrolments are counted and completed; the county
// operator opens the training subsidy (NM24 二(二)2), sees its candidates and pushes it; the citizen sees it under
// "policies for me" and applies; the county operator proposes approval (maker), the city operator confirms
// (checker), makes the payment batch and marks it paid; the ledger shows the payment.
import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '@bangfu/rules';
import { DEMO_ACCOUNTS } from './support/accounts.ts';
import { apiLogin, type ApiSession } from './support/api.ts';
import { REPO_ROOT } from './support/app.ts';
import { newContext } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';
import { loginAs } from './support/ui.ts';

const COMMUNITY = '150102001001';
const COUNTY = '150102000000';
const POLICY = 'nm.training-subsidy';
const SHOTS = join(REPO_ROOT, '.tmp');
const POLL = { timeout: 20_000 };

const suite = browserSuite({ persons: 120 });
let cw: ApiSession;
let op: ApiSession;
let citizenPersonId = '';
const citizenId = freshIdNumber();
const citizenName = `网民${'甲乙丙丁戊己庚辛'[randomInt(0, 8)]}`;
const CITIZEN_PASSWORD = 'citizen-2026';
const otherName = `培训${'甲乙丙丁戊己庚辛'[randomInt(0, 8)]}${'子丑寅卯辰巳午未'[randomInt(0, 8)]}`;

function freshIdNumber(): string {
  const first17 = `150102${1989}${String(randomInt(1, 13)).padStart(2, '0')}${String(randomInt(1, 29)).padStart(2, '0')}${String(randomInt(500, 999))}`;
  return first17 + residentIdCheckChar(first17);
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  cw = await apiLogin(suite.app.url, DEMO_ACCOUNTS.caseworker.username);
  op = await apiLogin(suite.app.url, DEMO_ACCOUNTS.operatorCounty.username);
  // A citizen who signs up online (a new file in the community), then registers unemployed at the office.
  const signup = await fetch(`${suite.app.url}/api/citizen/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ idNumber: citizenId, name: citizenName, phone: '13912345678', password: CITIZEN_PASSWORD, residenceCode: COMMUNITY }),
  });
  expect(signup.status, await signup.clone().text()).toBe(201);
  citizenPersonId = ((await signup.json()) as { user: { personId: string } }).user.personId;
  const commitment = (await cw.get<{ current: { version: string } }>('/api/v1/registration-commitment')).body.current.version;
  const register = async (id: string) => {
    const r = await cw.post(`/api/v1/persons/${id}/registrations`, { kind: 'unemployment', placeBasis: 'residence', unemploymentReason: 'contract_ended', skills: [], intention: 'training', marks: [], commitment: { version: commitment } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  };
  await register(citizenPersonId);
  const other = await cw.post<{ file: { id: string } }>('/api/v1/persons', { idNumber: freshIdNumber(), name: otherName, residence: { code: COMMUNITY }, employmentStatus: 'unemployed', source: 'visit' });
  expect(other.status, JSON.stringify(other.body)).toBe(201);
  await register(other.body.file.id);

  // Training: the county's programme; the caseworker enrols both (counted as training_recommendation) and records completion.
  const provider = await op.post<{ id: string }>('/api/v1/training/providers', { jurisdictionCode: COUNTY, name: '新城区职业技能培训学校', address: '呼和浩特市新城区', phone: '0471-1234567' });
  expect(provider.status, JSON.stringify(provider.body)).toBe(201);
  const prog = await op.post<{ id: string }>('/api/v1/training/programmes', { providerId: provider.body.id, title: '中式面点师（五级）', occupationCode: '4-03-02-02', startsOn: '2025-01-06', endsOn: '2025-01-20', place: '新城区培训中心', seats: 30 });
  expect(prog.status, JSON.stringify(prog.body)).toBe(201);
  for (const id of [citizenPersonId, other.body.file.id]) {
    const e = await cw.post<{ serviceRecordId: string | null }>(`/api/v1/training/programmes/${prog.body.id}/enrol`, { personId: id });
    expect(e.status, JSON.stringify(e.body)).toBe(201);
    expect(e.body.serviceRecordId).toBeTruthy();
    const c = await cw.post(`/api/v1/training/programmes/${prog.body.id}/complete`, { personId: id, certificateNo: `NM-${id.slice(0, 6)}` });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
  }
  const services = await cw.get<{ items: { type: string }[] }>(`/api/v1/persons/${other.body.file.id}/services`);
  expect(services.body.items.filter((s) => s.type === 'training_recommendation')).toHaveLength(1);
}, 240_000);



describe('policies: find, push, apply, pay once', () => {
  it('the operator opens the policy, sees its candidates and pushes it', async () => {
    const p = await suite.openAs(DEMO_ACCOUNTS.operatorCounty.username);
    await p.getByRole('menuitem', { name: '政策清单' }).click();
    await p.getByTestId('policy-table').getByText('登记失业人员职业培训补贴').click();
    const table = p.getByTestId('policy-candidates');
    await table.getByText(otherName).waitFor();
    await p.getByText('NM24 二(二)2').first().waitFor();
    await p.getByTestId('policy-push').click();
    await expect.poll(() => p.getByTestId('policy-push-result').innerText(), POLL).toMatch(/已推送 2 人/);
    await expect.poll(() => table.locator('.ant-tag', { hasText: '已推送' }).count(), POLL).toBe(2);
    await p.screenshot({ path: join(SHOTS, 'e2e-policies-push.png'), fullPage: true });
  });

  it('the citizen sees it under "policies for me" and applies', async () => {
    const p = await suite.newPage();
    const login = await p.context().request.post('/api/citizen/login', { data: { idNumber: citizenId, password: CITIZEN_PASSWORD } });
    expect(login.status()).toBe(200);
    await p.goto('/citizen/policies');
    const card = p.getByTestId(`policy-verdict-${POLICY}`);
    await card.waitFor();
    await card.getByText(/已推送/).waitFor();
    await card.locator('input').first().fill('2000');
    const sent = p.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/me/subsidy-applications' && r.request().method() === 'POST');
    await card.getByTestId(`policy-apply-${POLICY}`).click();
    expect((await sent).status()).toBe(201);
    await card.getByText(/已申请：BT/).waitFor();
    await p.screenshot({ path: join(SHOTS, 'e2e-policies-citizen.png'), fullPage: true });
  });

  it('maker proposes, checker confirms, the batch is paid once and the ledger shows it', async () => {
    const p = await suite.openAs(DEMO_ACCOUNTS.operatorCounty.username);
    await p.getByRole('menuitem', { name: '补贴审核发放' }).click();
    const table = p.getByTestId('subsidy-table');
    const row = table.locator('.ant-table-row', { hasText: '登记失业人员职业培训补贴' });
    await row.waitFor();
    await row.getByTestId('subsidy-approve').click();
    await expect.poll(() => row.count(), POLL).toBe(0);

    const checkerContext = await newContext(suite.browser, suite.app.url);
    try {
      const c = await checkerContext.newPage();
      await loginAs(c, DEMO_ACCOUNTS.operatorCity.username);
      await c.goto('/subsidies');
      await c.getByText('待复核', { exact: true }).click();
      const pending = c.getByTestId('subsidy-table').locator('.ant-table-row', { hasText: '登记失业人员职业培训补贴' });
      await pending.waitFor();
      await pending.getByTestId('subsidy-confirm').click();
      await expect.poll(() => pending.count(), POLL).toBe(0);
      await c.getByTestId('batch-create').click();
      const batch = c.getByTestId('batch-table').locator('.ant-table-row').first();
      await batch.getByText('2000').waitFor();
      const download = await c.request.get(`/api/v1/payment-batches/${(await c.request.get('/api/v1/payment-batches?jurisdiction=150100000000').then((r) => r.json())).items[0].id}/file.csv`);
      expect(download.status()).toBe(200);
      expect(await download.text()).toContain('2000.00');
      await batch.getByTestId('batch-paid').click();
      await batch.getByText(/已发放/).waitFor();
      await c.getByTestId('ledger-table').getByText('2000').first().waitFor();
      await c.screenshot({ path: join(SHOTS, 'e2e-policies-paid.png'), fullPage: true });
    } finally {
      await checkerContext.close();
    }
    const ledger = await op.get<{ items: { personId: string; state: string; amountYuan: number }[] }>(`/api/v1/subsidy-ledger?personId=${citizenPersonId}`);
    expect(ledger.body.items).toEqual([expect.objectContaining({ state: 'paid', amountYuan: 2000 })]);
  });
});
