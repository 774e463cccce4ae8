/**
 * The caseworker's morning: the worklist shows a registrant whose first-contact deadline is today (and an overdue
 * one first), recording a career guidance and three job recommendations clears the first contact and the job
 * obligation; the nightly job turns due items into reminders; bulk recording from the worklist; scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from './support/test-app.ts';
import { FixedClock } from '../src/jobs/clock.ts';
import { residentIdCheckChar } from '@bangfu/rules';
import { sql } from 'drizzle-orm';
import { renderTemplate } from '../src/modules/notifications/templates.ts';

let seq = 500;
async function registrant(s: Session, village: string, registeredOn: string, c: string): Promise<string> {
  seq += 2;
  const first17 = `${village.slice(0, 6)}19900301${String(seq).padStart(3, '0').slice(-3)}`;
  const res = await s.post('/api/v1/persons', { idNumber: first17 + residentIdCheckChar(first17), name: '清单测试', residence: { code: village }, employmentStatus: 'unemployed', source: 'visit' });
  if (res.statusCode !== 201) throw new Error(`person create failed: ${res.statusCode} ${res.body}`);
  const id = res.json<{ file: { id: string } }>().file.id;
  const reg = await s.post(`/api/v1/persons/${id}/registrations`, { kind: 'unemployment', placeBasis: 'residence', registeredOn, unemploymentReason: 'contract_ended', skills: [], intention: 'employment', marks: [], commitment: { version: c } });
  if (reg.statusCode !== 201) throw new Error(`registration failed: ${reg.statusCode} ${reg.body}`);
  return id;
}

let t: TestApp;
let cw: Session;
let sup: Session;
let today = ''; // first-contact deadline of `fresh`
let fresh = '';
let late = '';

interface Item {
  kind: string;
  personId: string;
  dueOn: string | null;
  overdue: boolean;
  rule: string | null;
  action: { serviceType: string; href: string };
  obligations?: { rule: string; service: string; dueOn: string | null; overdue: boolean }[];
}
interface Worklist {
  asOf: string;
  groups: { kind: string; total: number; overdue: number; items: Item[] }[];
}

const group = (w: Worklist, kind: string) => w.groups.find((g) => g.kind === kind)!;

beforeAll(async () => {
  t = await createTestApp({ persons: 80 });
  const clock = new FixedClock('2025-06-10');
  t.runtime.services.clock.use(clock);
  [cw, sup] = await Promise.all([t.login('caseworker'), t.login('supervisor.city')]);
  const commitment = (await cw.get('/api/v1/registration-commitment')).json<{ current: { version: string } }>().current.version;
  // 3 June 2025 (Tue) + 5 working days = 10 June; 26 May + 5 = 3 June (Dragon Boat Festival on 2 June).
  fresh = await registrant(cw, '150102001001', '2025-06-03', commitment);
  late = await registrant(cw, '150102001001', '2025-05-26', commitment);
  const regs = (await cw.get(`/api/v1/persons/${fresh}/registrations`)).json<{ items: { deadlines: { firstContact: string } }[] }>();
  today = regs.items[0]!.deadlines.firstContact;
});

afterAll(async () => {
  await t?.close();
});

describe('worklist', () => {
  it('shows first contacts due today, overdue ones first, with the action pre-filled', async () => {
    expect(today).toBe('2025-06-10');
    const w = (await cw.get('/api/v1/worklist')).json<Worklist>();
    expect(w.asOf).toBe('2025-06-10');
    const fc = group(w, 'first_contact');
    const mine = fc.items.filter((i) => i.personId === fresh || i.personId === late);
    expect(mine.map((i) => [i.personId, i.dueOn, i.overdue])).toEqual([
      [late, '2025-06-03', true],
      [fresh, '2025-06-10', false],
    ]);
    expect(mine[1]!.action).toMatchObject({ serviceType: 'follow_up' });
    expect(mine[1]!.action.href).toContain(`/persons/${fresh}`);
    expect(fc.overdue).toBeGreaterThanOrEqual(1);
    // Only one kind when asked.
    const only = (await cw.get('/api/v1/worklist?kind=first_contact')).json<Worklist>();
    expect(only.groups.map((g) => g.kind)).toEqual(['first_contact']);
  });

  it('clears the first contact and the job obligation once the services are recorded', async () => {
    expect((await cw.post(`/api/v1/persons/${fresh}/services`, { type: 'career_guidance', channel: 'in_person', servedOn: '2025-06-10', content: '首次联系：职业指导' })).statusCode).toBe(201);
    let w = (await cw.get('/api/v1/worklist')).json<Worklist>();
    expect(group(w, 'first_contact').items.some((i) => i.personId === fresh)).toBe(false);
    // One obligation item per person, listing every unmet rule; its deadline and action are the earliest rule's.
    const mine = () => group(w, 'obligation').items.filter((i) => i.personId === fresh);
    const jobs = () => mine()[0]?.obligations?.filter((o) => o.rule === 'nm24-short-job') ?? [];
    expect(mine()).toHaveLength(1);
    expect(jobs()).toEqual([expect.objectContaining({ service: 'job_recommendation', dueOn: '2025-07-03', overdue: false })]);
    expect(mine()[0]).toMatchObject({ rule: 'nm24-short-job', action: { serviceType: 'job_recommendation' }, dueOn: '2025-07-03', overdue: false });
    for (let i = 0; i < 3; i++) expect((await cw.post(`/api/v1/persons/${fresh}/services`, { type: 'job_recommendation', channel: 'online', servedOn: '2025-06-10', postingText: `岗位 ${i + 1}` })).statusCode).toBe(201);
    w = (await cw.get('/api/v1/worklist')).json<Worklist>();
    expect(jobs()).toHaveLength(0);
    // The yearly policy briefing (NM22 三(一)) is still owed, due at the end of the year.
    expect(mine()[0]?.obligations?.find((o) => o.rule === 'nm22-policy-briefing')).toMatchObject({ dueOn: '2025-12-31', overdue: false });
    expect(mine()[0]?.dueOn).toBe('2025-12-31');
  });

  it('turns due items into reminders at night, once', async () => {
    const run = await t.runtime.services.serviceWork.jobs.recompute('test', '2025-06-10');
    expect(run.reminders).toBeGreaterThan(0);
    const again = await t.runtime.services.serviceWork.jobs.recompute('test', '2025-06-10');
    expect(again.reminders).toBe(0);
    const r = (await cw.get('/api/v1/worklist/reminders')).json<{ items: { id: string; personId: string; kind: string; dueOn: string }[] }>().items;
    const overdueContact = r.find((x) => x.personId === late && x.kind === 'first_contact');
    expect(overdueContact).toMatchObject({ dueOn: '2025-06-03' });
    const read = await cw.post(`/api/v1/worklist/reminders/${late}/${overdueContact!.id}/read`);
    expect(read.statusCode).toBe(200);
    const after = (await cw.get('/api/v1/worklist/reminders')).json<{ items: { id: string }[] }>().items;
    expect(after.some((x) => x.id === overdueContact!.id)).toBe(false);
    // The caseworker of the registration also gets an outbox message about it (staff template), not the person.
    const messages = await t.runtime.handle.query<{ channel: string; template_id: string; state: string; recipient_user_id: string; payload: Record<string, string> }>(
      sql`SELECT channel, template_id, state, recipient_user_id::text, payload FROM notifications WHERE person_id = ${late} AND subject = ${`reminder:${overdueContact!.id}`}`,
    );
    expect(messages).toEqual([expect.objectContaining({ channel: 'sms', template_id: 'worklist.item_due', state: 'pending', recipient_user_id: cw.user.id })]);
    expect(messages[0]!.payload).toMatchObject({ personName: '清单测试', kind: 'first_contact', dueOn: '2025-06-03' });
    expect(renderTemplate('worklist.item_due', messages[0]!.payload)).toMatch(/^.+您好：清单测试（150102001001）的服务事项已到期：登记后首次联系：期限 2025-06-03。/);
    expect(run.messages).toBeGreaterThanOrEqual(1);
    expect(again.messages).toBe(0);
    const own = await t.runtime.services.notifications.repo.forPerson(late);
    expect(own.some((n) => n.templateId === 'worklist.item_due')).toBe(false);
    // Staff reminders leave as one daily digest per caseworker (messages.int.test.ts), never one SMS per item.
    await t.runtime.services.messages.worker.digestNow();
    const inbox = (await cw.get('/api/v1/messages/inbox')).json<{ items: { text: string }[] }>().items;
    expect(inbox.some((m) => m.text.includes('清单测试'))).toBe(true);
    // The first contact missed its deadline: the drill-down names the person.
    const people = (await sup.get('/api/v1/compliance/people?jurisdiction=150102000000&measure=first_contact')).json<{ items: { personId: string }[] }>();
    expect(people.items.some((p) => p.personId === late)).toBe(true);
    const ok = (await sup.get('/api/v1/compliance/people?jurisdiction=150102000000&measure=first_contact&status=ok')).json<{ items: { personId: string }[] }>();
    expect(ok.items.some((p) => p.personId === fresh)).toBe(true);
  });

  it('lists every item the service state implies, read from the materialised items', async () => {
    const w = (await cw.get('/api/v1/worklist?jurisdiction=150102001001&limit=2000')).json<Worklist>();
    const [expected] = await t.runtime.handle.query<{ owing: number; rules: number; fc: number; stale: number }>(sql`
      SELECT count(*) FILTER (WHERE unmet_mask <> 0)::int AS owing, COALESCE(sum(obligations_unmet), 0)::int AS rules,
             count(*) FILTER (WHERE first_contact_on IS NULL AND first_contact_deadline IS NOT NULL)::int AS fc, count(*) FILTER (WHERE stale)::int AS stale
      FROM person_service_state WHERE jurisdiction_code = '150102001001'`);
    const ob = group(w, 'obligation');
    expect(ob.total).toBe(expected!.owing);
    expect(ob.items).toHaveLength(expected!.owing);
    expect(ob.items.reduce((n, i) => n + (i.obligations?.length ?? 0), 0)).toBe(expected!.rules);
    expect(group(w, 'stale_file').total).toBe(expected!.stale);
    expect(group(w, 'first_contact').total).toBeGreaterThanOrEqual(expected!.fc);
    // Overdue first, then by deadline, within each group; a page of 1 keeps the totals.
    for (const g of w.groups) {
      const keys = g.items.map((i) => `${i.dueOn ?? '9999'}`);
      expect(keys).toEqual([...keys].sort());
      expect(g.overdue).toBe(g.items.filter((i) => i.overdue).length);
    }
    const page = (await cw.get('/api/v1/worklist?jurisdiction=150102001001&limit=1')).json<Worklist>();
    expect(page.groups.map((g) => [g.kind, g.total])).toEqual(w.groups.map((g) => [g.kind, g.total]));
    expect(page.groups.every((g) => g.items.length <= 1)).toBe(true);
    // The next page of one kind continues where the first stopped.
    const second = (await cw.get('/api/v1/worklist?jurisdiction=150102001001&kind=obligation&limit=2&offset=2')).json<Worklist>();
    expect(second.groups.map((g) => g.kind)).toEqual(['obligation']);
    expect(second.groups[0]!.items.map((i) => i.personId)).toEqual(ob.items.slice(2, 4).map((i) => i.personId));
  });

  it('records a recruitment event for everyone on the list in one go', async () => {
    const res = await cw.post('/api/v1/services/bulk', { personIds: [fresh, late], type: 'recruitment_event', channel: 'in_person', servedOn: '2025-06-10', content: '6月专场招聘会' });
    expect(res.statusCode).toBe(201);
    const w = (await cw.get('/api/v1/worklist')).json<Worklist>();
    expect(group(w, 'first_contact').items.some((i) => i.personId === late)).toBe(false);
  });

  it('rebuilds missing items at start-up after an upgrade, not at the next night', async () => {
    const jobs = t.runtime.services.serviceWork.jobs;
    const before = (await cw.get('/api/v1/worklist?limit=2000')).json<Worklist>();
    await t.runtime.handle.query(sql`DELETE FROM worklist_items`);
    await t.runtime.handle.query(sql`DELETE FROM app_settings WHERE key = 'worklist.items_version'`);
    expect((await cw.get('/api/v1/worklist')).json<Worklist>().groups.find((g) => g.kind === 'obligation')!.total).toBe(0);
    const started = await jobs.rebuildItemsIfNeeded();
    expect(started).not.toBeNull();
    await started!.run;
    const after = (await cw.get('/api/v1/worklist?limit=2000')).json<Worklist>();
    expect(after.groups.map((g) => [g.kind, g.total])).toEqual(before.groups.map((g) => [g.kind, g.total]));
    expect(await jobs.rebuildItemsIfNeeded()).toBeNull();
  });

  it('stays inside the caseworker’s jurisdiction', async () => {
    expect((await cw.get('/api/v1/worklist?jurisdiction=411002001001')).statusCode).toBe(403);
    const xc = await t.login('caseworker.xuchang');
    const w = (await xc.get('/api/v1/worklist')).json<Worklist>();
    expect(w.groups.flatMap((g) => g.items).some((i) => i.personId === fresh)).toBe(false);
  });
});
