/**
 * Issue 11 (trust), property over the whole API: for every operation in the OpenAPI document the app generates,
 * a string field carrying a NUL, a lone surrogate or far too much text is refused with a 4xx naming the field —
 * never a 5xx — nothing is written, and every refusal is in the audit trail. Each operation is called as a user
 * who holds its permission (the first demo account that is not refused with 403), so the check is really reached.
 */
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from './support/test-app.ts';

let t: TestApp;
let sessions: Session[];

beforeAll(async () => {
  t = await createTestApp({ persons: 40 });
  sessions = [];
  for (const u of ['admin', 'operator.city', 'supervisor.province', 'caseworker', 'partner.city', 'citizen']) sessions.push(await t.login(u));
});
afterAll(async () => t?.close());

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
}
interface Operation {
  parameters?: { in: string; name: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

const isString = (s: JsonSchema | undefined): boolean =>
  s !== undefined && (s.type === 'string' || (Array.isArray(s.type) && s.type.includes('string')) || (s.anyOf ?? []).some(isString));

const BAD = {
  nul: 'a\u0000b',
  surrogate: 'a\ud800b',
  long: 'x'.repeat(20_000),
  huge: 'y'.repeat(1024 * 1024),
} as const;
type Bad = keyof typeof BAD;

async function rowCounts(): Promise<Record<string, number>> {
  const tables = await t.runtime.handle.query<{ name: string }>(
    sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('audit_log', 'sessions') ORDER BY 1`,
  );
  const out: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await t.runtime.handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.identifier(name)}`);
    out[name] = row?.n ?? 0;
  }
  return out;
}

const auditTotal = async (where = sql`TRUE`) =>
  (await t.runtime.handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE ${where}`))[0]?.n ?? 0;

describe('every route refuses text the database cannot store', () => {
  it('NUL, lone surrogates and over-long text in any string field: 4xx naming the field, nothing written, audited', { timeout: 300_000 }, async () => {
    const doc = t.app.swagger() as unknown as { paths: Record<string, Record<string, Operation>> };
    const before = await rowCounts();
    const auditBefore = await auditTotal();
    const refusedBefore = await auditTotal(sql`action = 'input.refused'`);
    let requests = 0;
    let textRefusals = 0;
    const failures: string[] = [];
    let operations = 0;

    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        operations++;
        const upper = method.toUpperCase();
        const params = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        const queryField = (op.parameters ?? []).find((p) => p.in === 'query' && isString(p.schema))?.name ?? 'q';
        const bodySchema = op.requestBody?.content?.['application/json']?.schema;
        const bodyField = Object.entries(bodySchema?.properties ?? {}).find(([, s]) => isString(s))?.[0] ?? 'note';
        const usesBody = upper !== 'GET' && upper !== 'DELETE';
        const url = (paramValue: (name: string) => string) => path.replace(/\{(\w+)\}/g, (_, name: string) => paramValue(name));
        const plainUrl = url(() => '00000000-0000-4000-8000-000000000000');

        const cases: { label: string; field: string; url: string; payload?: string; expect: readonly string[] }[] = [];
        for (const bad of (usesBody ? ['nul', 'surrogate', 'long', 'huge'] : ['nul', 'long', 'huge']) as Bad[]) {
          if (usesBody) {
            cases.push({
              label: bad,
              field: `body.${bodyField}`,
              url: plainUrl,
              payload: JSON.stringify({ [bodyField]: BAD[bad] }),
              // 1 MiB of text is over the 1 MiB body limit of JSON routes (413); upload routes take bigger bodies.
              expect: bad === 'huge' ? ['TEXT_REFUSED', 'BODY_TOO_LARGE'] : ['TEXT_REFUSED'],
            });
          } else {
            cases.push({ label: bad, field: `query.${queryField}`, url: `${plainUrl}?${queryField}=${encodeURIComponent(BAD[bad])}`, expect: ['TEXT_REFUSED'] });
          }
        }
        const first = params[0];
        if (first) {
          cases.push({
            label: 'nul-param',
            field: `params.${first}`,
            url: url((name) => (name === first ? 'a%00b' : '00000000-0000-4000-8000-000000000000')),
            ...(usesBody ? { payload: '{}' } : {}),
            expect: ['TEXT_REFUSED'],
          });
        }

        let chosen: Session | undefined;
        for (const c of cases) {
          const send = (s: Session): Promise<LightMyRequestResponse> => {
            requests++;
            return t.app.inject({
              method: upper as 'GET',
              url: c.url,
              headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(c.payload !== undefined ? { 'content-type': 'application/json' } : {}) },
              ...(c.payload !== undefined ? { payload: c.payload } : {}),
            });
          };
          let res: LightMyRequestResponse | undefined;
          for (const s of chosen ? [chosen] : sessions) {
            res = await send(s);
            if (res.statusCode !== 403) {
              chosen = s;
              break;
            }
          }
          if (!res) continue;
          const error = String(res.headers['content-type'] ?? '').includes('json') ? (res.json<{ error?: { code?: string; field?: string } }>().error ?? {}) : {};
          const where = `${upper} ${path} [${c.label}]`;
          if (res.statusCode >= 500 || res.statusCode < 400) failures.push(`${where}: ${res.statusCode} ${res.body.slice(0, 200)}`);
          else if (!c.expect.includes(error.code ?? '')) failures.push(`${where}: ${res.statusCode} ${error.code ?? ''} (expected ${c.expect.join('/')})`);
          else if (error.code === 'TEXT_REFUSED') {
            textRefusals++;
            if (error.field !== c.field) failures.push(`${where}: field ${error.field ?? ''}, expected ${c.field}`);
          }
        }
      }
    }

    expect(operations).toBeGreaterThan(100);
    expect(failures).toEqual([]);
    // Nothing written anywhere (audit entries and sessions aside).
    expect(await rowCounts()).toEqual(before);
    // Every request made is in the audit trail (refusals of permission, of text, of size), each text refusal
    // as `input.refused`.
    expect(await auditTotal(sql`action = 'input.refused'`)).toBe(refusedBefore + textRefusals);
    expect(await auditTotal()).toBe(auditBefore + requests);
  });
});
