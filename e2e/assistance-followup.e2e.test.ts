// Employment assistance after recognition, in a real browser with "today" fixed through the server's assistance
// clock: the periodic re-check shows the server's verdict with the pack and clause; in the last 30 days of the
// assistance period the hand-over assessment is recorded (CQ25 四); an exit at the period end before it has ended
// is refused with the date and clause (in Chinese, then in English after switching the language); after the end the
// person exits with that clause and the difficulty mark ends. Then a public-welfare post contract of a man about 4
// years from the new statutory retirement date is extended: the dialog shows the server's limit and clause, a date
// beyond it is refused, the retirement date is accepted; the person then leaves the post with a reason and the
// subsidy months are shown. Last, a caseworker refers a 低保 recipient to civil affairs, records the response and the
// recipient's employment: the server's employment-cost deduction and gradual-exit period are shown with the clause.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { assessRetirement } from '@bangfu/rules';
import { apiLogin, type ApiSession } from './support/api.ts';
import { REPO_ROOT } from './support/app.ts';
import { createPerson, freshIdNumber } from './support/people.ts';
import { browserSuite } from './support/suite.ts';
import { choose, pickDate } from './support/ui.ts';

const COMMUNITY = '150102001001'; // 公主府社区居委会
const SHOTS = join(REPO_ROOT, '.tmp');

const suite = browserSuite({ persons: 200 });
let caseworker: ApiSession;

const setToday = (date: string) => suite.app.runtime.services.clock.set(date);


const newPerson = (name: string, birth: string): Promise<string> => createPerson(caseworker, { name, community: COMMUNITY, idNumber: freshIdNumber(birth, { sex: 'male' }) });

async function ok<T>(call: Promise<{ status: number; body: T }>, status = 200): Promise<T> {
  const res = await call;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  setToday('2025-11-03'); // a Monday
  caseworker = await apiLogin(suite.app.url, 'caseworker');
});

afterAll(() => {
  suite.app.runtime.services.clock.set(null);
});

const openAs = (username: string): Promise<Page> => suite.openAs(username);

