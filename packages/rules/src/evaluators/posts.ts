/**
 * Public-welfare post candidates (公益性岗位, R6): eligibility (difficulty person or zero-employment member, within
 * the pack's maximum placements, second placement only for the groups the pack names — NM22 三(五)), ranking by
 * the pack's ordered priority groups (XC23 四(六)), and the term (3 years, or to retirement when less than 5 years
 * away — 人社部发〔2019〕124号). Every candidate carries the reasons for its place.
 */
import { addCalendarMonths, formatIsoDate, type CivilDate, type IsoDate } from '../core/date.ts';
import type { Explanation } from '../core/explain.ts';
import type { ResolvedPack } from '../packs/registry.ts';
import { evaluatePredicate, explain, type PredicateFacts, type Tri } from './common.ts';

export interface PostCandidateFacts extends PredicateFacts {
  ref: string;
  /** Statutory retirement date when known. */
  retirementDate?: CivilDate | undefined;
}

export interface RankedCandidate {
  ref: string;
  rank: number;
  eligible: Tri;
  group: string | null;
  /** Term end if placed on asOf: 3 years, or the statutory retirement date when within 5 years of it. */
  termEnds: IsoDate | null;
  reasons: string[];
  reasonsEn: string[];
  missingFacts: string[];
}

export interface RankingDecision {
  ranking: RankedCandidate[];
  explanations: Explanation[];
}

export function rankPostCandidates(candidates: readonly PostCandidateFacts[], pack: ResolvedPack, asOf: CivilDate): RankingDecision {
  const p = pack.params.posts;
  const groups = p.priority.value;
  const scored = candidates.map((c) => {
    const reasons: string[] = [];
    const reasonsEn: string[] = [];
    const missing = new Set<string>();
    // Target group: recognised difficulty person or zero-employment-family member.
    const target = evaluatePredicate({ any: [{ fact: 'mark', op: 'has', value: 'difficulty' }, { fact: 'mark', op: 'has', value: 'zero_employment_family' }, { fact: 'householdZeroEmployment', op: 'eq', value: true }] }, c);
    let eligible: Tri = target.value;
    if (target.value === true) {
      reasons.push('属于公益性岗位安置对象（就业困难人员或零就业家庭成员）');
      reasonsEn.push('target group (difficulty person or zero-employment family member)');
    } else if (target.value === false) {
      reasons.push('不是就业困难人员或零就业家庭成员');
      reasonsEn.push('neither a difficulty person nor a zero-employment family member');
    } else target.missing.forEach((m) => missing.add(m));
    const placements = c.postPlacements ?? 0;
    if (placements >= p.maxPlacements.value) {
      eligible = false;
      reasons.push(`已安置 ${placements} 次，达到上限 ${p.maxPlacements.value} 次`);
      reasonsEn.push(`placed ${placements} times: the maximum is ${p.maxPlacements.value}`);
    } else if (placements >= 1) {
      const again = evaluatePredicate(p.secondPlacement.value, c);
      if (again.value === false) {
        eligible = false;
        reasons.push('期满后再次安置仅限大龄就业困难人员、重度残疾人、零就业家庭成员');
        reasonsEn.push('a second placement is only for older difficulty persons, the severely disabled and zero-employment family members');
      } else if (again.value === 'unknown') {
        if (eligible === true) eligible = 'unknown';
        again.missing.forEach((m) => missing.add(m));
      } else {
        reasons.push('符合期满后再次安置条件');
        reasonsEn.push('qualifies for a second placement');
      }
    }
    let groupIndex = groups.length;
    let groupId: string | null = null;
    for (let g = 0; g < groups.length; g++) {
      const r = evaluatePredicate(groups[g]!.when, c);
      if (r.value === true) {
        groupIndex = g;
        groupId = groups[g]!.id;
        reasons.push(`优先顺序第 ${g + 1} 组：${groups[g]!.nameZh}`);
        reasonsEn.push(`priority group ${g + 1}: ${groups[g]!.nameEn}`);
        break;
      }
      if (r.value === 'unknown') r.missing.forEach((m) => missing.add(m));
    }
    if (groupId === null) {
      reasons.push('不属于任何优先组');
      reasonsEn.push('in no priority group');
    }
    const mtr = c.monthsToRetirement;
    const monthsLeft = typeof mtr === 'number' ? mtr : mtr ? mtr.min : Number.POSITIVE_INFINITY;
    let termEnds: IsoDate | null = null;
    const threeYears = addCalendarMonths(asOf, p.maxTermYears.value * 12);
    if (typeof mtr === 'number' && mtr < p.toRetirementWithinYears.value * 12 && c.retirementDate) {
      termEnds = formatIsoDate(c.retirementDate);
      reasons.push(`距法定退休不足 ${p.toRetirementWithinYears.value} 年（${mtr} 个月），可延至退休（${termEnds}）`);
      reasonsEn.push(`< ${p.toRetirementWithinYears.value} years (${mtr} months) to statutory retirement: may stay until ${termEnds}`);
    } else {
      termEnds = formatIsoDate(threeYears);
      if (mtr === undefined) missing.add('person.birthDate');
    }
    return { c, eligible, groupIndex, groupId, monthsLeft, termEnds, reasons, reasonsEn, missing: [...missing] };
  });
  const order = (e: Tri) => (e === true ? 0 : e === 'unknown' ? 1 : 2);
  scored.sort(
    (a, b) =>
      order(a.eligible) - order(b.eligible) ||
      a.groupIndex - b.groupIndex ||
      a.monthsLeft - b.monthsLeft ||
      (a.c.ref < b.c.ref ? -1 : a.c.ref > b.c.ref ? 1 : 0),
  );
  const ranking = scored.map((s, i) => ({
    ref: s.c.ref,
    rank: i + 1,
    eligible: s.eligible,
    group: s.groupId,
    termEnds: s.termEnds,
    reasons: s.reasons,
    reasonsEn: s.reasonsEn,
    missingFacts: s.missing,
  }));
  const explanations = [
    explain(
      pack,
      'posts.ranking',
      'posts.priority',
      p.priority,
      `公益性岗位安置排序：先按资格（符合/待定/不符合），再按优先组（${groups.map((g, i) => `${i + 1}.${g.nameZh}`).join('；')}），同组内距法定退休时间短者在前，再按编号`,
      `post ranking: eligibility, then priority group (${groups.map((g, i) => `${i + 1}. ${g.nameEn}`).join('; ')}), then nearer statutory retirement first, then ref`,
      { candidates: candidates.length },
    ),
    explain(pack, 'posts.term', 'posts.maxTermYears', p.maxTermYears, `岗位补贴期限最长 ${p.maxTermYears.value} 年；距法定退休不足 ${p.toRetirementWithinYears.value} 年的可延长至退休`, `term at most ${p.maxTermYears.value} years; less than ${p.toRetirementWithinYears.value} years from retirement: to retirement`, { maxTermYears: p.maxTermYears.value, toRetirementWithinYears: p.toRetirementWithinYears.value }),
  ];
  return { ranking, explanations };
}
