/**
 * The division tree shipped for the demo (`packages/server/data/divisions-demo.csv`: a real NBS 2023 subset,
 * see /work/shared/data/README.md) plus the national root, and the three "detailed slices" whose communities and
 * villages the demo population lives in.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NATION_CODE } from '../access/scope.ts';

export type DemoDivisionLevel = 'nation' | 'province' | 'city' | 'county' | 'township' | 'village';

export interface DemoDivision {
  readonly code: string;
  readonly name: string;
  readonly level: DemoDivisionLevel;
  readonly parentCode: string | null;
}

export const DEMO_DIVISIONS_CSV = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'divisions-demo.csv');

/** 新城区 (呼和浩特市), 魏都区 (许昌市), 渝中区 (重庆市): the counties whose villages/communities are all listed. */
export const DEMO_SLICE_COUNTIES = ['150102000000', '411002000000', '500103000000'] as const;

export const NATION_DIVISION: DemoDivision = { code: NATION_CODE, name: '全国', level: 'nation', parentCode: null };

const LEVELS: ReadonlySet<string> = new Set(['province', 'city', 'county', 'township', 'village']);

/** Parses `code,name,level,parent_code` (header required); errors name the line and the column. */
export function parseDivisionsCsv(text: string): DemoDivision[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== 'code,name,level,parent_code') {
    throw new Error('区划文件首行应为 code,name,level,parent_code / the divisions file must start with the header code,name,level,parent_code');
  }
  const out: DemoDivision[] = [];
  const seen = new Set<string>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line || line.trim() === '') continue;
    const [code = '', name = '', level = '', parent = '', ...rest] = line.split(',');
    const at = `第 ${i + 1} 行 / line ${i + 1}`;
    if (rest.length > 0) throw new Error(`${at}: 列数过多 / too many columns`);
    if (!/^\d{12}$/.test(code)) throw new Error(`${at}: code 应为 12 位数字 / code must be 12 digits`);
    if (seen.has(code)) throw new Error(`${at}: code ${code} 重复 / code ${code} is duplicated`);
    if (name.trim() === '') throw new Error(`${at}: name 不能为空 / name must not be empty`);
    if (!LEVELS.has(level)) throw new Error(`${at}: level 无效 (${level}) / level must be province, city, county, township or village`);
    if (parent !== '' && !/^\d{12}$/.test(parent)) throw new Error(`${at}: parent_code 应为 12 位数字或空 / parent_code must be 12 digits or empty`);
    seen.add(code);
    out.push({ code, name: name.trim(), level: level as DemoDivisionLevel, parentCode: parent === '' ? null : parent });
  }
  return out;
}

/** The CSV shipped with the product plus the national root (provinces hang under it). */
export function readDemoDivisions(path: string = DEMO_DIVISIONS_CSV): DemoDivision[] {
  const rows = parseDivisionsCsv(readFileSync(path, 'utf8'));
  return [NATION_DIVISION, ...rows.map((d) => (d.level === 'province' && d.parentCode === null ? { ...d, parentCode: NATION_CODE } : d))];
}

/** Name lookups and ancestry over a division list. */
export class DivisionTree {
  private readonly byCode = new Map<string, DemoDivision>();

  constructor(readonly all: readonly DemoDivision[]) {
    for (const d of all) this.byCode.set(d.code, d);
  }

  get(code: string): DemoDivision {
    const d = this.byCode.get(code);
    if (!d) throw new Error(`区划 ${code} 不在区划表中 / division ${code} is not in the division list`);
    return d;
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  /** From the province down to `code` (the national root left out). */
  path(code: string): DemoDivision[] {
    const out: DemoDivision[] = [];
    let d: DemoDivision | undefined = this.get(code);
    while (d && d.level !== 'nation') {
      out.unshift(d);
      d = d.parentCode ? this.byCode.get(d.parentCode) : undefined;
    }
    return out;
  }

  children(code: string): DemoDivision[] {
    return this.all.filter((d) => d.parentCode === code);
  }

  /** Villages/communities below a county, in file order. */
  villagesOf(countyCode: string): DemoDivision[] {
    const prefix = countyCode.slice(0, 6);
    return this.all.filter((d) => d.level === 'village' && d.code.startsWith(prefix));
  }
}
