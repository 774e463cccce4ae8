/**
 * Messages (issue 15) against the fake SMS gateway on loopback: retries with back-off, quiet hours, frequency cap,
 * opt-out, receipts (duplicates, bad signature, unknown), crash idempotency, templates with preview, letters, the
 * staff digest. Runs on PGlite and PostgreSQL; every time comes from the application clock.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type Session, type TestApp } from './support/test-app.ts';
import { FakeSmsGateway, type SignedReceipt } from './support/fake-sms-gateway.ts';
import { HttpSmsGateway } from '../src/modules/notifications/sms-gateway.ts';
import type { NewNotification } from '../src/modules/notifications/notifications.repository.ts';

const ACCESS_SECRET = 'test-access-secret';
const RECEIPT_SECRET = 'test-receipt-secret';
/** 10:00 in China. */
const MORNING = '2026-03-02T02:00:00Z';

let t: TestApp;
let op: Session;
let fake: FakeSmsGateway;
const receipts: SignedReceipt[] = [];
let phones: { id: string; jurisdiction_code: string }[] = [];
let next = 0;

const services = () => t.runtime.services;
const worker = () => services().messages.worker;

function message(personId: string, extra: Partial<NewNotification> = {}): NewNotification {
  return {
    personId,
    channel: 'sms',
    templateId: 'registration.created',
    subject: 'test',
    payload: { name: '测试', kind: 'unemployment', kindZh: '失业登记', registrationNo: `R-${personId.slice(0, 8)}`, on: '2026-03-02', firstContactDeadline: '2026-03-09', officeName: '中心', officePhone: '0471-1' },
    ...extra,
  };
}

/** A person with a phone not used by an earlier test. */
function freshPerson() {
  const p = phones[next++];
  if (!p) throw new Error('not enough demo persons with a phone');
  return p;
}

async function state(personId: string) {
  return t.runtime.handle.query<{ id: string; state: string; attempts: number; last_error: string | null; held_reason: string | null; provider_message_id: string | null; next_attempt_at: Date; rendered_text: string | null }>(
    sql`SELECT id::text, state, attempts, last_error, held_reason, provider_message_id, next_attempt_at, rendered_text FROM notifications WHERE person_id = ${personId} ORDER BY created_at, id`,
  );
}

async function postReceipt(r: SignedReceipt, signature = r.signature) {
  return t.app.inject({ method: 'POST', url: '/api/v1/messages/receipts', headers: { 'content-type': 'application/json', 'x-sms-timestamp': r.timestamp, 'x-sms-signature': signature }, payload: r.body });
}

beforeAll(async () => {
  t = await createTestApp({ persons: 200, today: '2026-03-02', config: { sms: { mode: 'sink', gatewayUrl: undefined, accessKeyId: 'test', accessKeySecret: ACCESS_SECRET, signName: '就业服务', ratePerSecond: 1000, receiptSecret: RECEIPT_SECRET } } });
  op = await t.login('operator.county');
  fake = new FakeSmsGateway({ accessKeySecret: ACCESS_SECRET, receiptSecret: RECEIPT_SECRET, onReceipt: (r) => void receipts.push(r) });
  await fake.start();
  phones = await t.runtime.handle.query<{ id: string; jurisdiction_code: string }>(
    sql`SELECT id::text, jurisdiction_code FROM persons WHERE phone_enc IS NOT NULL AND address IS NOT NULL AND jurisdiction_code LIKE '150102%' ORDER BY id LIMIT 60`,
  );
  // Messages the demo left in the outbox are not this file's: out of the way.
  await t.runtime.handle.query(sql`UPDATE notifications SET state = 'failed' WHERE state = 'pending'`);
}, 240_000);

afterAll(async () => {
  await fake?.stop();
  await t?.close();
});

beforeEach(() => {
  services().clock.set(MORNING);
  worker().useGateway(new HttpSmsGateway({ url: fake.url, accessKeyId: 'test', accessKeySecret: ACCESS_SECRET, ratePerSecond: 1000 }));
});

