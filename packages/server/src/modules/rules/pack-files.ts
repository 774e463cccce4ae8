/**
 * Operator rule packs loaded from JSON files (a directory, `BANGFU_RULE_PACKS_DIR`) on top of the built-in ones.
 * Each file holds one pack or an array of packs. An invalid file stops the start with a precise error naming
 * the file and the JSON path — a half-valid set of rules is never put in force.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { builtInPacks, PackRegistry, RuleInputError } from '@bangfu/rules';
import { AppError } from '../../errors/app-error.ts';

export interface PackFile {
  readonly file: string;
  readonly packs: unknown[];
}

export function readPackFiles(paths: readonly string[]): PackFile[] {
  return paths.map((file) => {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new AppError('RULE_PACK_INVALID', {
        field: basename(file),
        params: { file: basename(file), field: '(file)', detailZh: `不是有效的 JSON：${(e as Error).message}`, detailEn: `not valid JSON: ${(e as Error).message}` },
      });
    }
    return { file, packs: Array.isArray(json) ? json : [json] };
  });
}

export function packFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

/** Built-in packs plus the given files, validated together (parents, cycles, overlapping periods). */
export function registryWithFiles(files: readonly PackFile[]): PackRegistry {
  const builtIn = builtInPacks();
  const owners: string[] = builtIn.map(() => '(built-in)');
  const all: unknown[] = [...builtIn];
  for (const f of files) {
    for (let i = 0; i < f.packs.length; i++) {
      all.push(f.packs[i]);
      owners.push(f.packs.length > 1 ? `${basename(f.file)}[${i}]` : basename(f.file));
    }
  }
  try {
    return new PackRegistry(all);
  } catch (e) {
    if (!(e instanceof RuleInputError)) throw e;
    // The registry names `packs[i].path`; point at the operator's file instead.
    const m = /^packs\[(\d+)\]\.?(.*)$/.exec(e.field);
    const owner = m ? owners[Number(m[1])] ?? '?' : '?';
    const field = m ? m[2] || '(pack)' : e.field;
    throw new AppError('RULE_PACK_INVALID', {
      field,
      params: { file: owner, field, detailZh: e.messageZh, detailEn: e.messageEn },
      issues: [{ field: `${owner}: ${field}`, messageZh: e.messageZh, messageEn: e.messageEn }],
    });
  }
}
