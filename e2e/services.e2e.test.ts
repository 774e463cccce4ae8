// Daily service work in a real browser (issue 5): a caseworker opens the worklist and sees a registrant whose
// first-contact deadline is today, opens the person from the row (service form pre-filled), records a career
// guidance and three job recommendations — one of them double-clicked, counted once (idempotency key) — and the
// obligations turn from unmet to met; the city supervisor sees the county's compliance rate change.
import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PackRegistry, addDays, calendarForPack, formatIsoDate, parseIsoDate } from '@bangfu/rules';
import { DEMO_ACCOUNTS } from './support/accounts.ts';
import { apiLogin, type ApiSession } from './support/api.ts';
import { REPO_ROOT } from './support/app.ts';
import { newContext } from './support/browser.ts';
import { createPerson, freshIdNumber, registerUnemployed } from './support/people.ts';
import { browserSuite } from './support/suite.ts';
import { choose, loginAs } from './support/ui.ts';

const COMMUNITY = '150102001001'; // 公主府社区, the demo caseworker's community
const COUNTY = '150102000000'; // 新城区
const SHOTS = join(REPO_ROOT, '.tmp');
const POLL = { timeout: 20_000 };

interface Obligation { rule: string; status: string; delivered: number; required: number }
interface ComplianceRow { jurisdiction: { code: string }; obligations: { met: number; required: number; rate: number | null } }

const suite = browserSuite({ persons: 300 });
let cw: ApiSession;
let personId = '';
let today = '';
const personName = `乌日娜${'甲乙丙丁戊己庚辛'[randomInt(0, 8)]}${'子丑寅卯辰巳午未'[randomInt(0, 8)]}`;


/** The registration date whose 5-working-day first-contact deadline (人社厅发〔2020〕79号) is `on`, by the pack's calendar. */
function registeredOnFor(on: string): string {
  const pack = PackRegistry.builtIn().resolve(COMMUNITY, on);
  const calendar = calendarForPack(pack);
  const day = parseIsoDate(on, 'on');
  for (let back = 5; back < 20; back++) {
    const candidate = addDays(day, -back);
    if (formatIsoDate(calendar.addWorkingDays(candidate, 5)) === on) return formatIsoDate(candidate);
  }
  throw new Error(`no registration date has its first-contact deadline on ${on} (is it a working day?)`);
}

async function obligations(): Promise<Obligation[]> {
  const r = await cw.get<{ obligations: Obligation[] }>(`/api/v1/persons/${personId}/service-state`);
  expect(r.status).toBe(200);
  return r.body.obligations;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  cw = await apiLogin(suite.app.url, DEMO_ACCOUNTS.caseworker.username);
  // "Today" as the server counts it (Asia/Shanghai), from the worklist it answers.
  today = (await cw.get<{ asOf: string }>(`/api/v1/worklist?jurisdiction=${COMMUNITY}&kind=first_contact`)).body.asOf;
  personId = await createPerson(cw, { name: personName, community: COMMUNITY, idNumber: freshIdNumber() });
  await registerUnemployed(cw, personId, registeredOnFor(today), { kind: 'unemployment' });
  // The stored service state behind the compliance rates is filled by the nightly job: run it now (jobs.run).
  const op = await apiLogin(suite.app.url, DEMO_ACCOUNTS.operatorCounty.username);
  const run = await op.post<{ state: string }>('/api/v1/jobs/service-state/run', { wait: true });
  expect(run.status, JSON.stringify(run.body)).toBe(200);
  expect(run.body.state).toBe('done');
}, 240_000);


