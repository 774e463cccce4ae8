/**
 * Deregistration (注销, R2.8): allowed only for the grounds a pack lists (NM24 三, XC23 三(四)); refusing services
 * three times or six months without contact is not a ground. Also says whether the ground ends recognised
 * employment-assistance status, which RULES.md leaves to the pack (MOH 二(三)).
 */
import type { Explanation } from '../core/explain.ts';
import type { ResolvedPack } from '../packs/registry.ts';
import type { DeregistrationReason } from '../packs/codes.ts';
import { explain, type Tri } from './common.ts';

export interface DeregistrationDecision {
  reason: DeregistrationReason;
  allowed: Tri;
  source: string | null;
  textZh: string;
  /** Whether the ground also ends assistance (difficulty) status; null when the pack does not decide. */
  endsAssistance: { value: boolean; source: string } | null;
  missingFacts: string[];
  explanations: Explanation[];
}

export function evaluateDeregistration(input: { reason: DeregistrationReason; rule?: string | undefined }, pack: ResolvedPack): DeregistrationDecision {
  const rule = pack.params.deregistration[input.reason];
  if (!rule) {
    return {
      reason: input.reason,
      allowed: false,
      source: null,
      textZh: '本规则包未列出该注销理由',
      endsAssistance: null,
      missingFacts: [],
      explanations: [
        { rule: 'deregistration.reason', source: '', pack: `${pack.id}@${pack.version}`, text: `规则包未列出注销理由 ${input.reason}，不得注销`, textEn: `the pack lists no ground "${input.reason}": not allowed` },
      ],
    };
  }
  let allowed: Tri = rule.allowed;
  const missingFacts: string[] = [];
  if (rule.allowed && input.reason === 'other_statutory' && !input.rule) {
    allowed = 'unknown';
    missingFacts.push('proposedDeregistration.rule');
  }
  const ends = rule.endsAssistance ? { value: rule.endsAssistance.value, source: `${rule.endsAssistance.source.doc} ${rule.endsAssistance.source.clause}` } : null;
  const explanations = [
    explain(
      pack,
      'deregistration.reason',
      `deregistration.${input.reason}`,
      rule,
      `${rule.textZh}：${allowed === 'unknown' ? '须写明所依据的国家或省规定' : allowed ? '可以注销失业登记，并以适当方式告知本人' : '不得以此为由注销失业登记'}${input.rule ? `（依据：${input.rule}）` : ''}`,
      `${input.reason}: ${allowed === 'unknown' ? 'name the state or provincial rule relied on' : allowed ? 'registration may be cancelled; tell the person' : 'not a ground for cancelling the registration'}`,
      { reason: input.reason, allowed: String(allowed) },
    ),
  ];
  if (ends && rule.endsAssistance) {
    explanations.push(
      explain(
        pack,
        'deregistration.assistance-status',
        undefined,
        rule.endsAssistance,
        ends.value ? '该情形虽不能注销失业登记，但可终止就业援助对象资格（无正当理由不接受援助服务的，不再作为援助对象）' : '该情形不终止就业援助对象资格',
        ends.value ? 'not a ground to cancel the registration, but it ends assistance status (refusing assistance without good reason)' : 'does not end assistance status',
        { endsAssistance: ends.value },
      ),
    );
  }
  return { reason: input.reason, allowed, source: `${rule.source.doc} ${rule.source.clause}`, textZh: rule.textZh, endsAssistance: ends, missingFacts, explanations };
}
