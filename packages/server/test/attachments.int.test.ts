/**
 * Attachments: encrypted at rest, told by content, scoped by their person, audited on download, cited by records.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type Session, type TestApp } from './support/test-app.ts';
import { multipart } from './support/multipart.ts';
import { DOCX_BYTES, XLSX_BYTES, zip } from './support/zip.ts';

let t: TestApp;
let cw: Session;
let personId: string;
let otherCommunityPerson: string;

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(3000), Buffer.from('\n%%EOF\n')]);

async function upload(s: Session, person: string, file: { name: string; data: Buffer; type?: string }) {
  const m = multipart({}, file);
  return t.app.inject({ method: 'POST', url: `/api/v1/persons/${person}/attachments`, payload: m.payload, headers: { ...m.headers, cookie: s.cookie, 'x-csrf-token': s.csrf } });
}

beforeAll(async () => {
  t = await createTestApp({ persons: 120 });
  cw = await t.login('caseworker');
  const [mine] = await t.runtime.handle.query<{ id: string }>(sql`SELECT id FROM persons WHERE jurisdiction_code = '150102001001' AND hidden_at IS NULL ORDER BY id LIMIT 1`);
  const [other] = await t.runtime.handle.query<{ id: string }>(sql`SELECT id FROM persons WHERE jurisdiction_code <> '150102001001' AND hidden_at IS NULL ORDER BY id LIMIT 1`);
  if (!mine || !other) throw new Error('demo persons missing');
  personId = mine.id;
  otherCommunityPerson = other.id;
});
afterAll(async () => t?.close());

describe('attachments', () => {
  it('stores a PDF encrypted, lists it, and serves it back byte for byte as an audited download', async () => {
    const res = await upload(cw, personId, { name: '签字确认表.pdf', data: PDF, type: 'application/pdf' });
    expect(res.statusCode).toBe(201);
    const { attachment } = res.json();
    expect(attachment).toMatchObject({ personId, name: '签字确认表.pdf', mediaType: 'application/pdf', size: PDF.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // At rest: not the plaintext.
    const [stored] = await t.runtime.handle.query<{ enc: string }>(sql`SELECT encode(content_enc, 'hex') AS enc FROM attachments WHERE id = ${attachment.id}`);
    expect(stored?.enc).toBeDefined();
    expect(stored!.enc.includes(PDF.subarray(0, 32).toString('hex'))).toBe(false);

    const list = (await cw.get(`/api/v1/persons/${personId}/attachments`)).json();
    expect(list.items.map((a: { id: string }) => a.id)).toContain(attachment.id);

    const download = await cw.get(`/api/v1/attachments/${attachment.id}/content`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PDF)).toBe(true);
    expect(download.headers['content-type']).toContain('application/pdf');
    expect(download.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('签字确认表.pdf')}`);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    const audit = await t.runtime.handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'attachment.view' AND resource_id = ${attachment.id} AND outcome = 'ok'`);
    expect(audit[0]?.n).toBe(1);
    // Evidence is never changed or deleted, not even by SQL.
    // (node-postgres errors come wrapped by drizzle: the database's message is the cause.)
    const refusal = (p: Promise<unknown>) => p.then(() => '', (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ''}`);
    expect(await refusal(t.runtime.handle.query(sql`UPDATE attachments SET name = 'x' WHERE id = ${attachment.id}`))).toMatch(/append-only/);
    expect(await refusal(t.runtime.handle.query(sql`DELETE FROM attachments WHERE id = ${attachment.id}`))).toMatch(/append-only/);
  });

  it('keeps one copy of the same content for the same person (200 with the stored one)', async () => {
    const data = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(500)]);
    const first = await upload(cw, personId, { name: 'visit.png', data });
    const again = await upload(cw, personId, { name: 'visit-copy.png', data });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ existing: true, attachment: { id: first.json().attachment.id, name: 'visit.png', mediaType: 'image/png' } });
  });

  it('refuses what is not an accepted file, whatever its name, and empty files, in the user’s language; nothing stored', async () => {
    const before = await t.runtime.handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM attachments`);
    const html = await upload(cw, personId, { name: 'scan.pdf', data: Buffer.from('<html><script>alert(1)</script></html>'), type: 'application/pdf' });
    expect(html.statusCode).toBe(415);
    expect(html.json().error).toMatchObject({ code: 'ATTACHMENT_TYPE_UNSUPPORTED', field: 'file' });
    expect(html.json().error.message).toMatch(/scan\.pdf/);
    const zip = await upload(cw, personId, { name: 'files.zip', data: Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) });
    expect(zip.statusCode).toBe(415);
    const m = multipart({}, { name: 'empty.pdf', data: Buffer.alloc(0) });
    const empty = await t.app.inject({ method: 'POST', url: `/api/v1/persons/${personId}/attachments`, payload: m.payload, headers: { ...m.headers, cookie: cw.cookie, 'x-csrf-token': cw.csrf, 'accept-language': 'en' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toMatchObject({ code: 'ATTACHMENT_EMPTY', field: 'file' });
    expect(empty.json().error.message).toMatch(/empty/);
    const big = await upload(cw, personId, { name: 'huge.pdf', data: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024 + 10)]) });
    expect(big.statusCode).toBe(413);
    const after = await t.runtime.handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM attachments`);
    expect(after[0]?.n).toBe(before[0]?.n);
  });

  it('is scoped by its person: another community’s caseworker neither uploads, lists nor downloads (404, audited)', async () => {
    const own = (await upload(cw, personId, { name: 'c.jpg', data: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(64)]) })).json().attachment;
    const other = await t.login('caseworker.village2');
    expect((await upload(other, personId, { name: 'x.pdf', data: PDF })).statusCode).toBe(404);
    expect((await other.get(`/api/v1/persons/${personId}/attachments`)).statusCode).toBe(404);
    const refused = await other.get(`/api/v1/attachments/${own.id}/content`);
    expect(refused.statusCode).toBe(404);
    expect(refused.body).not.toContain('%PDF');
    const denied = await t.runtime.handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'attachment.view' AND outcome <> 'ok'`);
    expect(denied[0]?.n).toBeGreaterThanOrEqual(1);
    // And a file of someone outside the caseworker's community cannot be attached to by them either.
    expect((await upload(cw, otherCommunityPerson, { name: 'y.pdf', data: PDF })).statusCode).toBe(404);
  });

  it('a citizen cannot upload to staff records (permission)', async () => {
    const citizen = await t.login('citizen');
    expect((await upload(citizen, citizen.user.personId ?? personId, { name: 'x.pdf', data: PDF })).statusCode).toBe(403);
  });

  it('a service record cites its person’s files by id; another person’s file is refused naming the field; a correction keeps them', async () => {
    const [reg] = await t.runtime.handle.query<{ person_id: string }>(
      sql`SELECT r.person_id FROM registrations r JOIN persons p ON p.id = r.person_id WHERE r.state = 'active' AND p.jurisdiction_code LIKE '150102%' ORDER BY r.person_id LIMIT 1`,
    );
    if (!reg) throw new Error('no active registrant in the demo county');
    const op = await t.login('operator.county'); // 新城区: the registrant and another person of the county
    const form = (await upload(op, reg.person_id, { name: '职业指导记录.pdf', data: Buffer.concat([PDF, Buffer.from('guidance')]) })).json().attachment;
    const elsewhere = (await upload(op, personId === reg.person_id ? otherCommunityPerson : personId, { name: 'other.pdf', data: Buffer.concat([PDF, Buffer.from('other')]) })).json().attachment;
    const today = t.runtime.services.clock.today();
    const body = { type: 'career_guidance', channel: 'in_person', servedOn: today, content: '职业指导', attachmentIds: [form.id] };

    expect(elsewhere?.id).toBeDefined();
    const refused = await op.post(`/api/v1/persons/${reg.person_id}/services`, { ...body, attachmentIds: [elsewhere.id] });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'ATTACHMENT_NOT_OF_PERSON', field: 'body.attachmentIds[0]' });
    const recorded = await op.post(`/api/v1/persons/${reg.person_id}/services`, body);
    expect(recorded.statusCode).toBe(201);
    const record = recorded.json().record;
    expect(record.attachments).toEqual([{ id: form.id, name: '职业指导记录.pdf', mediaType: 'application/pdf', size: form.size, sha256: form.sha256 }]);

    const corrected = await op.post(`/api/v1/persons/${reg.person_id}/services/${record.id}/corrections`, { reason: '补充内容', content: '职业指导（补充）' });
    expect(corrected.statusCode).toBe(201);
    expect(corrected.json().record.attachments.map((a: { id: string }) => a.id)).toEqual([form.id]);
    // A bulk record (one service for many people) cannot cite a person's file.
    const bulk = await op.post('/api/v1/services/bulk', { type: 'recruitment_event', channel: 'in_person', servedOn: today, personIds: [reg.person_id], attachmentIds: [form.id] });
    expect(bulk.statusCode).toBe(400);
  });

  describe('issue 11 (trust): names agree with contents, office files are checked inside, stray form fields refused', () => {
    const post = (m: { payload: Buffer; headers: Record<string, string> }) =>
      t.app.inject({ method: 'POST', url: `/api/v1/persons/${personId}/attachments`, payload: m.payload, headers: { ...m.headers, cookie: cw.cookie, 'x-csrf-token': cw.csrf, 'accept-language': 'en' } });

    it('an extra form field is a 400 naming it, not a 500; nothing stored', async () => {
      const before = await t.runtime.handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM attachments`);
      const extra = await post(multipart({ comment: 'hello' }, { name: 'f.pdf', data: Buffer.concat([PDF, Buffer.from('extra')]) }));
      expect(extra.statusCode).toBe(400);
      expect(extra.json().error).toMatchObject({ code: 'MULTIPART_FIELD_UNEXPECTED', field: 'body.comment' });
      expect(extra.json().error.message).toContain('comment');
      const wrongName = await post(renamePart(multipart({}, { name: 'f.pdf', data: PDF }), 'upload'));
      expect(wrongName.statusCode).toBe(400);
      expect(wrongName.json().error).toMatchObject({ code: 'MULTIPART_FIELD_UNEXPECTED', field: 'body.upload' });
      const after = await t.runtime.handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM attachments`);
      expect(after[0]?.n).toBe(before[0]?.n);
    });

    it('stores the name with the extension of the detected type (PDF bytes named .html are kept as .pdf)', async () => {
      const html = await upload(cw, personId, { name: '扫描件.html', data: Buffer.concat([PDF, Buffer.from('as-html')]) });
      expect(html.statusCode).toBe(201);
      expect(html.json().attachment).toMatchObject({ name: '扫描件.pdf', mediaType: 'application/pdf' });
      const bare = await upload(cw, personId, { name: 'photo', data: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(40)]) });
      expect(bare.json().attachment).toMatchObject({ name: 'photo.jpg', mediaType: 'image/jpeg' });
      const jpeg = await upload(cw, personId, { name: 'photo.JPEG', data: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(40)]) });
      expect(jpeg.json().attachment.name).toBe('photo.JPEG');
    });

    it('refuses bidi and control characters in names, naming file.filename', async () => {
      for (const name of ['invoice\u202efdp.exe', 'a\u2066b.pdf', 'a\tb.pdf']) {
        const res = await upload(cw, personId, { name, data: Buffer.concat([PDF, Buffer.from(name)]) });
        expect(res.statusCode).toBe(400);
        expect(res.json().error).toMatchObject({ code: 'ATTACHMENT_NAME_INVALID', field: 'file.filename' });
      }
    });

    it('a .docx/.xlsx must be an office package naming its main part; a plain zip is refused whatever its name', async () => {
      const plain = await upload(cw, personId, { name: '协议.docx', data: zip({ 'readme.txt': 'not a document' }) });
      expect(plain.statusCode).toBe(415);
      expect(plain.json().error.code).toBe('ATTACHMENT_TYPE_UNSUPPORTED');
      const typesOnly = await upload(cw, personId, { name: '名单.xlsx', data: zip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' }) });
      expect(typesOnly.statusCode).toBe(415);
      const docx = await upload(cw, personId, { name: '协议.docx', data: DOCX_BYTES });
      expect(docx.statusCode).toBe(201);
      expect(docx.json().attachment.mediaType).toMatch(/wordprocessingml/);
      const xlsx = await upload(cw, personId, { name: '名单.docx', data: XLSX_BYTES });
      expect(xlsx.statusCode).toBe(201);
      expect(xlsx.json().attachment).toMatchObject({ name: '名单.xlsx', mediaType: expect.stringMatching(/spreadsheetml/) });
    });
  });
});

/** The same multipart body with the file part under another form-field name. */
function renamePart(m: { payload: Buffer; headers: Record<string, string> }, field: string): { payload: Buffer; headers: Record<string, string> } {
  return { payload: Buffer.from(m.payload.toString('latin1').replace('name="file"', `name="${field}"`), 'latin1'), headers: m.headers };
}
