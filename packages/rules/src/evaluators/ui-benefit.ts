/**
 * Unemployment-insurance benefit (失业保险条例 第十四条 conditions, 第十七条 maximum period by contribution years).
 */
import type { Explanation } from '../core/explain.ts';
import type { ResolvedPack } from '../packs/registry.ts';
import { explain, type Tri } from './common.ts';

export interface UiBenefitFacts {
  contributionYears: number | undefined;
  involuntaryJobLoss: boolean | undefined;
  /** Registered unemployed (or applying now) and seeking work. */
  registered: Tri;
  wantsWork: boolean | undefined;
}

export interface UiBenefitDecision {
  eligible: Tri;
  maxMonths: number | null;
  missingFacts: string[];
  explanations: Explanation[];
}

/** Maximum months for cumulative contribution years: the band with fromYears ≤ years < toYears. */
export function benefitMonths(pack: ResolvedPack, years: number): number | null {
  for (const b of pack.params.uiBenefit.bands.value) if (years >= b.fromYears && (b.toYears === null || years < b.toYears)) return b.months;
  return null;
}

export function evaluateUiBenefit(f: UiBenefitFacts, pack: ResolvedPack): UiBenefitDecision {
  const p = pack.params.uiBenefit;
  const missing: string[] = [];
  const parts: Tri[] = [];
  if (f.contributionYears === undefined) {
    missing.push('person.contributionYears');
    parts.push('unknown');
  } else parts.push(f.contributionYears >= p.minContributionYears.value);
  if (p.involuntaryJobLossRequired.value) {
    if (f.involuntaryJobLoss === undefined) {
      missing.push('person.involuntaryJobLoss');
      parts.push('unknown');
    } else parts.push(f.involuntaryJobLoss);
  }
  if (p.registrationRequired.value) {
    if (f.registered === 'unknown') missing.push('registration.kind');
    parts.push(f.registered);
    if (f.wantsWork === undefined) {
      missing.push('person.wantsWork');
      parts.push('unknown');
    } else parts.push(f.wantsWork);
  }
  const eligible: Tri = parts.includes(false) ? false : parts.includes('unknown') ? 'unknown' : true;
  const maxMonths = f.contributionYears !== undefined && eligible !== false ? benefitMonths(pack, f.contributionYears) : null;
  const explanations = [
    explain(
      pack,
      'ui-benefit.eligibility',
      'uiBenefit.minContributionYears',
      p.minContributionYears,
      `失业保险金条件：缴费满 ${p.minContributionYears.value} 年（${f.contributionYears ?? '未知'} 年）、非因本人意愿中断就业（${f.involuntaryJobLoss ?? '未知'}）、已办理失业登记并有求职要求（${String(f.registered)}）：${eligible === 'unknown' ? '资料不全' : eligible ? '符合' : '不符合'}`,
      `UI benefit: contributions ≥ ${p.minContributionYears.value} year (${f.contributionYears ?? 'unknown'}), involuntary job loss (${f.involuntaryJobLoss ?? 'unknown'}), registered and seeking work (${String(f.registered)}): ${String(eligible)}`,
      { contributionYears: f.contributionYears ?? null, involuntaryJobLoss: f.involuntaryJobLoss ?? null, eligible: String(eligible) },
    ),
  ];
  if (maxMonths !== null) {
    explanations.push(
      explain(pack, 'ui-benefit.max-months', 'uiBenefit.bands', p.bands, `累计缴费 ${f.contributionYears} 年，最长领取 ${maxMonths} 个月（满1不足5年12个月，满5不足10年18个月，10年以上24个月）`, `${f.contributionYears} contribution years: at most ${maxMonths} months (1–<5: 12, 5–<10: 18, ≥10: 24)`, { contributionYears: f.contributionYears ?? null, maxMonths }),
    );
  }
  return { eligible, maxMonths, missingFacts: missing, explanations };
}
