// Employment assistance in a real browser (issue 6), with "today" fixed through the server's assistance clock: a
// caseworker applies for an older registrant of 公主府社区 from the 服务找人 list, a second user (the township
// caseworker) pre-checks, the county operator reviews and the public notice opens with the name masked, recognising
// before the notice ends is refused with the clause, the city operator recognises after the working-day period, the
// card prints, the caseworker agrees a plan, and the county operator places the person in a public-welfare post
// where they are ranked first with the reason shown.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiLogin, type ApiSession } from './support/api.ts';
import { REPO_ROOT } from './support/app.ts';
import { createPerson, freshIdNumber, registerUnemployed } from './support/people.ts';
import { browserSuite } from './support/suite.ts';
import { pickDate } from './support/ui.ts';

const COMMUNITY = '150102001001'; // 公主府社区居委会
const SHOTS = join(REPO_ROOT, '.tmp');
// A man born in January 1966: 59 on the fixed dates (older-person category, men ≥ 50) and less than 5 years from
// the statutory retirement date, so a public-welfare post contract may run to retirement.
const BIRTH = '1966-01-15';
const NAME = '巴特尔';

const suite = browserSuite({ persons: 300 });
let caseworkerApi: ApiSession;
let personId = '';
let applicationId = '';


const setToday = (date: string) => suite.app.runtime.services.clock.set(date);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  setToday('2025-11-03'); // a Monday
  caseworkerApi = await apiLogin(suite.app.url, 'caseworker');
  personId = await createPerson(caseworkerApi, { name: NAME, community: COMMUNITY, idNumber: freshIdNumber(BIRTH, { sex: 'male' }) });
  await registerUnemployed(caseworkerApi, personId, '2025-06-02');
});

afterAll(() => {
  suite.app.runtime.services.clock.set(null);
});

const openAs = (username: string): Promise<Page> => suite.openAs(username);

async function openApplication(p: Page): Promise<void> {
  await p.goto(`/assistance/applications/${applicationId}`);
  await p.getByTestId('application-state').waitFor();
}