describe('after recognition: re-check, hand-over assessment and exit in the browser', () => {
  let personId = '';
  let applicationId = '';

  beforeAll(async () => {
    // Recognised on 2025-11-12 through the API by four different users (the path the other browser test walks).
    personId = await newPerson('苏和', '1970-07-07');
    const commitment = await ok(caseworker.get<{ current: { version: string } }>('/api/v1/registration-commitment'));
    await ok(caseworker.post(`/api/v1/persons/${personId}/registrations`, { placeBasis: 'residence', registeredOn: '2025-06-02', unemploymentReason: 'contract_ended', skills: [], intention: 'employment', marks: [], commitment: { version: commitment.current.version } }), 201);
    applicationId = (await ok(caseworker.post<{ id: string }>(`/api/v1/persons/${personId}/assistance-applications`, { facts: { residentMonths: 120, contributionYears: 8 } }), 201)).id;
    await ok((await apiLogin(suite.app.url, 'caseworker.township')).post(`/api/v1/assistance-applications/${applicationId}/precheck`, { decision: 'approve' }));
    setToday('2025-11-04');
    await ok((await apiLogin(suite.app.url, 'operator.county')).post(`/api/v1/assistance-applications/${applicationId}/review`, { decision: 'approve' }));
    setToday('2025-11-12');
    await ok((await apiLogin(suite.app.url, 'operator.city')).post(`/api/v1/assistance-applications/${applicationId}/recognise`, {}));
  });

  async function openApplication(p: Page): Promise<void> {
    await p.goto(`/assistance/applications/${applicationId}`);
    await p.getByTestId('application-state').waitFor();
  }

  it('the township caseworker re-checks the criteria; the verdict, next date, pack and clause are shown', async () => {
    setToday('2026-05-12');
    const p = await openAs('caseworker.township');
    await openApplication(p);
    expect(await p.getByTestId('period').innerText()).toContain('2028-11-11');
    await p.getByTestId('recheck').click();
    const decision = p.getByTestId('decision');
    await decision.waitFor();
    const text = await decision.innerText();
    expect(text).toContain('定期复核 · caseworker.township · 2026-05-12');
    expect(text).toContain('仍符合认定条件');
    expect(text).toContain('内人社办发〔2020〕58号');
    expect(text).toContain('下次 2026-11-12');
    expect(text).toContain('nei-mongol@2024.1');
    expect(await p.getByTestId('period').innerText()).toContain('2026-11-12');
    expect(await p.getByTestId('events').innerText()).toContain('定期复核');
  });

  it('near the end the county operator records the hand-over assessment; an early period-end exit is refused with the date and clause, in the user’s language', async () => {
    setToday('2028-10-20');
    const p = await openAs('operator.county');
    await openApplication(p);
    await p.getByTestId('handover-situation').fill('灵活就业，收入不稳定');
    await p.getByTestId('handover-next').fill('转入市场化就业服务，继续推荐岗位');
    await p.getByTestId('handover-submit').click();
    const decision = p.getByTestId('decision');
    await decision.waitFor();
    expect(await decision.innerText()).toContain('期满评估');
    expect(await decision.innerText()).toContain('CQ25 四');
    await p.getByTestId('handover-done').waitFor();

    await choose(p, 'exit-reason', '援助期满');
    expect(await p.getByTestId('exit-ground').innerText()).toContain('尚未期满');
    await p.getByTestId('exit-note').fill('援助期满');
    await p.getByTestId('exit-submit').click();
    const refusal = p.getByTestId('action-error');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('2028-11-11');
    expect(await refusal.innerText()).toContain('尚未期满');
    expect(await p.getByTestId('application-state').innerText()).toBe('已认定');

    // The same refusal in English once the user switches the language.
    await p.getByTestId('language-switch').getByText('EN').click();
    await p.getByTestId('exit-submit').click();
    await expect.poll(async () => (await p.getByTestId('action-error').innerText()).includes('not ended')).toBe(true);
    expect(await p.getByTestId('action-error').innerText()).toContain('2028-11-11');
    await p.getByTestId('language-switch').getByText('中文').click();
    await p.screenshot({ path: join(SHOTS, 'e2e-assistance-handover.png'), fullPage: true });
  });

  it('after the period ends the person exits with the hand-over clause and the difficulty mark ends', async () => {
    setToday('2028-11-12');
    const p = await openAs('operator.county');
    await openApplication(p);
    await choose(p, 'exit-reason', '援助期满');
    expect(await p.getByTestId('exit-ground').innerText()).toContain('期满评估已完成');
    await p.getByTestId('exit-note').fill('援助期满，已做好政策衔接');
    await p.getByTestId('exit-submit').click();
    await expect.poll(() => p.getByTestId('application-state').innerText()).toBe('已退出');
    const decision = await p.getByTestId('decision').innerText();
    expect(decision).toContain('退出援助 · operator.county · 2028-11-12');
    expect(decision).toContain('CQ25 四');
    const file = await ok(caseworker.get<{ markHistory: { mark: string; until: string | null }[] }>(`/api/v1/persons/${personId}`));
    expect(file.markHistory).toContainEqual(expect.objectContaining({ mark: 'difficulty', until: '2028-11-12' }));
    await p.screenshot({ path: join(SHOTS, 'e2e-assistance-exit.png'), fullPage: true });
  });
});

