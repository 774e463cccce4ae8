/**
 * The demo accounts: one per role and level, all with the same password, so a visitor can try every view.
 * The Chongqing caseworker sits in the first community of 七星岗街道 listed in the shipped division file.
 */
import type { Role } from '../access/roles.ts';
import { levelOf, NATION_CODE } from '../access/scope.ts';
import { readDemoDivisions, type DemoDivision } from './divisions.ts';

export const DEMO_PASSWORD = 'demo-2026';

export interface DemoAccount {
  readonly username: string;
  readonly role: Role;
  /** 12-digit division code; for the citizen the community of the person file the account is bound to. */
  readonly jurisdiction: string;
  readonly displayName: string;
}

/** The township whose first community the Chongqing caseworker serves (七星岗街道, 渝中区). */
export const CHONGQING_TOWNSHIP = '500103001000';

/** First village/community under a township, in file order. */
export function firstVillageOf(divisions: readonly DemoDivision[], township: string): string {
  const v = divisions.find((d) => d.level === 'village' && d.parentCode === township);
  if (!v) throw new Error(`区划表中 ${township} 下没有社区/村 / the division list has no village under ${township}`);
  return v.code;
}

export function demoAccounts(divisions: readonly DemoDivision[] = readDemoDivisions()): DemoAccount[] {
  const chongqingVillage = firstVillageOf(divisions, CHONGQING_TOWNSHIP);
  return [
    { username: 'caseworker', role: 'caseworker', jurisdiction: '150102001001', displayName: '公主府社区专员' },
    { username: 'caseworker.village2', role: 'caseworker', jurisdiction: '150102001002', displayName: '赛马场社区专员' },
    { username: 'caseworker.township', role: 'caseworker', jurisdiction: '150102001000', displayName: '海拉尔东路街道专员' },
    { username: 'operator.county', role: 'operator', jurisdiction: '150102000000', displayName: '新城区就业服务中心经办员' },
    { username: 'operator.city', role: 'operator', jurisdiction: '150100000000', displayName: '呼和浩特市就业服务中心经办员' },
    { username: 'supervisor.city', role: 'supervisor', jurisdiction: '150100000000', displayName: '呼和浩特市人社局监管员' },
    { username: 'supervisor.province', role: 'supervisor', jurisdiction: '150000000000', displayName: '内蒙古自治区人社厅监管员' },
    { username: 'admin', role: 'admin', jurisdiction: NATION_CODE, displayName: '系统管理员（全国）' },
    { username: 'partner.city', role: 'partner', jurisdiction: '150100000000', displayName: '呼和浩特市民政局数据对接' },
    // Bound by the loader to the first person generated in 公主府社区 (the head of the first household).
    { username: 'citizen', role: 'citizen', jurisdiction: '150102001001', displayName: '劳动者（演示）' },
    { username: 'caseworker.xuchang', role: 'caseworker', jurisdiction: '411002001001', displayName: '金地社区专员' },
    { username: 'operator.xuchang', role: 'operator', jurisdiction: '411002000000', displayName: '魏都区就业服务中心经办员' },
    { username: 'caseworker.chongqing', role: 'caseworker', jurisdiction: chongqingVillage, displayName: '七星岗街道社区专员' },
    { username: 'operator.chongqing', role: 'operator', jurisdiction: '500103000000', displayName: '渝中区就业服务中心经办员' },
    // Sees national runs, e.g. partner files imported on the command line without --user / --jurisdiction.
    { username: 'operator.national', role: 'operator', jurisdiction: NATION_CODE, displayName: '全国就业服务数据经办员' },
  ];
}

/** Villages where the generator places its first households so every community-level account sees people. */
export function demoAnchorVillages(accounts: readonly DemoAccount[]): string[] {
  const out: string[] = [];
  for (const a of accounts) {
    if (levelOf(a.jurisdiction) === 'village' && !out.includes(a.jurisdiction)) {
      out.push(a.jurisdiction);
    }
  }
  return out;
}

/** `bangfu demo users`: one JSON object a line, for scripts and the e2e tests. */
export function demoAccountLines(accounts: readonly DemoAccount[] = demoAccounts()): string[] {
  return accounts.map((a) => JSON.stringify({ username: a.username, password: DEMO_PASSWORD, role: a.role, jurisdiction: a.jurisdiction }));
}
