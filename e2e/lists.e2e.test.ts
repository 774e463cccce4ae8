// Console lists in a real browser (issue 12): the compliance drill-down sorts on the server with its sort in the URL
// and exports the current filter as xlsx (audited); a new post goes through the one "new record" drawer.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from './support/accounts.ts';
import { browserSuite } from './support/suite.ts';

const POLL = { timeout: 20_000 };
const COUNTY = '150102000000';

const suite = browserSuite({ persons: 200 });

beforeAll(async () => {
  // The stored service state behind the compliance numbers, as the nightly job computes it.
  await suite.app.runtime.services.serviceWork.jobs.recompute('test', suite.app.runtime.services.clock.today());
});

describe('console lists', () => {
  it('compliance people: sorted on the server by registration date, exported as filtered, the export audited', async () => {
    const p = await suite.openAs(DEMO_ACCOUNTS.supervisorCity.username);
    await p.goto('/compliance');
    await p.getByTestId(`rate-obligations-${COUNTY}`).click();
    const people = p.getByTestId('compliance-people');
    await people.locator('.ant-table-row').first().waitFor();
    const sorted = p.waitForResponse((r) => r.url().includes('/api/v1/compliance/people?') && r.url().includes('sort=registeredOn'));
    await people.getByRole('columnheader', { name: '登记日期' }).click();
    expect((await sorted).status()).toBe(200);
    await expect.poll(() => new URL(p.url()).searchParams.get('sort'), POLL).toBe('registeredOn');
    const download = p.waitForEvent('download');
    await p.getByTestId('list-export').click();
    expect((await download).suggestedFilename()).toBe('compliance-people-export.xlsx');
    const audit = await suite.app.runtime.handle.query<{ detail: { filter: Record<string, unknown> } }>(
      sql`SELECT detail FROM audit_log WHERE action = 'compliance-people.export' AND username = 'supervisor.city' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit[0]?.detail.filter).toMatchObject({ measure: 'obligations', status: 'failing', sort: 'registeredOn' });
  });

  it('a new post is registered through the drawer and opens on its page', async () => {
    const p = await suite.openAs(DEMO_ACCOUNTS.operatorCounty.username);
    await p.goto('/posts');
    await p.getByTestId('new-post').click();
    await p.getByTestId('post-title').fill('保洁员（列表测试）');
    await p.getByTestId('post-employer').fill('某社区居委会');
    await p.getByTestId('post-type').fill('保洁');
    await p.getByTestId('post-location').fill('某社区');
    await p.getByTestId('post-funding').fill('就业补助资金');
    await p.getByTestId('post-submit').click();
    await expect.poll(() => new URL(p.url()).pathname, POLL).toMatch(/^\/posts\/[0-9a-f-]{36}$/);
  });
});