describe('daily service work', () => {
  it('the service form keeps a typed future date and refuses it; a counted service without content shows the server\'s refusal (issue 11)', async () => {
    const p = await suite.openAs(DEMO_ACCOUNTS.caseworker.username);
    const servicesPath = `/api/v1/persons/${personId}/services`;
    const posts: number[] = [];
    p.on('response', (r) => {
      if (new URL(r.url()).pathname === servicesPath && r.request().method() === 'POST') posts.push(r.status());
    });
    const before = (await cw.get<{ items: unknown[] }>(servicesPath)).body.items.length;
    await p.goto(`/persons/${personId}?action=service&type=career_guidance&channel=in_person`);
    const dialog = p.getByRole('dialog');
    await dialog.getByText(`记录服务：${personName}`).waitFor();

    // A future day typed into the box stays as typed, with the reason, and nothing is sent.
    const future = formatIsoDate(addDays(parseIsoDate(today, 'today'), 3));
    const date = dialog.getByTestId('service-date');
    await expect.poll(() => date.inputValue(), POLL).toBe(today); // the application's today, not the browser's
    await date.click();
    await date.fill(future);
    await dialog.getByText(`记录服务：${personName}`).click(); // leave the box (the open panel covers the fields below)
    await dialog.getByText(`服务日期 ${future} 晚于今天（${today}，以系统时钟为准）`).waitFor();
    expect(await date.inputValue()).toBe(future);
    await dialog.getByTestId('service-content').fill('职业指导：未来日期不应保存');
    await dialog.getByTestId('service-submit').click();
    await dialog.getByText(`服务日期 ${future} 晚于今天`).waitFor();
    expect(await date.inputValue()).toBe(future);
    expect(posts).toEqual([]);

    // Back to today, content emptied: the server refuses the empty record and the form shows its message on the field.
    await date.click();
    await date.fill(today);
    await dialog.getByText(`记录服务：${personName}`).click();
    await expect.poll(() => dialog.getByText(`服务日期 ${future} 晚于今天`).count(), POLL).toBe(0);
    await dialog.getByTestId('service-content').fill('');
    const refused = p.waitForResponse((r) => new URL(r.url()).pathname === servicesPath && r.request().method() === 'POST');
    await dialog.getByTestId('service-submit').click();
    expect((await refused).status()).toBe(422);
    await dialog.getByText('职业指导计入服务义务，须填写服务内容').waitFor();
    await p.screenshot({ path: join(SHOTS, 'e2e-services-refusals.png'), fullPage: true });
    expect((await cw.get<{ items: unknown[] }>(servicesPath)).body.items.length).toBe(before);
  });

  it('worklist → person → career guidance and three job recommendations: unmet turns met; the county rate moves', async () => {
    const sup = await apiLogin(suite.app.url, DEMO_ACCOUNTS.supervisorCity.username);
    const c0 = await sup.get<{ items: ComplianceRow[] }>('/api/v1/compliance?jurisdiction=150100000000');
    const county0 = c0.body.items?.find((i) => i.jurisdiction.code === COUNTY);
    expect(county0, JSON.stringify(c0.body).slice(0, 600)).toBeDefined();

    // The supervisor's view before.
    const s = await suite.openAs(DEMO_ACCOUNTS.supervisorCity.username);
    await s.getByRole('menuitem', { name: '合规率' }).click();
    const rateCell = s.getByTestId(`rate-obligations-${COUNTY}`);
    await rateCell.waitFor();
    const rateBefore = await rateCell.innerText();

    // The caseworker's morning.
    const cwContext = await newContext(suite.browser, suite.app.url);
    try {
      const p = await cwContext.newPage();
      await loginAs(p, DEMO_ACCOUNTS.caseworker.username);
      await p.getByRole('menuitem', { name: '待办' }).click();
      await p.getByText('全部待办', { exact: true }).click();
      const group = p.getByTestId('group-first_contact');
      const row = group.locator('.ant-table-row', { hasText: personName });
      await row.waitFor();
      expect(await row.getByTestId('due-on').innerText()).toContain(today);
      expect(await row.getByTestId('due-on').innerText()).toContain('今天到期');
      await p.screenshot({ path: join(SHOTS, 'e2e-services-worklist.png'), fullPage: true });

      // One click opens the person with the service form pre-filled.
      await row.getByTestId('work-open').click();
      const dialog = p.getByRole('dialog');
      await dialog.getByText(`记录服务：${personName}`).waitFor();
      expect(new URL(p.url()).searchParams.get('action')).toBe('service');
      const before = await obligations();
      const job = before.find((o) => o.rule === 'nm24-short-job');
      expect(job).toMatchObject({ status: 'unmet', delivered: 0, required: 3 });
      expect(before.find((o) => o.rule === 'nm22-career-guidance')).toMatchObject({ status: 'unmet' });
      expect(await p.getByTestId('obligation-nm24-short-job').getAttribute('data-status')).toBe('unmet');

      await choose(p, 'service-type', '职业指导', '职业指导');
      await dialog.getByTestId('service-content').fill('职业指导：明确求职方向，制定求职计划');
      let saved = p.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/persons/${personId}/services` && r.request().method() === 'POST');
      await dialog.getByTestId('service-submit').click();
      expect((await saved).status()).toBe(201);
      await expect.poll(() => p.getByTestId('obligation-nm22-career-guidance').getAttribute('data-status'), POLL).toBe('met');

      for (let i = 1; i <= 3; i++) {
        await p.getByTestId('record-service').click();
        const d = p.getByRole('dialog');
        await choose(p, 'service-type', '岗位推荐', '岗位推荐');
        await d.getByTestId('service-posting-text').fill(`仓储物流专员 ${i}（新城区某物流公司）`);
        saved = p.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/persons/${personId}/services` && r.request().method() === 'POST');
        // The last one is double-clicked: the same form, the same idempotency key, counted once.
        if (i === 3) await d.getByTestId('service-submit').dblclick();
        else await d.getByTestId('service-submit').click();
        expect([200, 201]).toContain((await saved).status());
        await expect.poll(() => p.getByTestId('obligation-count-nm24-short-job').innerText(), POLL).toBe(`${i} / 3`);
      }
      await expect.poll(() => p.getByTestId('obligation-nm24-short-job').getAttribute('data-status'), POLL).toBe('met');
      const after = await obligations();
      expect(after.find((o) => o.rule === 'nm24-short-job')).toMatchObject({ status: 'met', delivered: 3 });
      const records = await cw.get<{ items: { type: string }[] }>(`/api/v1/persons/${personId}/services`);
      expect(records.body.items.filter((r) => r.type === 'job_recommendation')).toHaveLength(3);
      await p.screenshot({ path: join(SHOTS, 'e2e-services-obligations.png'), fullPage: true });

      // The diary lists what was done, with its printable PDF.
      await p.getByRole('tab', { name: '帮扶日记' }).click();
      await p.getByTestId('diary').getByText('岗位推荐').first().waitFor();
      expect(await p.getByTestId('diary-print').getAttribute('href')).toBe(`/api/v1/persons/${personId}/diary.pdf`);

      // The first contact is made: the person leaves that group.
      await p.goto('/worklist?view=due');
      await p.getByTestId('due-summary').waitFor();
      await expect.poll(() => p.getByTestId('group-first_contact').locator('.ant-table-row', { hasText: personName }).count(), POLL).toBe(0);
    } finally {
      await cwContext.close();
    }

    // The supervisor reloads: the county's rate moved, and matches the API.
    const county1 = (await sup.get<{ items: ComplianceRow[] }>('/api/v1/compliance?jurisdiction=150100000000')).body.items.find((i) => i.jurisdiction.code === COUNTY);
    expect(county1!.obligations.met).toBeGreaterThan(county0!.obligations.met);
    expect(county1!.obligations.rate).not.toBe(county0!.obligations.rate);
    await s.reload();
    await rateCell.waitFor();
    await expect.poll(() => rateCell.innerText(), POLL).not.toBe(rateBefore);
    // The API answers the rate as a percent with one decimal.
    expect(await rateCell.innerText()).toBe(`${county1!.obligations.rate!.toFixed(1)}%`);
    // The drill-down lists the people behind the number.
    await rateCell.click();
    await s.getByTestId('compliance-people').locator('.ant-table-row').first().waitFor();
    await s.screenshot({ path: join(SHOTS, 'e2e-services-compliance.png'), fullPage: true });
  });
});
