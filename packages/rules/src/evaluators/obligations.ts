/**
 * Obligations and compliance: the minimum services a pack requires for this person (NM24 二(一) by tier, XC23
 * 三(二)1 Level I "4 basic + 131" within 5 working days, NM22 三(一) yearly key-group minimums, level-2 plans)
 * against the services delivered.
 */
import { compareDates, formatIsoDate, toEpochDay, type CivilDate, type IsoDate } from '../core/date.ts';
import { RuleInputError } from '../core/errors.ts';
import type { Explanation } from '../core/explain.ts';
import type { WorkCalendar } from '../calendar/index.ts';
import type { ResolvedPack } from '../packs/registry.ts';
import type { Level, Mark, ServiceType, Tier } from '../packs/codes.ts';
import type { ObligationRule } from '../packs/schema.ts';
import { explain, type Tri } from './common.ts';
import { tierServiceDue } from './tier.ts';

export interface DeliveredService {
  type: ServiceType;
  on: CivilDate;
}

export interface ObligationFacts {
  registeredOn: CivilDate;
  tier: { code: Tier; since: IsoDate; nextChange: IsoDate | null };
  level: Level | undefined;
  keyGroup: Tri;
  trainingNeed: boolean | undefined;
  services: readonly DeliveredService[];
}

export type ObligationStatus = 'met' | 'unmet' | 'overdue';

export interface ObligationDecision {
  rule: string;
  service: ServiceType;
  required: number;
  delivered: number;
  /** Window counted: first and last day. */
  from: IsoDate;
  dueBy: IsoDate | null;
  status: ObligationStatus;
  source: string;
  textZh: string;
}

export interface ObligationsDecision {
  obligations: ObligationDecision[];
  missingFacts: string[];
  warnings: string[];
  explanations: Explanation[];
}

/** Whether a rule applies; 'unknown' when a fact it depends on is missing. */
export function ruleApplies(rule: ObligationRule, f: Pick<ObligationFacts, 'tier' | 'level' | 'keyGroup' | 'trainingNeed'>): Tri {
  const w = rule.when;
  if (w.tiers && !w.tiers.includes(f.tier.code)) return false;
  if (w.levels && (!f.level || !w.levels.includes(f.level))) return false;
  let unknown = false;
  if (w.keyGroup) {
    if (f.keyGroup === false) return false;
    if (f.keyGroup === 'unknown') unknown = true;
  }
  if (w.trainingNeed) {
    if (f.trainingNeed === false) return false;
    if (f.trainingNeed === undefined) unknown = true;
  }
  return unknown ? 'unknown' : true;
}

/** Whether the person belongs to the pack's key groups (NM22 二), and is able and willing to work (NM22 三(一)). */
export function isKeyGroup(
  pack: ResolvedPack,
  f: { marks: ReadonlySet<Mark> | undefined; registeredUnemployed: boolean; wantsWork: boolean | undefined; laborCapacity: string | undefined },
): Tri {
  if (f.wantsWork === false || f.laborCapacity === 'none') return false;
  const kg = pack.params.keyGroups;
  let member: Tri;
  if (kg.includeRegisteredUnemployed.value && f.registeredUnemployed) member = true;
  else if (f.marks === undefined) member = 'unknown';
  else member = kg.marks.value.some((m) => f.marks!.has(m));
  if (member !== true) return member;
  if (f.wantsWork === undefined || f.laborCapacity === undefined) return 'unknown';
  return true;
}

export function evaluateObligations(f: ObligationFacts, pack: ResolvedPack, asOf: CivilDate, calendar: WorkCalendar): ObligationsDecision {
  const out: ObligationDecision[] = [];
  const missing = new Set<string>();
  const warnings: string[] = [];
  const explanations: Explanation[] = [];
  const asOfDay = toEpochDay(asOf);
  for (const [id, rule] of Object.entries(pack.params.obligations)) {
    const applies = ruleApplies(rule, f);
    if (applies === false) continue;
    if (applies === 'unknown') {
      if (rule.when.keyGroup && f.keyGroup === 'unknown') missing.add('person.marks');
      if (rule.when.trainingNeed && f.trainingNeed === undefined) missing.add('person.trainingNeed');
      continue;
    }
    let from: CivilDate = f.registeredOn;
    let due: CivilDate | null = null;
    switch (rule.window.kind) {
      case 'tier':
        due = tierServiceDue(pack, f.registeredOn, f.tier);
        break;
      case 'registration':
        try {
          due = calendar.addWorkingDays(f.registeredOn, rule.window.workingDays, 'registration.registeredOn');
        } catch (e) {
          if (!(e instanceof RuleInputError && e.code === 'calendar_unknown')) throw e;
          warnings.push(`${id}: ${e.messageEn}`);
        }
        break;
      case 'calendar_year':
        from = { year: asOf.year, month: 1, day: 1 };
        due = { year: asOf.year, month: 12, day: 31 };
        break;
      case 'open':
        break;
    }
    const fromDay = toEpochDay(from);
    const toDay = Math.min(asOfDay, due ? toEpochDay(due) : asOfDay);
    let delivered = 0;
    for (const s of f.services) {
      if (s.type !== rule.service) continue;
      const d = toEpochDay(s.on);
      if (d >= fromDay && d <= toDay) delivered++;
    }
    const status: ObligationStatus = delivered >= rule.min ? 'met' : due && compareDates(asOf, due) > 0 ? 'overdue' : 'unmet';
    const source = `${rule.source.doc} ${rule.source.clause}`;
    const dueBy = due ? formatIsoDate(due) : null;
    out.push({ rule: id, service: rule.service, required: rule.min, delivered, from: formatIsoDate(from), dueBy, status, source, textZh: rule.textZh });
    explanations.push(
      explain(
        pack,
        `obligation.${id}`,
        `obligations.${id}`,
        rule,
        `${rule.textZh}：要求 ${rule.min} 次 ${rule.service}，${formatIsoDate(from)} 起已提供 ${delivered} 次${dueBy ? `，期限 ${dueBy}` : ''}，${status === 'met' ? '已达标' : status === 'overdue' ? '逾期未达标' : '未达标'}`,
        `${rule.service}: ${rule.min} required, ${delivered} delivered since ${formatIsoDate(from)}${dueBy ? `, due ${dueBy}` : ''}: ${status}`,
        { required: rule.min, delivered, from: formatIsoDate(from), dueBy, status },
      ),
    );
    if (rule.window.kind === 'tier' && !f.tier.nextChange) {
      // The last tier has no end: its period is pack data (tiers.longServiceMonths), cited with its status.
      const t = pack.params.tiers;
      explanations.push(
        explain(
          pack,
          `obligation.${id}.due`,
          'tiers.longServiceMonths',
          t.longServiceMonths,
          `${rule.textZh}：长期失业自 ${f.tier.since} 起，须在 ${t.longServiceMonths.value} 个月内（登记满 ${t.mediumMaxMonths.value + t.longServiceMonths.value} 个月前）提供，期限 ${dueBy ?? ''}`,
          `${rule.service}: long-term since ${f.tier.since}, due within ${t.longServiceMonths.value} months (by ${t.mediumMaxMonths.value + t.longServiceMonths.value} months of registration): ${dueBy ?? ''}`,
          { since: f.tier.since, longServiceMonths: t.longServiceMonths.value, dueBy },
        ),
      );
    }
  }
  return { obligations: out, missingFacts: [...missing], warnings, explanations };
}

