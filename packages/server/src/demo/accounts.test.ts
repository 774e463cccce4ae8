import { describe, expect, it } from 'vitest';
import { ROLES } from '../access/roles.ts';
import { demoAccountLines, demoAccounts, demoAnchorVillages, DEMO_PASSWORD, firstVillageOf } from './accounts.ts';
import { readDemoDivisions } from './divisions.ts';

describe('demo accounts', () => {
  it('are exactly the announced users, roles and jurisdictions', () => {
    const table = demoAccounts().map((a) => [a.username, a.role, a.jurisdiction]);
    expect(table).toEqual([
      ['caseworker', 'caseworker', '150102001001'],
      ['caseworker.village2', 'caseworker', '150102001002'],
      ['caseworker.township', 'caseworker', '150102001000'],
      ['operator.county', 'operator', '150102000000'],
      ['operator.city', 'operator', '150100000000'],
      ['supervisor.city', 'supervisor', '150100000000'],
      ['supervisor.province', 'supervisor', '150000000000'],
      ['admin', 'admin', '000000000000'],
      ['partner.city', 'partner', '150100000000'],
      ['citizen', 'citizen', '150102001001'],
      ['caseworker.xuchang', 'caseworker', '411002001001'],
      ['operator.xuchang', 'operator', '411002000000'],
      ['caseworker.chongqing', 'caseworker', '500103001003'],
      ['operator.chongqing', 'operator', '500103000000'],
      ['operator.national', 'operator', '000000000000'],
    ]);
    for (const a of demoAccounts()) {
      expect(ROLES).toContain(a.role);
      expect(a.displayName).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(demoAccounts().find((a) => a.username === 'admin')?.displayName).toContain('全国');
  });

  it('place the Chongqing caseworker in the first community of 七星岗街道 in the file', () => {
    expect(firstVillageOf(readDemoDivisions(), '500103001000')).toBe('500103001003');
    expect(() => firstVillageOf(readDemoDivisions(), '150102400000')).not.toThrow();
    expect(() => firstVillageOf(readDemoDivisions(), '150100000000')).toThrow(/150100000000/);
  });

  it('anchor the first households in every community with an account', () => {
    expect(demoAnchorVillages(demoAccounts())).toEqual(['150102001001', '150102001002', '411002001001', '500103001003']);
  });

  it('print one JSON object a line for `bangfu demo users`', () => {
    const lines = demoAccountLines();
    expect(lines).toHaveLength(15);
    const first = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(first).toEqual({ username: 'caseworker', password: DEMO_PASSWORD, role: 'caseworker', jurisdiction: '150102001001' });
    expect(DEMO_PASSWORD).toBe('demo-2026');
  });
});
