/**
 * How far a placement's contract may run if extended: to statutory retirement when retirement is now less than the
 * pack's years away (人社部发〔2019〕124号), otherwise no further than the pack's maximum term from the original
 * start. Pure: the pack and the person's retirement facts are parameters.
 */
import { addCalendarMonths, formatIsoDate, parseIsoDate, type PostCandidateFacts, type ResolvedPack } from '@bangfu/rules';
import type { TExtensionLimit } from './posts.contract.ts';

export type ExtensionLimit = TExtensionLimit;

export function src(p: { source: { doc: string; clause: string } }): string {
  return `${p.source.doc} ${p.source.clause}`;
}

/**
 * `monthsToRetirement` and `retiresOn` come from the person's facts on file (retirement schedule), not from ranking
 * texts; `startOn` is the placement's original start.
 */
export function extensionLimit(pack: ResolvedPack, startOn: string, monthsToRetirement: PostCandidateFacts['monthsToRetirement'], retiresOn: string | undefined): ExtensionLimit {
  const p = pack.params.posts;
  const maxEnd = formatIsoDate(addCalendarMonths(parseIsoDate(startOn, 'startOn'), p.maxTermYears.value * 12));
  const mtr = monthsToRetirement;
  const packRef = `${pack.id}@${pack.version}`;
  if (typeof mtr === 'number' && mtr < p.toRetirementWithinYears.value * 12 && retiresOn) {
    const clause = src(p.toRetirementWithinYears);
    return {
      allowedEnd: retiresOn,
      nearRetirement: true,
      clause,
      pack: packRef,
      explanation: { rule: 'posts.extension.to-retirement', source: clause, pack: packRef, text: `距法定退休（${retiresOn}）不足 ${p.toRetirementWithinYears.value} 年（${mtr} 个月），合同可延至退休`, textEn: `less than ${p.toRetirementWithinYears.value} years (${mtr} months) to statutory retirement (${retiresOn}): the contract may run until then`, numbers: { monthsToRetirement: mtr, retiresOn, start: startOn } },
    };
  }
  const clause = src(p.maxTermYears);
  return {
    allowedEnd: maxEnd,
    nearRetirement: false,
    clause,
    pack: packRef,
    explanation: {
      rule: 'posts.extension.max-term',
      source: clause,
      pack: packRef,
      text: `合同期最长 ${p.maxTermYears.value} 年：自上岗日 ${startOn} 起至 ${maxEnd}${typeof mtr === 'number' ? `（距法定退休 ${mtr} 个月，不少于 ${p.toRetirementWithinYears.value} 年）` : ''}`,
      textEn: `the contract runs at most ${p.maxTermYears.value} years from the start ${startOn}: to ${maxEnd}${typeof mtr === 'number' ? ` (${mtr} months to retirement, not less than ${p.toRetirementWithinYears.value} years)` : ''}`,
      numbers: { maxTermYears: p.maxTermYears.value, start: startOn, monthsToRetirement: typeof mtr === 'number' ? mtr : null },
    },
  };
}
