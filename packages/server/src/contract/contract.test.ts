// The contract pipeline: the committed OpenAPI document is what the server's schemas produce (no database), and
// `npm run contract:check` fails when a committed file no longer matches — shown on deliberately changed copies.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { contractOnlyServices, openApiText, sortKeys } from './openapi.ts';

const root = resolve(import.meta.dirname, '../../../..');
const committedDir = join(root, 'packages/web/src/api');
const tmp = mkdtempSync(join(tmpdir(), 'bangfu-contract-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of the committed files, optionally changed by `tamper`, checked by the CI script. */
function checkCopy(name: string, tamper?: (files: { openapi: string; schema: string }) => void) {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const f of ['openapi.json', 'schema.d.ts', 'codes.ts']) copyFileSync(join(committedDir, f), join(dir, f));
  tamper?.({ openapi: join(dir, 'openapi.json'), schema: join(dir, 'schema.d.ts') });
  return spawnSync(process.execPath, ['scripts/contract.mjs', '--check', '--dir', dir], { cwd: root, encoding: 'utf8' });
}

describe('API contract', () => {
  it('the committed openapi.json is exactly what the server builds, without a database', async () => {
    expect(await openApiText()).toBe(readFileSync(join(committedDir, 'openapi.json'), 'utf8'));
  });

  it('services used while routes are registered fail loudly', () => {
    const services = contractOnlyServices(loadConfig({}));
    expect(() => services.persons.list({} as never, {} as never)).toThrow(/services\.persons\.list\(\) was called/);
    expect(services.config.loginRateLimit).toBe(10);
  });

  it('only the known open answers remain: every other success answer is a complete schema', () => {
    type Schema = { $ref?: string; additionalProperties?: unknown; [k: string]: unknown };
    const doc = JSON.parse(readFileSync(join(committedDir, 'openapi.json'), 'utf8')) as { paths: Record<string, Record<string, { responses?: Record<string, { content?: { 'application/json'?: { schema?: Schema } } }> }>>; components: { schemas: Record<string, Schema> } };
    // An object of any keys (`looseObject`, or a record of unknown values) describes nothing to the console.
    const open = (s: unknown, seen: Set<string>): boolean => {
      if (!s || typeof s !== 'object') return false;
      const o = s as Schema;
      if (o.$ref) {
        const name = o.$ref.split('/').pop()!;
        if (seen.has(name)) return false;
        seen.add(name);
        return open(doc.components.schemas[name], seen);
      }
      if (o.additionalProperties === true || (typeof o.additionalProperties === 'object' && o.additionalProperties !== null && Object.keys(o.additionalProperties).length === 0)) return true;
      return Object.values(o).some((v) => open(v, seen));
    };
    const loose = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => Object.entries(op.responses ?? {}).some(([code, r]) => code.startsWith('2') && open(r.content?.['application/json']?.schema, new Set())))
        .map(([method]) => `${method} ${path}`),
    );
    // Left open (issue 12): a finding's evidence rows and proposed/applied actions, a person event's change.
    expect(loose.sort()).toEqual([
      'get /api/v1/comparison/findings',
      'get /api/v1/comparison/findings/{id}',
      'get /api/v1/persons/{id}/history',
      'post /api/v1/comparison/findings/{id}/confirm',
      'post /api/v1/comparison/findings/{id}/dismiss',
    ]);
  });

  it('sorts keys at every depth and keeps array order', () => {
    expect(JSON.stringify(sortKeys({ b: 1, a: { d: [2, 1], c: null } }))).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
  });

  it('contract:check passes on the committed files', () => {
    const r = checkCopy('same');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 60_000);

  it('contract:check fails when a response schema changed without regenerating', () => {
    // As if the health answer had gained a field on the server: the committed document lacks it.
    const r = checkCopy('response-changed', ({ openapi }) => {
      const doc = JSON.parse(readFileSync(openapi, 'utf8')) as { paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: { properties: Record<string, unknown> } }> }> } }> };
      const health = doc.paths['/api/health']?.get.responses['200']?.content['application/json']?.schema.properties;
      expect(health?.version).toBeDefined();
      delete health?.version;
      writeFileSync(openapi, `${JSON.stringify(doc, null, 2)}\n`);
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('The API contract is out of date');
    expect(r.stderr).toMatch(/openapi\.json: first difference at line \d+/);
    expect(r.stderr).toContain('npm run contract');
  }, 60_000);

  it('contract:check fails when a generated code list is missing', () => {
    const r = checkCopy('codes-missing', ({ schema }) => rmSync(join(schema, '..', 'codes.ts')));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/codes\.ts: first difference at line 1/);
  }, 60_000);

  it('contract:check fails when the generated client types were edited by hand', () => {
    const r = checkCopy('types-edited', ({ schema }) => {
      writeFileSync(schema, readFileSync(schema, 'utf8').replace('version: string;', 'version?: string;'));
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/schema\.d\.ts: first difference at line \d+/);
  }, 60_000);
});
