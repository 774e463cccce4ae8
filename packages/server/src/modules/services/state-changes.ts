/**
 * The change log of a registrant's service state (`service_state_changes`): what moved between the stored and the
 * new state, in words ("moved to long-term on …; now requires …"), with the pack's clauses.
 */
import type { StateEngine } from './service-state.ts';
import type { ChangeRow, StateRow } from './state-row.ts';

const TIER_ZH: Record<string, string> = { short: '短期失业', medium: '中短期失业', long: '长期失业' };
const TIER_EN: Record<string, string> = { short: 'short-term', medium: 'medium-short-term', long: 'long-term' };
const LEVEL_ZH: Record<string, string> = { level1: 'Ⅰ级帮扶', level2: 'Ⅱ级帮扶' };

/** Change-log rows between the stored and the new state (none for a first state). */
export function stateChanges(engine: StateEngine, before: StateRow | null, after: StateRow): ChangeRow[] {
  if (!before) return [];
  const out: ChangeRow[] = [];
  const base = { personId: after.personId, jurisdictionCode: after.jurisdictionCode };
  if (before.registrationId !== after.registrationId) {
    out.push({ ...base, on: after.registeredOn, kind: 'tier', fromValue: before.tier, toValue: after.tier, textZh: `新的失业登记（${after.registeredOn}），分级重新计算为${TIER_ZH[after.tier]}`, textEn: `new registration on ${after.registeredOn}: ${TIER_EN[after.tier]}` });
    return out;
  }
  if (before.tier !== after.tier) {
    const req = engine.requirements(after.jurisdictionCode, after.tier, after.level);
    const zh = req.map((q) => `${q.textZh}（${q.source}）`).join('；');
    const en = req.map((q) => `${q.min} × ${q.service}`).join(', ');
    out.push({
      ...base,
      on: after.tierSince,
      kind: 'tier',
      fromValue: before.tier,
      toValue: after.tier,
      textZh: `${after.tierSince} 起转为${TIER_ZH[after.tier]}${zh ? `；现须提供：${zh}` : ''}`,
      textEn: `moved to ${TIER_EN[after.tier]} on ${after.tierSince}${en ? `; now requires ${en}` : ''}`,
    });
  }
  if (before.level !== after.level) {
    out.push({ ...base, on: engine.asOf, kind: 'level', fromValue: before.level, toValue: after.level, textZh: `服务等级由${LEVEL_ZH[before.level]}调整为${LEVEL_ZH[after.level]}`, textEn: `service level ${before.level} → ${after.level}` });
  }
  if (before.class !== after.class) {
    out.push({ ...base, on: engine.asOf, kind: 'class', fromValue: before.class, toValue: after.class, textZh: `分类服务包由 ${before.class ?? '未分类'} 调整为 ${after.class ?? '未分类'}`, textEn: `service package ${before.class ?? 'none'} → ${after.class ?? 'none'}` });
  }
  const counts = (s: StateRow) => `${s.obligationsMet}/${s.obligationsApplicable}/${s.obligationsOverdue}`;
  if (counts(before) !== counts(after)) {
    const newlyOverdue = after.overdueMask & ~before.overdueMask;
    const overdueText = newlyOverdue ? engine.describe(after, newlyOverdue) : [];
    out.push({
      ...base,
      on: engine.asOf,
      kind: 'obligations',
      fromValue: counts(before),
      toValue: counts(after),
      textZh: `服务义务：已达标 ${after.obligationsMet}/${after.obligationsApplicable}（原 ${before.obligationsMet}/${before.obligationsApplicable}）${after.obligationsOverdue ? `，逾期 ${after.obligationsOverdue} 项` : ''}${overdueText.length ? `：${overdueText.map((o) => `${o.textZh}（期限 ${o.dueBy ?? '—'}，${o.source}）`).join('；')}` : ''}`,
      textEn: `obligations met ${after.obligationsMet} of ${after.obligationsApplicable} (was ${before.obligationsMet} of ${before.obligationsApplicable})${after.obligationsOverdue ? `, ${after.obligationsOverdue} overdue` : ''}${overdueText.length ? `: ${overdueText.map((o) => `${o.min} × ${o.service} due ${o.dueBy ?? '—'}`).join(', ')}` : ''}`,
    });
  }
  if (before.followUpOverdue !== after.followUpOverdue) {
    out.push({
      ...base,
      on: after.followUpOverdue ? engine.asOf : (after.lastContact ?? engine.asOf),
      kind: 'follow_up',
      fromValue: String(before.followUpOverdue),
      toValue: String(after.followUpOverdue),
      textZh: after.followUpOverdue ? `跟踪回访逾期（最迟 ${before.followUpDue ?? '—'}）` : `已跟踪回访，下次最迟 ${after.followUpDue ?? '—'}`,
      textEn: after.followUpOverdue ? `follow-up overdue (was due by ${before.followUpDue ?? '—'})` : `followed up; next due by ${after.followUpDue ?? '—'}`,
    });
  }
  if (before.stale !== after.stale) {
    out.push({
      ...base,
      on: engine.asOf,
      kind: 'stale',
      fromValue: String(before.stale),
      toValue: String(after.stale),
      textZh: after.stale ? `长期失业人员档案信息超过 ${engine.staleness.daysIn(after.jurisdictionCode)} 天未核实（“僵尸数据”风险，NM24 三；XC23 三(四)）` : '档案信息已核实更新',
      textEn: after.stale ? `long-term registrant's file not verified for over ${engine.staleness.daysIn(after.jurisdictionCode)} days (zombie-data risk, NM24 三; XC23 三(四))` : 'file facts verified',
    });
  }
  return out;
}
