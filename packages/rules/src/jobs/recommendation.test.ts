import { describe, expect, it } from 'vitest';
import { checkRecommendationTransition, nextRecommendationStates, type RecommendationActor, type RecommendationState } from './recommendation.ts';

describe('recommendation states and who may take each step', () => {
  it('offers each role its next steps', () => {
    expect(nextRecommendationStates('recommended', 'citizen')).toEqual(['interested', 'declined']);
    expect(nextRecommendationStates('recommended', 'employer')).toEqual([]);
    expect(nextRecommendationStates('referred', 'employer')).toEqual(['interviewed', 'not_hired']);
    expect(nextRecommendationStates('interviewed', 'staff')).toEqual(['hired', 'not_hired']);
    expect(nextRecommendationStates('hired', 'staff')).toEqual([]);
  });

  it.each<[RecommendationState, RecommendationState, RecommendationActor, string | null, true | string]>([
    ['recommended', 'interested', 'citizen', null, true],
    ['recommended', 'declined', 'citizen', '路太远', true],
    ['recommended', 'declined', 'citizen', ' ', 'reason_required'],
    ['recommended', 'referred', 'citizen', null, 'not_your_step'],
    ['recommended', 'referred', 'staff', null, true],
    ['interested', 'referred', 'staff', null, true],
    ['interested', 'referred', 'employer', null, 'not_your_step'],
    ['referred', 'interviewed', 'employer', null, true],
    ['interviewed', 'hired', 'employer', null, true],
    ['interviewed', 'not_hired', 'employer', null, 'reason_required'],
    ['interviewed', 'not_hired', 'staff', '技能不符', true],
    ['referred', 'hired', 'staff', null, 'not_next'],
    ['hired', 'not_hired', 'staff', 'x', 'final'],
    ['interviewed', 'hired', 'citizen', null, 'not_your_step'],
  ])('%s → %s by %s', (from, to, actor, reason, expected) => {
    const r = checkRecommendationTransition(from, to, actor, reason);
    if (expected === true) expect(r).toEqual({ ok: true });
    else {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.why).toBe(expected);
        expect(r.textZh.length).toBeGreaterThan(4);
      }
    }
  });
});
