import { describe, expect, it } from 'vitest';
import type { EmploymentStatus, Mark } from '../packs/codes.ts';
import { endOfNextPeriod, evaluateFollowUp } from './followup.ts';
import { d, packs, type PackName } from './test-helpers.ts';

describe('follow-up rhythm (NM24 四; XC23 三(三); NM22 三(七); CQ25 四)', () => {
  it.each<[string, PackName, EmploymentStatus, Mark[], boolean, string | undefined, string | undefined, string, string, string | null, boolean]>([
    // name, pack, status, marks, keyGroup, employedSince, lastContact, asOf, rhythm, nextDueBy, overdue
    ['XC23 三(三) difficulty unemployed: monthly, due end of next month', 'xuchang', 'unemployed', ['difficulty'], false, undefined, '2025-03-10', '2025-04-30', 'monthly', '2025-04-30', false],
    ['XC23 三(三) …and overdue the day after', 'xuchang', 'unemployed', ['difficulty'], false, undefined, '2025-03-10', '2025-05-01', 'monthly', '2025-04-30', true],
    ['NM24 四 difficulty, no contact yet: counted from registration', 'neiMongol', 'unemployed', ['difficulty'], true, undefined, undefined, '2025-02-10', 'monthly', '2025-02-28', false],
    ['NM22 三(七) every registrant is a key group: monthly', 'neiMongol', 'unemployed', [], true, undefined, '2025-01-31', '2025-02-10', 'monthly', '2025-02-28', false],
    ['national: no rhythm for other registrants', 'national', 'unemployed', [], false, undefined, '2025-01-31', '2025-02-10', 'none', null, false],
    ['XC23 三(三) flexible: quarterly', 'xuchang', 'flexible', [], false, '2025-01-05', '2025-02-15', '2025-05-01', 'quarterly', '2025-06-30', false],
    ['XC23 三(三) stable: half-yearly', 'xuchang', 'employed', [], false, '2024-01-01', '2025-03-01', '2025-08-01', 'half_yearly', '2025-12-31', false],
    ['CQ25 四 adaptation period: 1 month rolling from employment', 'chongqing', 'employed', [], false, '2025-04-01', undefined, '2025-05-10', 'adaptation', '2025-05-01', true],
    ['CQ25 四 after adaptation: stability period rhythm', 'chongqing', 'employed', [], false, '2025-01-01', '2025-04-20', '2025-05-10', 'half_yearly', '2025-12-31', false],
    ['students: no follow-up rhythm', 'xuchang', 'student', [], false, undefined, undefined, '2025-05-10', 'none', null, false],
  ])('%s', (_n, pack, status, marks, keyGroup, employedSince, lastContact, asOf, rhythm, nextDueBy, overdue) => {
    const f = evaluateFollowUp(
      { employmentStatus: status, marks: new Set(marks), keyGroup, registeredOn: d('2025-01-10'), employedSince: employedSince ? d(employedSince) : undefined, lastContact: lastContact ? d(lastContact) : undefined },
      packs[pack],
      d(asOf),
    );
    expect([f.rhythm, f.nextDueBy, f.overdue]).toEqual([rhythm, nextDueBy, overdue]);
  });

  it('calendar periods align to January', () => {
    expect(endOfNextPeriod(d('2025-12-15'), 1)).toEqual(d('2026-01-31'));
    expect(endOfNextPeriod(d('2025-03-31'), 3)).toEqual(d('2025-06-30'));
    expect(endOfNextPeriod(d('2025-07-01'), 6)).toEqual(d('2026-06-30'));
  });

  it('names the missing employment start', () => {
    const f = evaluateFollowUp({ employmentStatus: 'employed', marks: new Set(), keyGroup: false, registeredOn: d('2025-01-10'), employedSince: undefined, lastContact: undefined }, packs.xuchang, d('2025-03-01'));
    expect(f.missingFacts).toEqual(['person.employedSince']);
  });
});
