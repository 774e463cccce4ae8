// Data comparison in a real browser (issue 7): the county operator uploads a social-insurance file crafted here (an
// active registrant of 新城区 with contributions in the two months after registration, plus one row with a wrong
// check character), watches the progress to done, opens the findings and confirms the "hired" one; the registration
// ends with reason `hired`. A dismiss without a reason is refused in the form.
import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, formatIsoDate, parseIsoDate } from '@bangfu/rules';
import { DEMO_ACCOUNTS } from './support/accounts.ts';
import { apiLogin, type ApiSession } from './support/api.ts';
import { REPO_ROOT } from './support/app.ts';
import { newContext } from './support/browser.ts';
import { createPerson, freshIdNumber, registerUnemployed } from './support/people.ts';
import { browserSuite } from './support/suite.ts';
import { loginAs } from './support/ui.ts';

const COMMUNITY = '150102001001';
const SHOTS = join(REPO_ROOT, '.tmp');
const POLL = { timeout: 60_000, interval: 500 };

const suite = browserSuite({ persons: 300 });
let op: ApiSession;
let personId = '';
let registeredOn = '';
const idNumber = freshIdNumber();
const personName = `其木格${'甲乙丙丁戊己庚辛'[randomInt(0, 8)]}${'子丑寅卯辰巳午未'[randomInt(0, 8)]}`;

/** YYYYMM of the month `add` months after the month of `date`. */
function ym(date: string, add: number): string {
  const m = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + add;
  return `${Math.floor(m / 12)}${String((m % 12) + 1).padStart(2, '0')}`;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  op = await apiLogin(suite.app.url, DEMO_ACCOUNTS.operatorCounty.username);
  personId = await createPerson(op, { name: personName, community: COMMUNITY, idNumber });
  // Registered about four months ago, so the two following months of contributions lie in the past.
  const today = (await op.get<{ asOf: string }>(`/api/v1/worklist?jurisdiction=${COMMUNITY}&kind=first_contact`)).body.asOf;
  registeredOn = formatIsoDate(addDays(parseIsoDate(today, 'today'), -120));
  await registerUnemployed(op, personId, registeredOn, { kind: 'unemployment' });
}, 240_000);

