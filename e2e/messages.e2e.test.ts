// Messages in a real browser (issue 15): a deregistration's SMS goes through the delivery worker (the SMS sink of
// development and the demo) and the operator sees it delivered in the outbox, with its text on the sink tab.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from './support/accounts.ts';
import { apiLogin } from './support/api.ts';
import { REPO_ROOT } from './support/app.ts';
import { browserSuite } from './support/suite.ts';

const SHOTS = join(REPO_ROOT, '.tmp');
const POLL = { timeout: 20_000 };

const suite = browserSuite({ persons: 300 });

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
});


describe('messages', () => {
  it('a deregistration notice by SMS shows as delivered in the operator’s outbox', async () => {
    // 10:00 in China on the application clock's day: outside quiet hours (21:00–08:00), which hold SMS back.
    const clock = suite.app.runtime.services.clock;
    clock.set(`${clock.today()}T10:00:00+08:00`);
    const operator = DEMO_ACCOUNTS.operatorCounty;
    const api = await apiLogin(suite.app.url, operator.username);
    const list = await api.get<{ items: { id: string }[] }>(`/api/v1/registrations?jurisdiction=${operator.jurisdiction}&pageSize=50`);
    // The first active registration whose person has a phone: the notice goes by SMS (else by letter).
    let subject: string | undefined;
    for (const r of list.body.items) {
      const d = await api.post<{ notifications: { channel: string }[] }>(`/api/v1/registrations/${r.id}/deregister`, { reason: 'hired', on: suite.app.runtime.services.clock.today() });
      expect(d.status).toBe(200);
      if (d.body.notifications.some((n) => n.channel === 'sms')) {
        subject = `registration:${r.id}`;
        break;
      }
    }
    expect(subject).toBeDefined();

    const p = await suite.openAs(operator.username);
    await p.goto('/messages');
    await p.getByRole('button', { name: '立即发送' }).click();
    await p.getByRole('tab', { name: '短信沙箱' }).click();
    const row = p.locator(`tr[data-subject="${subject}"]:visible`);
    await expect.poll(() => row.count(), POLL).toBeGreaterThan(0);
    expect(await row.first().innerText()).toContain('已送达');
    await p.screenshot({ path: join(SHOTS, 'e2e-messages-sink.png'), fullPage: true });
    await p.getByRole('tab', { name: '按日统计' }).click();
    await p.getByText('发送策略（短信模式：sink）').waitFor();
  });
});