describe('delivery through the gateway', () => {
  it('retries with back-off, then sends once; the receipt marks it delivered, a duplicate receipt changes nothing', async () => {
    const p = freshPerson();
    await services().messages.enqueue([message(p.id)]);
    fake.failNext(2, 'isp.SYSTEM_ERROR');
    expect((await worker().runOnce()).retried).toBe(1);
    let [row] = await state(p.id);
    expect(row).toMatchObject({ state: 'pending', attempts: 1, last_error: 'isp.SYSTEM_ERROR: fake failure isp.SYSTEM_ERROR' });
    expect(new Date(row!.next_attempt_at).toISOString()).toBe('2026-03-02T02:01:00.000Z'); // 1 minute
    services().clock.set('2026-03-02T02:00:30Z');
    expect((await worker().runOnce()).claimed).toBe(0); // not due yet
    services().clock.set('2026-03-02T02:01:00Z');
    await worker().runOnce();
    [row] = await state(p.id);
    expect(new Date(row!.next_attempt_at).toISOString()).toBe('2026-03-02T02:05:00.000Z'); // then 4 minutes
    services().clock.set('2026-03-02T02:05:00Z');
    receipts.length = 0;
    expect((await worker().runOnce()).sent).toBe(1);
    [row] = await state(p.id);
    expect(row).toMatchObject({ state: 'sent', attempts: 3, last_error: null });
    const sent = [...fake.sent.values()].find((m) => m.bizId === row!.provider_message_id)!;
    expect(sent).toMatchObject({ templateCode: 'SMS_BANGFU_REGISTERED', signName: '就业服务', submissions: 1 });
    expect(sent.params.registrationNo).toBe(`R-${p.id.slice(0, 8)}`);

    fake.receiptCopies = 1;
    const receipt = receipts[0]!;
    const first = await postReceipt(receipt);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ code: 0, accepted: 1, duplicates: 0, unknown: 0 });
    expect((await state(p.id))[0]!.state).toBe('delivered');
    const again = await postReceipt(receipt);
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await state(p.id))[0]!.state).toBe('delivered');
  });

  it('refuses a receipt with a bad signature and counts one for an unknown message', async () => {
    const r = fake.signReceipt([{ biz_id: 'biz-unknown', success: true }]);
    const bad = await postReceipt(r, 'f'.repeat(64));
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error).toMatchObject({ code: 'MESSAGE_RECEIPT_SIGNATURE_INVALID', field: 'headers.x-sms-signature' });
    const forged = fake.signReceipt([{ biz_id: 'biz-unknown', success: true }], 'another-secret');
    expect((await postReceipt(forged)).statusCode).toBe(401);
    const unknown = await postReceipt(r);
    expect(unknown.json()).toMatchObject({ accepted: 0, unknown: 1 });
    const [audit] = await t.runtime.handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'messages.receipt' AND outcome = 'denied'`);
    expect(audit!.n).toBeGreaterThanOrEqual(2);
  });

  it('fails at once on a permanent refusal, shows the gateway’s reason in the outbox, and resends on request', async () => {
    const p = freshPerson();
    await services().messages.enqueue([message(p.id)]);
    fake.failNext(1, 'isv.MOBILE_NUMBER_ILLEGAL');
    expect((await worker().runOnce()).failed).toBe(1);
    const page = (await op.get('/api/v1/messages?state=failed&channel=sms&limit=500')).json<{ items: { personId: string; id: string; lastError: string; phoneMasked: string | null }[] }>();
    const failed = page.items.find((i) => i.personId === p.id)!;
    expect(failed.lastError).toContain('isv.MOBILE_NUMBER_ILLEGAL');
    const resent = await op.post(`/api/v1/messages/${p.id}/${failed.id}/resend`);
    expect(resent.statusCode).toBe(200);
    expect(resent.json().item).toMatchObject({ state: 'pending', attempts: 0 });
    expect((await op.post(`/api/v1/messages/${p.id}/${failed.id}/resend`)).json().error.code).toBe('MESSAGE_NOT_RESENDABLE');
    expect((await worker().runOnce()).sent).toBe(1);
    const cw = await t.login('caseworker');
    expect((await cw.get('/api/v1/messages')).statusCode).toBe(403);
  });

  it('fails after the last attempt', async () => {
    const p = freshPerson();
    await services().messages.enqueue([message(p.id)]);
    fake.failNext(5, 'isp.SYSTEM_ERROR', 503);
    for (let i = 0; i < 6; i++) {
      services().clock.set(new Date(Date.parse(MORNING) + i * 2 * 3600_000));
      await worker().runOnce();
    }
    expect((await state(p.id))[0]).toMatchObject({ state: 'failed', attempts: 5, last_error: 'HTTP_503: gateway answered 503' });
  });
});

describe('when and how often', () => {
  it('holds SMS in quiet hours until 08:00 China time, unless urgent', async () => {
    const p = freshPerson();
    services().clock.set('2026-03-02T14:30:00Z'); // 22:30 in China
    await services().messages.enqueue([message(p.id), message(p.id, { urgent: true, dedupeKey: 'urgent-1' })]);
    const c = await worker().runOnce();
    expect(c).toMatchObject({ deferred: 1, sent: 1 });
    const rows = await state(p.id);
    const waiting = rows.find((r) => r.state === 'pending')!;
    expect(waiting).toMatchObject({ held_reason: 'quiet_hours', attempts: 0 });
    expect(new Date(waiting.next_attempt_at).toISOString()).toBe('2026-03-03T00:00:00.000Z');
    services().clock.set('2026-03-03T00:00:00Z');
    expect((await worker().runOnce()).sent).toBe(1);
  });

  it('caps SMS per person and day; the rest wait for the next day', async () => {
    const p = freshPerson();
    await services().messages.enqueue([1, 2, 3, 4, 5].map((i) => message(p.id, { dedupeKey: `cap-${i}` })));
    const c = await worker().runOnce();
    expect(c).toMatchObject({ sent: 3, deferred: 2 });
    const waiting = (await state(p.id)).filter((r) => r.state === 'pending');
    expect(waiting.map((r) => r.held_reason)).toEqual(['frequency_cap', 'frequency_cap']);
    services().clock.set('2026-03-02T08:00:00Z'); // later the same day: still capped
    expect((await worker().runOnce()).sent).toBe(0);
    services().clock.set('2026-03-03T00:00:00Z');
    expect((await worker().runOnce()).sent).toBe(2);
  });

  it('writes a message with a known key once', async () => {
    const p = freshPerson();
    const first = await services().messages.enqueue([message(p.id, { dedupeKey: 'push:policy-1' })]);
    const second = await services().messages.enqueue([message(p.id, { dedupeKey: 'push:policy-1' })]);
    expect([first.length, second.length]).toEqual([1, 0]);
  });

  it('honours 退订: the message is held with the reason, nothing is sent', async () => {
    const p = freshPerson();
    const cw = await t.login('operator.county');
    const r = await cw.post(`/api/v1/persons/${p.id}/messages/opt-outs`, { channel: 'sms', optOut: true });
    expect(r.json()).toEqual({ channels: ['sms'] });
    await services().messages.enqueue([message(p.id)]);
    expect((await worker().runOnce()).held).toBe(1);
    const [row] = await state(p.id);
    expect(row).toMatchObject({ state: 'held', held_reason: 'opted_out', provider_message_id: null });
    expect(fake.sent.has(row!.id)).toBe(false);
  });
});

describe('crash idempotency', () => {
  it('a claimed-but-unfinished send is taken over after the lease and never sent twice', async () => {
    const a = freshPerson();
    const b = freshPerson();
    await services().messages.enqueue([message(a.id), message(b.id)]);
    // A worker claims both, hands A to the gateway, and dies before recording anything.
    const repo = services().notifications.repo;
    const now = services().clock.now();
    const claimed = await repo.claim(['sms'], now, new Date(now.getTime() + 60_000), 10);
    expect(claimed.map((c) => c.personId).sort()).toEqual([a.id, b.id].sort());
    const rowA = claimed.find((c) => c.personId === a.id)!;
    const gateway = worker().smsGatewayNow();
    await gateway!.send({ phone: '13800000000', signName: '就业服务', templateCode: 'SMS_BANGFU_REGISTERED', params: {}, outId: rowA.id });
    const calls = fake.calls;
    // Within the lease nobody takes them.
    expect((await worker().runOnce()).claimed).toBe(0);
    services().clock.set(new Date(now.getTime() + 61_000));
    const c = await worker().runOnce();
    expect(c).toMatchObject({ claimed: 2, sent: 2, recovered: 1 });
    expect(fake.calls).toBe(calls + 1); // only B was sent
    const sa = (await state(a.id))[0]!;
    expect(sa.state).toBe('sent');
    expect(fake.sent.get(rowA.id)).toMatchObject({ bizId: sa.provider_message_id, submissions: 1 });
    // A late finish by the dead worker records nothing (its lease is gone).
    expect(await repo.finish([{ personId: a.id, id: rowA.id, state: 'failed', lastError: 'late' }], new Date(now.getTime() + 60_000), now)).toBe(0);
    expect((await state(a.id))[0]!.state).toBe('sent');
  });

  it('two workers at once never claim the same message', async () => {
    const ids = Array.from({ length: 8 }, () => freshPerson().id);
    await services().messages.enqueue(ids.map((id) => message(id)));
    const calls = fake.calls;
    const [x, y] = await Promise.all([worker().runOnce(), worker().runOnce()]);
    expect(x.claimed + y.claimed).toBe(8);
    expect(fake.calls - calls).toBe(8);
  });
});

describe('templates, letters, in-app, digests', () => {
  it('edits a jurisdiction’s wording with preview; an unknown variable is refused', async () => {
    const bad = await op.post('/api/v1/messages/templates/registration.created/preview', { textZh: '{name}，您好 {nmae}' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toMatchObject({ code: 'MESSAGE_TEMPLATE_VARIABLE_UNKNOWN', field: 'body.textZh' });
    const preview = await op.post('/api/v1/messages/templates/registration.created/preview', { textZh: '{name}：登记 {registrationNo} 已办理。' });
    expect(preview.json().text).toBe('【name】：登记 【registrationNo】 已办理。');
    expect((await op.post('/api/v1/messages/templates/registration.created', { jurisdictionCode: '150102000000', textZh: '{name}：{nope}' })).statusCode).toBe(422);
    const saved = await op.post('/api/v1/messages/templates/registration.created', { jurisdictionCode: '150102000000', textZh: '新城区：{name}，登记 {registrationNo} 已办理。', smsTemplateCode: 'SMS_XC_1' });
    expect(saved.statusCode).toBe(200);
    expect((await op.post('/api/v1/messages/templates/registration.created', { jurisdictionCode: '411002000000', textZh: '{name}' })).statusCode).toBe(403);
    const p = freshPerson();
    await services().messages.enqueue([message(p.id)]);
    await worker().runOnce();
    const row = (await state(p.id))[0]!;
    expect(row.rendered_text).toBe(`新城区：测试，登记 R-${p.id.slice(0, 8)} 已办理。`);
    expect(fake.sent.get(row.id)?.templateCode).toBe('SMS_XC_1');
  });

  it('prints letters in a batch (one per page), holds one without an address, and confirms printed and posted', async () => {
    const p = freshPerson();
    const q = freshPerson();
    await t.runtime.handle.query(sql`UPDATE persons SET address = NULL WHERE id = ${q.id}`);
    await services().messages.enqueue([message(p.id, { channel: 'letter' }), message(q.id, { channel: 'letter' })]);
    expect(await worker().runOnce()).toMatchObject({ letters: 1, held: 1 });
    expect((await state(q.id))[0]).toMatchObject({ state: 'held', held_reason: 'no_address' });
    const created = (await op.post('/api/v1/messages/letters/batches', {})).json<{ batch: { id: string; letters: number } }>().batch;
    expect(created.letters).toBe(1);
    const pdf = await op.get(`/api/v1/messages/letters/batches/${created.id}/letters.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
    expect((await op.post(`/api/v1/messages/letters/batches/${created.id}/posted`)).statusCode).toBe(409);
    expect((await op.post(`/api/v1/messages/letters/batches/${created.id}/printed`)).json().batch.state).toBe('printed');
    expect((await state(p.id))[0]!.state).toBe('sent');
    expect((await op.post(`/api/v1/messages/letters/batches/${created.id}/posted`)).json().batch.state).toBe('posted');
    expect((await state(p.id))[0]!.state).toBe('delivered');
    expect((await op.post('/api/v1/messages/letters/batches', {})).json().batch).toBeNull();
  });

  it('records SMS in the sink when no gateway is configured (development, demo)', async () => {
    worker().useGateway(services().messages.defaultGateway());
    const p = freshPerson();
    await services().messages.enqueue([message(p.id)]);
    expect((await worker().runOnce()).delivered).toBe(1);
    const sink = (await op.get('/api/v1/messages?provider=sink&limit=500')).json<{ items: { personId: string; text: string; state: string }[] }>();
    expect(sink.items.find((i) => i.personId === p.id)).toMatchObject({ state: 'delivered', text: expect.stringContaining(`R-${p.id.slice(0, 8)}`) });
  });

  it('folds staff reminders into one daily digest per caseworker, once', async () => {
    const cw = await t.login('caseworker');
    const ps = [freshPerson(), freshPerson(), freshPerson()];
    await services().messages.enqueue(
      ps.map((p, i) => ({
        personId: p.id,
        channel: 'sms' as const,
        templateId: 'worklist.item_due' as const,
        subject: `reminder:${i}`,
        recipientUserId: cw.user.id,
        payload: { staffName: '专员', personName: `人员${i}`, jurisdictionCode: p.jurisdiction_code, kind: 'follow_up', dueOn: '2026-03-05', textZh: '定期跟踪回访', textEn: 'follow-up' },
      })),
    );
    const calls = fake.calls;
    services().clock.set('2026-03-02T23:00:00Z'); // 07:00: not yet
    expect(await worker().digestIfDue()).toBe(0);
    services().clock.set('2026-03-03T00:30:00Z'); // 08:30
    expect(await worker().digestIfDue()).toBe(1);
    expect(await worker().digestNow()).toBe(0);
    await worker().runOnce();
    expect(fake.calls).toBe(calls); // no SMS per item
    const inbox = (await cw.get('/api/v1/messages/inbox')).json<{ items: { text: string }[] }>().items;
    expect(inbox[0]!.text).toMatch(/有 3 项服务事项到期：人员0：定期跟踪回访；人员1/);
    const counts = (await op.get('/api/v1/messages/counts?days=30')).json<{ items: { channel: string; state: string; n: number }[]; smsMode: string }>();
    expect(counts.items.some((c) => c.state === 'digested' && c.n >= 3)).toBe(true);
  });
});