describe('data comparison', () => {
  it('operator uploads a social-insurance file, watches progress, confirms the hired finding; the registration ends with hired', async () => {
    const wrong = idNumber.slice(0, 17) + (idNumber.endsWith('1') ? '2' : '1');
    const csv = [
      // Credit codes only, no employer names (as many 社保 extracts): confirming asks for the name.
      '公民身份号码,姓名,统一社会信用代码,缴费年月,缴费基数',
      `${idNumber},${personName},91150102MA0N000001,${ym(registeredOn, 1)},4500`,
      `${idNumber},${personName},91150102MA0N000001,${ym(registeredOn, 2)},4500`,
      `${wrong},错号,91150102MA0N000003,${ym(registeredOn, 1)},3000`,
      '',
    ].join('\n');

    const p = await suite.openAs(DEMO_ACCOUNTS.operatorCounty.username);
    await p.getByRole('menuitem', { name: '信息比对' }).click();
    await p.getByTestId('comparison-kind').waitFor();
    await expect.poll(() => p.getByTestId('comparison-kind').innerText(), POLL).toContain('社会保险');
    await p.locator('input[type=file]').setInputFiles({ name: `社保缴费-${Date.now()}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    const uploaded = p.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/comparison/files');
    await p.getByTestId('comparison-upload').click();
    const res = await uploaded;
    expect(res.status(), await res.text()).toBe(201);
    const runId = ((await res.json()) as { id: string }).id;

    // The run's row shows its progress until done, then its counts and the rejected-rows download.
    const row = p.getByTestId('comparison-runs').locator(`.ant-table-row[data-row-key="${runId}"]`);
    await row.waitFor();
    await expect.poll(() => row.getByTestId('run-progress').getAttribute('data-state'), POLL).toBe('done');
    expect(await row.getByTestId('run-progress-text').innerText()).toContain('已读 3 行');
    expect(await row.getByTestId('run-counts').innerText()).toContain('拒收 1');
    expect(await row.getByTestId('run-rejected').getAttribute('href')).toBe(`/api/v1/comparison/runs/${runId}/rejected.csv`);
    await p.screenshot({ path: join(SHOTS, 'e2e-comparison-runs.png'), fullPage: true });

    // The findings of this run: one "hired", with the evidence rows, the reason code and its clause.
    await row.getByTestId('run-findings').click();
    const findings = p.getByTestId('findings');
    const finding = findings.locator('.ant-table-row', { hasText: personName });
    await finding.waitFor();
    expect(await findings.locator('.ant-table-row').count()).toBe(1);
    expect(await finding.getByTestId('finding-reason').innerText()).toContain('hired');
    // Named from the person's file with the masked ID number, as every list shows a person.
    expect(await finding.innerText()).toContain(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`);
    expect(await finding.innerText()).not.toContain(idNumber);
    await finding.locator('.ant-table-row-expand-icon').click();
    await p.getByText(ym(registeredOn, 2)).first().waitFor();

    // Dismiss needs a reason: the form refuses an empty one.
    await finding.getByTestId('finding-dismiss').click();
    const dismiss = p.getByRole('dialog');
    // Under load a click during the dialog's opening animation can be lost: click again until the form answers.
    const refusal = dismiss.getByText('驳回须填写理由');
    for (let attempt = 0; attempt < 5 && !(await refusal.isVisible()); attempt++) {
      await dismiss.getByRole('button', { name: '驳回', exact: true }).click();
      await refusal.waitFor({ timeout: 4000 }).catch(() => undefined);
    }
    await refusal.waitFor();
    await dismiss.getByRole('button', { name: '取消', exact: true }).click();
    await p.screenshot({ path: join(SHOTS, 'e2e-comparison-findings.png'), fullPage: true });

    // Confirm: the file named no employer, so the dialog asks for it (confirm stays disabled until it is entered),
    // then applies through the registration service.
    await finding.getByTestId('finding-confirm').click();
    const dialog = p.locator('.ant-modal-confirm');
    await dialog.getByTestId('confirm-employer-name').waitFor();
    expect(await dialog.innerText()).toContain('91150102MA0N000001');
    expect(await dialog.getByRole('button', { name: '确认', exact: true }).isDisabled()).toBe(true);
    await dialog.getByTestId('confirm-employer-name').fill('青城建设有限公司');
    const confirmed = p.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/confirm'));
    await dialog.getByRole('button', { name: '确认', exact: true }).click();
    const answer = await confirmed;
    expect(answer.status(), await answer.text()).toBe(200);
    expect(await answer.json()).toMatchObject({ state: 'confirmed', applied: { type: 'employment_registration', employerName: '青城建设有限公司', endedRegistration: { reason: 'hired' } } });
    // Pending is the default filter: the confirmed finding leaves the list.
    await expect.poll(() => findings.locator('.ant-table-row', { hasText: personName }).count(), POLL).toBe(0);

    const regs = await op.get<{ items: { state: string; deregistration: { reason: string } | null }[] }>(`/api/v1/persons/${personId}/registrations`);
    expect(regs.body.items[0]).toMatchObject({ state: 'cancelled', deregistration: { reason: 'hired' } });
  });

  it('a partner uploads a file and follows its own run (progress, counts, rejected rows) without any findings tab', async () => {
    const other = freshIdNumber();
    const csv = ['公民身份号码,姓名,死亡日期', `${other.slice(0, 17)}${other.endsWith('1') ? '2' : '1'},错号,2025-01-01`, `${other},某人,2025-01-02`, ''].join('\n');
    const pc = await newContext(suite.browser, suite.app.url);
    try {
      const p = await pc.newPage();
      await loginAs(p, DEMO_ACCOUNTS.partnerCity.username);
      await p.getByRole('menuitem', { name: '信息比对' }).click();
      // The dataset schemas load for partners too (comparison.runs).
      await expect.poll(() => p.getByTestId('comparison-kind').innerText(), POLL).toContain('社会保险');
      await p.getByTestId('comparison-kind').click();
      await p.locator('.ant-select-item-option', { hasText: '死亡（' }).click();
      await p.locator('input[type=file]').setInputFiles({ name: `死亡-${Date.now()}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      const uploaded = p.waitForResponse((r) => r.url().endsWith('/api/v1/comparison/files'));
      await p.getByTestId('comparison-upload').click();
      const res = await uploaded;
      expect(res.status(), await res.text()).toBe(201);
      const runId = ((await res.json()) as { id: string }).id;
      const row = p.getByTestId('comparison-runs').locator(`.ant-table-row[data-row-key="${runId}"]`);
      await expect.poll(() => row.getByTestId('run-progress').getAttribute('data-state'), POLL).toBe('done');
      expect(await row.getByTestId('run-counts').innerText()).toContain('拒收 1');
      // File-level counts only: how many rows matched the registry would tell who is registered.
      expect(await row.getByTestId('run-counts').innerText()).not.toContain('匹配');
      expect(await row.getByTestId('run-rejected').getAttribute('href')).toBe(`/api/v1/comparison/runs/${runId}/rejected.csv`);
      // Only its own runs: the operator's upload of the first test is not listed; findings are not offered.
      expect(await p.getByTestId('comparison-runs').locator('.ant-table-row').count()).toBe(1);
      expect(await p.getByRole('tab', { name: '比对结果' }).count()).toBe(0);
      expect(await row.getByTestId('run-findings').count()).toBe(0);
    } finally {
      await pc.close();
    }
  });
});
