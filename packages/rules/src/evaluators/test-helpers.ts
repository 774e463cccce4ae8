/** Shared fixtures for the evaluator tests (not exported from the package). */
import { parseIsoDate, type CivilDate } from '../core/date.ts';
import { PackRegistry, type ResolvedPack } from '../packs/registry.ts';
import { calendarForPack } from '../evaluate.ts';
import type { WorkCalendar } from '../calendar/index.ts';

export const registry = PackRegistry.builtIn();
export const packs = {
  national: registry.resolve('410102000000', '2025-06-01'),
  neiMongol: registry.resolve('150102000000', '2025-06-01'),
  neiMongol2022: registry.resolve('150102000000', '2023-06-01'),
  xuchang: registry.resolve('411002000000', '2025-06-01'),
  chongqing: registry.resolve('500101000000', '2025-06-01'),
} satisfies Record<string, ResolvedPack>;
export type PackName = keyof typeof packs;
export const d = (s: string): CivilDate => parseIsoDate(s, 'test');
export const cal = (p: ResolvedPack): WorkCalendar => calendarForPack(p);
