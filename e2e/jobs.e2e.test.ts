// Jobs in a real browser (issue 13): a caseworker opens a person, sees the three best postings with their reasons
// and recommends two; the person sees them on the phone portal and says "interested"; after the referral the
// employer records the interview and the hire on its posting; the person's registration ends with reason hired.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from './support/accounts.ts';
import { apiLogin, type ApiSession } from './support/api.ts';
import { REPO_ROOT } from './support/app.ts';
import { browserSuite } from './support/suite.ts';
import { loginAs } from './support/ui.ts';

const SHOTS = join(REPO_ROOT, '.tmp');
const POLL = { timeout: 20_000 };
const TITLE = '公主府社区保洁员（适合大龄）';

const suite = browserSuite({ persons: 300 });
let cw: ApiSession;
let op: ApiSession;
let emp: ApiSession;
let me = '';
let postingId = '';

interface Rec { id: string; state: string; posting: { id: string } }

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [cw, op, emp] = await Promise.all([apiLogin(suite.app.url, DEMO_ACCOUNTS.caseworker.username), apiLogin(suite.app.url, 'operator.county'), apiLogin(suite.app.url, 'employer.xincheng')]);
  const citizen = await apiLogin(suite.app.url, DEMO_ACCOUNTS.citizen.username);
  const status = await citizen.get<{ person: { id: string }; activeRegistration: unknown }>('/api/v1/me/status');
  me = status.body.person.id;
  if (!status.body.activeRegistration) {
    const today = (await cw.get<{ asOf: string }>(`/api/v1/worklist?jurisdiction=150102001001&kind=first_contact`)).body.asOf;
    const commitment = (await cw.get<{ current: { version: string } }>('/api/v1/registration-commitment')).body.current.version;
    const reg = await cw.post(`/api/v1/persons/${me}/registrations`, { kind: 'unemployment', placeBasis: 'residence', registeredOn: today, unemploymentReason: 'contract_ended', skills: [], intention: 'employment', marks: [], commitment: { version: commitment } });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
  }
  const prefs = await cw.post(`/api/v1/persons/${me}/job-preferences`, { occupationCodes: ['4-09-08-01'], payMin: 2000, hours: ['full_time', 'part_time'], experienceYears: 2 });
  expect(prefs.status, JSON.stringify(prefs.body)).toBe(200);
  const today = new Date().toISOString().slice(0, 10);
  const created = await emp.post<{ id: string }>('/api/v1/postings', {
    occupationCode: '4-09-08-01',
    title: TITLE,
    description: '社区公共区域保洁，工作时间灵活。',
    openings: 2,
    jurisdictionCode: '150102001001',
    address: '公主府社区服务站',
    payMin: 2200,
    payMax: 3000,
    hours: 'part_time',
    ageFriendly: true,
    disabilitySuitable: true,
    validFrom: today,
    validTo: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  postingId = created.body.id;
  expect((await emp.post(`/api/v1/postings/${postingId}/actions`, { action: 'submit' })).status).toBe(200);
  expect((await op.post(`/api/v1/postings/${postingId}/actions`, { action: 'approve', note: '审核通过' })).status).toBe(200);
}, 240_000);



describe('recommendation to the hire', () => {
  it('caseworker recommends two of the three best postings; the person is interested; the employer hires', async () => {
    const p = await suite.openAs(DEMO_ACCOUNTS.caseworker.username);
    await p.goto(`/persons/${me}?tab=jobs`);
    const matches = p.getByTestId('job-match');
    await expect.poll(() => matches.count(), POLL).toBe(3);
    await expect.poll(() => matches.first().innerText(), POLL).toContain(TITLE);
    expect(await matches.first().innerText()).toContain('同一社区');
    await matches.nth(0).getByTestId('job-match-pick').click();
    await matches.nth(1).getByTestId('job-match-pick').click();
    await p.getByTestId('jobs-recommend').click();
    await expect.poll(() => p.getByTestId('rec-state-recommended').count(), POLL).toBe(2);
    await p.screenshot({ path: join(SHOTS, 'e2e-jobs-recommended.png'), fullPage: true });

    // The person, on the phone portal.
    const phone = await suite.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await loginAs(phone, DEMO_ACCOUNTS.citizen.username);
    await phone.goto('/citizen/jobs');
    const mine = phone.getByTestId('citizen-job').filter({ hasText: TITLE });
    await mine.waitFor(POLL);
    await mine.getByTestId('rec-to-interested').click();
    await mine.getByTestId('rec-state-interested').waitFor(POLL);
    await phone.screenshot({ path: join(SHOTS, 'e2e-jobs-citizen.png'), fullPage: true });

    // The caseworker refers the person to the employer.
    const recs = (await cw.get<{ items: Rec[] }>(`/api/v1/persons/${me}/job-recommendations`)).body.items;
    const rec = recs.find((r) => r.posting.id === postingId)!;
    expect(rec.state).toBe('interested');
    expect((await cw.post(`/api/v1/job-recommendations/${rec.id}/state`, { to: 'referred' })).status).toBe(200);

    // The employer records the interview and the hire on its posting.
    const e = await suite.openAs('employer.xincheng');
    await e.goto(`/postings/${postingId}`);
    await e.getByTestId('rec-state-referred').waitFor(POLL);
    await e.getByTestId('rec-to-interviewed').click();
    await e.getByTestId('rec-state-interviewed').waitFor(POLL);
    await e.getByTestId('rec-to-hired').click();
    await e.getByTestId('rec-state-hired').waitFor(POLL);
    await e.screenshot({ path: join(SHOTS, 'e2e-jobs-hired.png'), fullPage: true });

    const regs = (await cw.get<{ items: { kind: string; state: string; deregistration: { reason: string } | null }[] }>(`/api/v1/persons/${me}/registrations`)).body.items;
    expect(regs.find((r) => r.kind === 'unemployment')).toMatchObject({ state: 'cancelled', deregistration: { reason: 'hired' } });
  }, 240_000);
});
