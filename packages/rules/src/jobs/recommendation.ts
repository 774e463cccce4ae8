/**
 * A job recommendation followed to its result (R9.3; NM24 二(二)1 “回访求职结果”): recommended → interested /
 * declined (why) → referred to the employer → interviewed → hired / not hired (why). Who may take each step: the
 * office's staff any step; the employer only the steps after the referral, for its own postings; the person only
 * "interested" or "declined", for their own. Pure: no IO.
 */
export const RECOMMENDATION_STATES = ['recommended', 'interested', 'declined', 'referred', 'interviewed', 'hired', 'not_hired'] as const;
export type RecommendationState = (typeof RECOMMENDATION_STATES)[number];
export type RecommendationActor = 'staff' | 'employer' | 'citizen';

const NEXT: Record<RecommendationState, readonly RecommendationState[]> = {
  recommended: ['interested', 'declined', 'referred'],
  interested: ['referred', 'declined'],
  referred: ['interviewed', 'not_hired'],
  interviewed: ['hired', 'not_hired'],
  declined: [],
  hired: [],
  not_hired: [],
};

const MAY_SET: Record<RecommendationActor, readonly RecommendationState[]> = {
  staff: ['interested', 'declined', 'referred', 'interviewed', 'hired', 'not_hired'],
  employer: ['interviewed', 'hired', 'not_hired'],
  citizen: ['interested', 'declined'],
};

export const STATE_ZH: Record<RecommendationState, string> = { recommended: '已推荐', interested: '有意向', declined: '不感兴趣', referred: '已转介单位', interviewed: '已面试', hired: '已录用', not_hired: '未录用' };

export type TransitionCheck = { ok: true } | { ok: false; why: 'final' | 'not_next' | 'not_your_step' | 'reason_required'; textZh: string; textEn: string };

/** Whether `actor` may move a recommendation from `from` to `to`; declining and not hiring need the reason. */
export function checkRecommendationTransition(from: RecommendationState, to: RecommendationState, actor: RecommendationActor, reason?: string | null): TransitionCheck {
  if (NEXT[from].length === 0) return { ok: false, why: 'final', textZh: `“${STATE_ZH[from]}”是最终结果，不能再变更`, textEn: `${from} is a final result` };
  if (!NEXT[from].includes(to)) return { ok: false, why: 'not_next', textZh: `“${STATE_ZH[from]}”之后只能是：${NEXT[from].map((s) => STATE_ZH[s]).join('、')}`, textEn: `after ${from} only ${NEXT[from].join(', ')}` };
  if (!MAY_SET[actor].includes(to)) {
    const who = { staff: '经办人员', employer: '用人单位', citizen: '求职者本人' }[actor];
    return { ok: false, why: 'not_your_step', textZh: `${who}不能将推荐结果记为“${STATE_ZH[to]}”`, textEn: `the ${actor} cannot record ${to}` };
  }
  if ((to === 'declined' || to === 'not_hired') && !(reason ?? '').trim()) return { ok: false, why: 'reason_required', textZh: `记为“${STATE_ZH[to]}”须写明原因`, textEn: `${to} needs the reason` };
  return { ok: true };
}

/** The states `actor` may move a recommendation in `from` to (what a screen offers; the check above decides). */
export function nextRecommendationStates(from: RecommendationState, actor: RecommendationActor): RecommendationState[] {
  return NEXT[from].filter((s) => MAY_SET[actor].includes(s));
}

/** States in which the employer sees the recommendation (it was referred to it). */
export const REFERRED_STATES: readonly RecommendationState[] = ['referred', 'interviewed', 'hired', 'not_hired'];