describe('employment assistance in the browser', () => {
  it('a caseworker finds the registrant in 服务找人 and applies; the criteria name the category and the clause', async () => {
    const p = await openAs('caseworker');
    await p.goto('/assistance?tab=candidates');
    const row = p.locator('tr', { hasText: NAME });
    await row.getByRole('button', { name: '申请认定' }).click();
    await p.waitForURL((u) => u.pathname === `/assistance/apply/${personId}`);
    await p.getByTestId('fact-residentMonths').fill('120');
    await p.getByTestId('fact-contributionYears').fill('8');
    await p.getByTestId('evaluate').click();
    const evaluation = p.getByTestId('evaluation');
    await expect.poll(() => evaluation.innerText()).toContain('大龄');
    expect(await evaluation.innerText()).toContain('内人社办发〔2020〕58号');
    await p.getByTestId('commitment').check();
    await p.getByTestId('submit-application').click();
    await p.waitForURL((u) => u.pathname.startsWith('/assistance/applications/'));
    applicationId = new URL(p.url()).pathname.split('/').pop() ?? '';
    await expect.poll(() => p.getByTestId('application-state').innerText()).toBe('待社区初审');
    expect(await p.getByTestId('step-submitted-who').innerText()).toContain('caseworker');
    expect(await p.getByTestId('steps').innerText()).toContain('期限 2025-11-10');
    // The submitter is not offered the pre-check, and the server refuses it anyway (maker–checker).
    await p.getByTestId('maker-hint').waitFor();
    const own = await caseworkerApi.post<{ error: { code: string; message: string } }>(`/api/v1/assistance-applications/${applicationId}/precheck`, { decision: 'approve' });
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('MAKER_CHECKER');
    await p.screenshot({ path: join(SHOTS, 'e2e-assistance-submitted.png'), fullPage: true });
  });

  it('the township caseworker pre-checks and the county operator reviews; the notice shows the masked name', async () => {
    let p = await openAs('caseworker.township');
    // The township's due steps (paged by the server, most urgent first) list the pre-check with its deadline.
    await p.goto('/assistance?tab=tasks');
    const task = p.getByTestId('tasks').locator('tr', { hasText: NAME });
    await expect.poll(() => task.innerText()).toContain('社区初审');
    expect(await task.innerText()).toContain('2025-11-10');
    expect(await p.getByTestId('tasks-hint').innerText()).toMatch(/^共 \d+ 项待办/);
    await task.getByRole('link', { name: '社区初审' }).click();
    await p.waitForURL((u) => u.pathname === `/assistance/applications/${applicationId}`);
    await p.getByTestId('application-state').waitFor();
    await p.getByTestId('precheck-reason').fill('材料齐全，符合大龄条件');
    await p.getByTestId('precheck-submit').click();
    await expect.poll(() => p.getByTestId('application-state').innerText()).toBe('待县级审核');
    expect(await p.getByTestId('step-prechecked-who').innerText()).toContain('caseworker.township');

    setToday('2025-11-04');
    p = await openAs('operator.county');
    await openApplication(p);
    await p.getByTestId('review-submit').click();
    await expect.poll(() => p.getByTestId('application-state').innerText()).toBe('公示中');
    const notice = await p.getByTestId('notice').innerText();
    expect(notice).toContain('2025-11-04 至 2025-11-11（5 个工作日）');
    const published = await p.getByTestId('notice-name').innerText();
    expect(published).toMatch(/^巴\*+$/);
    expect(notice).not.toContain(NAME);
    // The public-notice list of the community shows the same masked entry.
    await p.goto('/assistance?tab=notices');
    await expect.poll(() => p.getByTestId('notices').innerText()).toContain(published);
    expect(await p.getByTestId('notices').innerText()).not.toContain(NAME);
  });

  it('recognising before the notice period ends is refused with the clause; after it the card is issued and prints', async () => {
    setToday('2025-11-11');
    const p = await openAs('operator.city');
    await openApplication(p);
    await p.getByTestId('recognise').click();
    const refusal = p.getByTestId('action-error');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('2025-11-11');
    expect(await refusal.innerText()).toContain('MOH 二(三)');
    expect(await p.getByTestId('application-state').innerText()).toBe('公示中');

    setToday('2025-11-12');
    await openApplication(p);
    await p.getByTestId('recognise').click();
    await expect.poll(() => p.getByTestId('application-state').innerText()).toBe('已认定');
    expect(await p.getByTestId('card-no').innerText()).toMatch(/^1501022025\d{6}$/);
    expect(await p.getByTestId('events').innerText()).toContain('operator.city');
    const href = await p.getByTestId('card-link').getAttribute('href');
    const pdf = await p.request.get(href ?? '');
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await p.screenshot({ path: join(SHOTS, 'e2e-assistance-recognised.png'), fullPage: true });
  });

  it('the caseworker makes a plan, the person agrees, and the agreement prints', async () => {
    const p = await openAs('caseworker');
    await openApplication(p);
    await p.getByTestId('plan-goals').fill('三个月内实现稳定就业');
    await p.getByTestId('measure-0-description').fill('职业指导一次');
    await pickDate(p, 'measure-0-target', '2025-11-20', 'plan-goals');
    await p.getByTestId('plan-submit').click();
    await p.waitForURL((u) => u.pathname.startsWith('/assistance/plans/'));
    await expect.poll(() => p.getByTestId('plan-state').innerText()).toBe('待签订');
    expect(await p.getByTestId('responsible').innerText()).toBe('caseworker');
    expect(await p.getByTestId('progress').innerText()).toBe('已完成 0 / 1');
    await p.getByTestId('agree').click();
    await expect.poll(() => p.getByTestId('plan-state').innerText()).toBe('已签订');
    expect(await p.getByTestId('agreed-on').innerText()).toBe('2025-11-12');
    const pdf = await p.request.get((await p.getByTestId('agreement-link').getAttribute('href')) ?? '');
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    await p.screenshot({ path: join(SHOTS, 'e2e-assistance-plan.png'), fullPage: true });
  });

  it('the county operator places the person in a public-welfare post where they rank first, with the reason shown', async () => {
    const operator = await apiLogin(suite.app.url, 'operator.county');
    const post = await operator.post<{ id: string }>('/api/v1/posts', {
      jurisdictionCode: COMMUNITY,
      employer: '公主府街道办事处',
      postType: '社区服务',
      title: '社区保洁岗',
      location: '公主府社区服务中心',
      places: 2,
      termMonths: 36,
      postSubsidyYuan: 1980,
      socialInsuranceSubsidyYuan: 860,
      fundingSource: '就业补助资金',
    });
    expect(post.status, JSON.stringify(post.body)).toBe(201);
    const p = await openAs('operator.county');
    await p.goto(`/posts/${post.body.id}`);
    const candidates = p.getByTestId('candidates');
    const first = candidates.locator('tbody tr').first();
    await expect.poll(() => first.innerText()).toContain(NAME);
    expect(await first.getByTestId('rank').innerText()).toBe('1');
    expect(await p.getByTestId('candidates-total').innerText()).toContain('排名按全部人选计算');
    const reasons = await first.getByTestId('reasons').innerText();
    expect(reasons).toContain('距法定退休不足 5 年');
    await first.getByTestId('place').click();
    await p.locator('#place-submit').click();
    const placed = p.getByTestId('placed');
    await placed.waitFor();
    expect(await placed.innerText()).toContain('排序第 1 /');
    expect(await placed.innerText()).toContain('距法定退休不足 5 年');
    await expect.poll(() => p.getByTestId('placements').innerText()).toContain(NAME);
    expect(await p.getByTestId('filled').innerText()).toBe('1 / 2');
    await p.screenshot({ path: join(SHOTS, 'e2e-assistance-post.png'), fullPage: true });
  });
});
