/**
 * Decisions apply a confirmed finding through the services the composition root gives `createComparisonService`
 * (never copies of the comparison slice's own): the repository is spied on, the services are fakes that record.
 */
import { PackRegistry } from '@bangfu/rules';
import { FixedClock } from '../../jobs/clock.ts';
import { describe, expect, it, vi } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { RequestContext } from '../../http/context.ts';
import type { FieldCipher } from '../../security/field-cipher.ts';
import type { ReferralsService } from '../referrals/referrals.service.ts';
import type { RegistrationService } from '../registration/registration.service.ts';
import type { FindingWithPerson } from './comparison.repository.ts';
import { createComparisonService } from './comparison.service.ts';

const NOW = new Date('2026-03-01T02:00:00Z');

function ctxOf(jurisdictionCode = '150102001001'): RequestContext {
  return {
    requestId: 'r',
    ip: '127.0.0.1',
    userAgent: undefined,
    lang: 'zh-CN',
    actor: { userId: 'u-cw', username: 'caseworker', displayName: '社区', role: 'caseworker', jurisdictionCode, personId: null, sessionId: 's', csrfToken: 'c' },
    audit: {},
  };
}

function finding(proposedAction: Record<string, unknown>, over: Partial<FindingWithPerson> = {}): FindingWithPerson {
  return {
    id: 'f-1',
    personId: 'p-1',
    runId: 'run-1',
    category: 'verification',
    datasetKind: 'death',
    rule: 'verification.deceased',
    evidenceKey: 'reg-1',
    proposedAction,
    evidence: [{ line: 4 }, { line: 9 }],
    criteria: null,
    state: 'pending',
    jurisdictionCode: '150102001001',
    registrationId: 'reg-1',
    asOf: '2026-03-01',
    personName: '张三',
    personIdMasked: '150102********1234',
    ...over,
  } as FindingWithPerson;
}

function setup(f: FindingWithPerson) {
  const registration = {
    deregister: vi.fn(async () => ({ registration: { id: 'reg-1', deregistration: { reason: 'deceased' }, cancelledOn: '2025-12-20' } })),
    registerEmployment: vi.fn(async () => ({ id: 'emp-1', endedRegistration: { reason: 'hired' } })),
  };
  const referrals = { refer: vi.fn(async () => ({ id: 'ref-1', kind: 'dibao' })) };
  const cmp = createComparisonService({ dataDir: '/nonexistent' }, {} as Database, {} as FieldCipher, PackRegistry.builtIn(), { registration: registration as unknown as RegistrationService, referrals: referrals as unknown as ReferralsService }, new FixedClock(NOW));
  const transitions: string[] = [];
  vi.spyOn(cmp.repo, 'finding').mockImplementation(async () => f);
  vi.spyOn(cmp.repo, 'transition').mockImplementation(async (_f, from, patch) => {
    transitions.push(`${from}→${String(patch.state)}`);
    return f;
  });
  vi.spyOn(cmp.repo, 'completeApplying').mockImplementation(async (_f, patch) => {
    transitions.push(`applying→${String(patch.state)}`);
    return f;
  });
  return { cmp, registration, referrals, transitions };
}

describe('confirming applies the proposed action through the services of the composition root', () => {
  const cases: { name: string; f: FindingWithPerson; body: { note?: string; employerName?: string }; call: (s: ReturnType<typeof setup>) => unknown[][]; expected: unknown[]; applied: Record<string, unknown> }[] = [
    {
      name: 'deregistration: the registration service, the reason, the day and a note naming the finding and lines',
      f: finding({ type: 'deregister', reason: 'deceased', on: '2025-12-20' }),
      body: { note: '已核实' },
      call: (s) => s.registration.deregister.mock.calls,
      expected: [expect.anything(), 'reg-1', { reason: 'deceased', on: '2025-12-20', note: '信息比对 死亡（比对结果 f-1，第 4,9 行）：已核实' }],
      applied: { type: 'deregister', registrationId: 'reg-1', reason: 'deceased', cancelledOn: '2025-12-20' },
    },
    {
      name: 'employment: the registration service with the employer the caseworker named',
      f: finding({ type: 'employment_registration', employerName: null, employerCreditCode: '91150100MA0000000X', startedOn: '2025-10-01', employmentType: 'stable' }, { datasetKind: 'social_insurance', rule: 'verification.hired' }),
      body: { employerName: ' 某某公司 ' },
      call: (s) => s.registration.registerEmployment.mock.calls,
      expected: [expect.anything(), 'p-1', { employerName: '某某公司', employerCreditCode: '91150100MA0000000X', startedOn: '2025-10-01', type: 'stable' }],
      applied: { type: 'employment_registration', employmentId: 'emp-1', employerName: '某某公司' },
    },
    {
      name: 'referral: the referrals service, the kind and a reason naming the finding and criteria',
      f: finding({ type: 'referral', referralKind: 'dibao' }, { category: 'referral', datasetKind: 'registry', rule: 'referral.civil_affairs', criteria: [{ id: 'zero_employment_household', nameZh: '零就业家庭' }] }),
      body: {},
      call: (s) => s.referrals.refer.mock.calls,
      expected: [expect.anything(), 'p-1', { kind: 'dibao', reason: '信息比对（比对结果 f-1）：零就业家庭' }],
      applied: { type: 'referral', referralId: 'ref-1', kind: 'dibao' },
    },
  ];
  it.each(cases)('$name', async ({ f, body, call, expected, applied }) => {
    const s = setup(f);
    const ctx = ctxOf();
    await s.cmp.confirm(ctx, f.id, body);
    expect(call(s)).toEqual([expected]);
    expect(s.transitions).toEqual(['pending→applying', 'applying→confirmed']);
    expect(ctx.audit).toMatchObject({ action: 'comparison.finding.confirm', resourceId: 'f-1', detail: { applied } });
  });

  it('an action that fails puts the finding back to pending', async () => {
    const s = setup(finding({ type: 'deregister', reason: 'deceased', on: '2025-12-20' }));
    s.registration.deregister.mockRejectedValueOnce(new Error('refused'));
    await expect(s.cmp.confirm(ctxOf(), 'f-1', {})).rejects.toThrow('refused');
    expect(s.transitions).toEqual(['pending→applying', 'applying→pending']);
  });

  it('an employment without an employer name is refused before anything is claimed or applied', async () => {
    const s = setup(finding({ type: 'employment_registration', employerName: null, employerCreditCode: '91150100MA0000000X', startedOn: '2025-10-01' }));
    await expect(s.cmp.confirm(ctxOf(), 'f-1', {})).rejects.toMatchObject({ code: 'COMPARISON_EMPLOYER_NAME_REQUIRED' });
    expect(s.transitions).toEqual([]);
    expect(s.registration.registerEmployment).not.toHaveBeenCalled();
  });

  it('a finding outside the caller’s jurisdiction answers 404, audited as a refusal, and nothing is applied', async () => {
    const s = setup(finding({ type: 'deregister', reason: 'deceased', on: '2025-12-20' }));
    const ctx = ctxOf('150102002001');
    await expect(s.cmp.confirm(ctx, 'f-1', {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(ctx.audit).toEqual({ action: 'comparison.finding.confirm', resourceType: 'comparison_finding', resourceId: 'f-1', jurisdictionCode: '150102001001', denied: true, detail: { reason: 'out_of_scope' } });
    expect(s.transitions).toEqual([]);
    expect(s.registration.deregister).not.toHaveBeenCalled();
  });
});
