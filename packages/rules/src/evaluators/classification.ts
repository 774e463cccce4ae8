/**
 * Classified service (分类服务, R4): intention → service package (NM24 二(二), XC23 三(二)2, CQ25 三), plus the
 * extra packages a pack attaches to a flag: UI benefit due (XC23 三(二)2(4)) and zero-employment family (CQ25 三).
 */
import type { Explanation } from '../core/explain.ts';
import type { ResolvedPack } from '../packs/registry.ts';
import type { Intention, ServiceType } from '../packs/codes.ts';
import { explain, type Tri } from './common.ts';

export interface ClassificationFacts {
  intention: Intention | undefined;
  uiBenefitEligible: Tri;
  zeroEmploymentFamily: Tri;
}

export interface ServicePackageDecision {
  key: string;
  services: ServiceType[];
  textZh: string;
  textEn: string;
  source: string;
}

export interface ClassificationDecision {
  intention: Intention | null;
  package: ServicePackageDecision | null;
  extras: ServicePackageDecision[];
  missingFacts: string[];
  explanations: Explanation[];
}

export function evaluateClassification(f: ClassificationFacts, pack: ResolvedPack): ClassificationDecision {
  const c = pack.params.classification;
  const explanations: Explanation[] = [];
  const missingFacts: string[] = [];
  const take = (key: keyof typeof c, why: string, whyEn: string): ServicePackageDecision | null => {
    const p = c[key];
    if (!p) return null;
    explanations.push(explain(pack, `classification.${key}`, `classification.${key}`, p, `${why}：${p.value.textZh}`, `${whyEn}: ${p.value.textEn}`, { key, services: p.value.services.join(',') }));
    return { key, services: [...p.value.services], textZh: p.value.textZh, textEn: p.value.textEn, source: `${p.source.doc} ${p.source.clause}` };
  };
  let main: ServicePackageDecision | null = null;
  if (f.intention === undefined) missingFacts.push('person.intention');
  else main = take(f.intention, `意愿 ${f.intention}`, `intention ${f.intention}`);
  const extras: ServicePackageDecision[] = [];
  if (f.uiBenefitEligible === true) {
    const x = take('ui_benefit', '符合失业保险金申领条件', 'qualifies for the unemployment-insurance benefit');
    if (x) extras.push(x);
  }
  if (f.zeroEmploymentFamily === true) {
    const x = take('zero_employment_family', '零就业家庭成员', 'zero-employment family member');
    if (x) extras.push(x);
  }
  return { intention: f.intention ?? null, package: main, extras, missingFacts, explanations };
}
