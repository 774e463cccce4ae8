/**
 * The occupational classification shipped with the product (`packages/server/data/occupations-csco-2022.csv`: a real
 * subset of 职业分类大典 2022, see /work/shared/data/README.md) and its parser; an operator's full list goes through
 * the same parser and `JobsRepository.importOccupations` (rows already present are kept).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isOccupationCode } from '@bangfu/rules';

export const SHIPPED_OCCUPATIONS_CSV = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'data', 'occupations-csco-2022.csv');

export interface OccupationInput {
  code: string;
  level: number;
  name: string;
  aliases: string;
}

/**
 * Parses `level,code,name,aliases` (header required). The trailing marks of the 2022 edition (L green, S digital
 * occupation) are dropped from the name. Errors name the line.
 */
export function parseOccupationsCsv(text: string): OccupationInput[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== 'level,code,name,aliases') throw new Error('职业分类文件首行应为 level,code,name,aliases / the header must be level,code,name,aliases');
  const out: OccupationInput[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const [level = '', code = '', name = '', ...rest] = line.split(',');
    const lv = Number(level);
    if (![1, 2, 3, 4].includes(lv) || !isOccupationCode(code) || !name.trim()) throw new Error(`第 ${i + 1} 行无效 / line ${i + 1} is invalid: ${line.slice(0, 80)}`);
    out.push({ code, level: lv, name: name.trim().replace(/(?<=[\u4e00-\u9fa5）)])[LS](\/[LS])?$/, ''), aliases: rest.join(',').trim() });
  }
  return out;
}

export function shippedOccupations(): OccupationInput[] {
  return parseOccupationsCsv(readFileSync(SHIPPED_OCCUPATIONS_CSV, 'utf8'));
}
