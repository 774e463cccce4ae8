import { describe, expect, it } from 'vitest';
import type { DeregistrationReason } from '../packs/codes.ts';
import { evaluateDeregistration } from './deregistration.ts';
import { packs, type PackName } from './test-helpers.ts';

describe('deregistration grounds (NM24 三; XC23 三(四); R2.8)', () => {
  it.each<[PackName, DeregistrationReason, boolean | 'unknown', string]>([
    ['neiMongol', 'hired', true, 'NM24 三'],
    ['neiMongol', 'pension', true, 'NM24 三'],
    ['neiMongol', 'refused_services_3_times', false, 'NM24 三'],
    ['neiMongol', 'no_contact_6_months', false, 'NM24 三'],
    ['xuchang', 'deceased', true, 'XC23 三(四)'],
    ['xuchang', 'refused_services_3_times', false, 'XC23 三(四)'],
    ['xuchang', 'no_contact_6_months', false, 'XC23 三(四)'],
    ['national', 'no_contact_6_months', false, '就业服务与就业管理规定 第七章'],
    ['chongqing', 'enrolled', true, '就业服务与就业管理规定 第七章'],
  ])('%s: %s → allowed %s (%s)', (pack, reason, allowed, source) => {
    const r = evaluateDeregistration({ reason }, packs[pack]);
    expect(r.allowed).toBe(allowed);
    expect(r.source).toBe(source);
  });

  it('XC23 三(四) says it overrides the national baseline', () => {
    const r = evaluateDeregistration({ reason: 'no_contact_6_months' }, packs.xuchang);
    expect(r.explanations[0]!.text).toMatch(/XC23 三\(四\) 覆盖 national 就业服务与就业管理规定 第七章/);
  });

  it('national pack explains that the unverified 2007 practice is not modelled', () => {
    const r = evaluateDeregistration({ reason: 'refused_services_3_times' }, packs.national);
    expect(r.textZh).toMatch(/2007年规定曾允许，但原文未能核实/);
    expect(r.explanations[0]!.text).toMatch(/依据未经核实/);
  });

  it('refusing services does not cancel the registration but ends assistance status (MOH 二(三))', () => {
    const r = evaluateDeregistration({ reason: 'refused_services_3_times' }, packs.xuchang);
    expect(r.endsAssistance).toEqual({ value: true, source: 'MOH 二(三)' });
    expect(evaluateDeregistration({ reason: 'no_contact_6_months' }, packs.xuchang).endsAssistance).toBeNull();
  });

  it('other_statutory must name its rule', () => {
    expect(evaluateDeregistration({ reason: 'other_statutory' }, packs.xuchang)).toMatchObject({ allowed: 'unknown', missingFacts: ['proposedDeregistration.rule'] });
    expect(evaluateDeregistration({ reason: 'other_statutory', rule: '河南省某规定第5条' }, packs.xuchang).allowed).toBe(true);
  });
});