describe('public-welfare post: contract extension and exit in the browser', () => {
  const NAME = '巴雅尔';
  const BIRTH = '1968-10-01';
  let postId = '';
  let retirement = '';

  beforeAll(async () => {
    setToday('2025-11-03');
    retirement = assessRetirement({ sex: 'male', birthDate: BIRTH }, '2025-11-03').statutory!.date;
    const personId = await newPerson(NAME, BIRTH);
    await ok(caseworker.post(`/api/v1/persons/${personId}/marks`, { mark: 'difficulty', source: 'visit' }));
    const operator = await apiLogin(suite.app.url, 'operator.county');
    postId = (await ok(operator.post<{ id: string }>('/api/v1/posts', { jurisdictionCode: COMMUNITY, employer: '公主府街道办事处', postType: '治安巡防', title: '社区巡防岗', location: '公主府社区', places: 1, termMonths: 36, postSubsidyYuan: 1980, socialInsuranceSubsidyYuan: 860, fundingSource: '就业补助资金' }), 201)).id;
    await ok(operator.post(`/api/v1/posts/${postId}/placements`, { personId, termEnds: '2027-11-02' }), 201);
  });

  it('the operator extends the contract to retirement (less than 5 years away), not beyond, then records the exit', async () => {
    expect(retirement > '2029-07-01' && retirement < '2029-11-03').toBe(true); // about 4 years away, after 60 (new schedule)
    const p = await openAs('operator.county');
    await p.goto(`/posts/${postId}`);
    const row = p.getByTestId('placements').locator('tr', { hasText: NAME });
    await row.getByTestId('extend').click();
    const limit = p.getByTestId('extension-limit');
    await limit.waitFor();
    expect(await limit.innerText()).toContain(`今天最长可延至 ${retirement}`);
    expect(await limit.innerText()).toContain('不足 5 年');
    expect(await limit.innerText()).toContain('人社部发〔2019〕124号');

    await p.getByTestId('extend-reason').fill('距法定退休不足5年，延至退休');
    await pickDate(p, 'extend-term', '2031-01-01', 'extension-limit');
    await p.locator('#extend-submit').click();
    // The server's refusal names the field: it shows under the date, in the user's language.
    const refused = p.locator('.ant-modal .ant-form-item-explain-error', { hasText: '超过允许的' });
    await refused.waitFor();
    expect(await refused.innerText()).toContain(retirement);
    expect(await refused.innerText()).toContain('人社部发〔2019〕124号');

    await pickDate(p, 'extend-term', retirement, 'extension-limit');
    await p.locator('#extend-submit').click();
    const extended = p.getByTestId('extended');
    await extended.waitFor();
    expect(await extended.innerText()).toContain(`由 2027-11-02 延至 ${retirement}`);
    expect(await extended.innerText()).toContain('nei-mongol@2024.1');
    await expect.poll(() => p.getByTestId('placements').innerText()).toContain(`2025-11-03 — ${retirement}`);
    await p.screenshot({ path: join(SHOTS, 'e2e-post-extension.png'), fullPage: true });

    setToday('2026-02-10');
    await p.reload();
    await p.getByTestId('placements').locator('tr', { hasText: NAME }).getByTestId('post-exit').click();
    await choose(p, 'post-exit-reason', '本人辞职');
    await p.getByTestId('post-exit-note').fill('本人提出辞职');
    await p.locator('#exit-submit').click();
    const exited = p.getByTestId('exited');
    await exited.waitFor();
    expect(await exited.innerText()).toContain('2026-02-10');
    expect(await exited.innerText()).toContain('补贴 4 个月');
    await expect.poll(() => p.getByTestId('filled').innerText()).toBe('0 / 1');
  });
});

describe('social-assistance linkage in the browser', () => {
  const NAME = '乌云';

  it('a caseworker refers a 低保 recipient to civil affairs, records the response and the employment-cost deduction', async () => {
    setToday('2025-11-03');
    const personId = await newPerson(NAME, '1985-05-05');
    await ok(caseworker.post(`/api/v1/persons/${personId}/marks`, { mark: 'dibao', source: 'visit' }));
    const p = await openAs('caseworker');
    await p.goto('/assistance?tab=referrals');
    await p.getByTestId('referral-person-search').locator('input').fill(NAME);
    await p.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: NAME }).first().click();
    await p.waitForURL((u) => u.pathname === `/assistance/referrals/${personId}`);

    await p.getByTestId('refer-reason').fill('突发重病，家庭生活困难');
    await p.getByTestId('refer-submit').click();
    await expect.poll(async () => (await p.getByTestId('decision').count()) > 0 && (await p.getByTestId('decision').innerText()).includes('临时救助')).toBe(true);
    await expect.poll(() => p.getByTestId('person-referrals').innerText()).toContain('突发重病');
    await p.getByTestId('respond-note').fill('民政已发放临时救助');
    await p.getByTestId('respond-submit').click();
    await expect.poll(() => p.getByTestId('person-referrals').innerText()).toContain('2025-11-03 · 民政已发放临时救助');

    await pickDate(p, 'dibao-employed-on', '2025-10-15', 'dibao-cost-0-item');
    await p.getByTestId('dibao-income').fill('2600');
    await p.getByTestId('dibao-cost-0-item').fill('交通');
    await p.getByTestId('dibao-cost-0-amount').fill('350');
    await p.getByTestId('dibao-submit').click();
    const decision = p.getByTestId('decision');
    await expect.poll(async () => (await decision.innerText()).includes('计入家庭收入 2250 元')).toBe(true);
    expect(await decision.innerText()).toContain('CQ25 七');
    expect(await decision.innerText()).toContain('2026-04-14');
    await expect.poll(() => p.getByTestId('dibao-records').innerText()).toContain('2250');

    // The referral list of the area shows the answered referral.
    await p.goto('/assistance?tab=referrals');
    await p.getByText('已受理', { exact: true }).click();
    await expect.poll(() => p.getByTestId('referrals').innerText()).toContain(NAME);
    await p.screenshot({ path: join(SHOTS, 'e2e-referrals.png'), fullPage: true });
  });
});
