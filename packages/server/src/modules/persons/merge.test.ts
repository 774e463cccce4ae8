import { describe, expect, it } from 'vitest';
import { mergeFill } from './merge.ts';
import type { PersonRow } from './persons.repository.ts';

const fact = (on: string, source = 'visit') => ({ on, source, by: null });

function file(overrides: Partial<PersonRow>): PersonRow {
  return {
    phoneEnc: null,
    phoneBidx: null,
    phoneMasked: null,
    hukouCode: null,
    hukouAddress: null,
    insuredCode: null,
    insuredAddress: null,
    workplaceCode: null,
    workplaceAddress: null,
    address: null,
    education: null,
    intention: null,
    retirementCategory: null,
    disabilityGradeEnc: null,
    incomeEnc: null,
    skills: [],
    certificates: [],
    workHistory: [],
    serviceNeeds: [],
    clears: {},
    householdId: null,
    relationship: null,
    ...overrides,
  } as PersonRow;
}

describe('mergeFill', () => {
  it('keeps the survivor’s facts and takes the duplicate’s where it has none (a phone with its index and mask)', () => {
    const survivor = file({ education: 'college', skills: [{ name: '电工' }] });
    const duplicate = file({ education: 'high_school', phoneEnc: 'enc', phoneBidx: 'bidx', phoneMasked: '138****8000', address: '二号', skills: [{ name: '焊工' }], serviceNeeds: ['training'] });
    const { fill, filled } = mergeFill(survivor, duplicate, 'u1');
    expect(filled).toEqual(['phoneEnc', 'address', 'serviceNeeds']);
    expect(fill).toMatchObject({ updatedBy: 'u1', phoneEnc: 'enc', phoneBidx: 'bidx', phoneMasked: '138****8000', address: '二号', serviceNeeds: ['training'] });
    expect(fill).not.toHaveProperty('education');
    expect(fill).not.toHaveProperty('skills');
  });

  it('takes each clear at the later date', () => {
    const survivor = file({ clears: { headcount: fact('2025-05-01'), skills: fact('2025-01-01') } });
    const duplicate = file({ clears: { headcount: fact('2025-04-01', 'phone'), skills: fact('2025-03-01', 'phone'), intention: fact('2024-12-01', 'sms') } });
    expect(mergeFill(survivor, duplicate, 'u1').fill.clears).toEqual({ headcount: fact('2025-05-01'), skills: fact('2025-03-01', 'phone'), intention: fact('2024-12-01', 'sms') });
  });

  it('takes the duplicate’s household only when the survivor has none', () => {
    const dup = file({ householdId: 'h2', relationship: 'spouse' });
    expect(mergeFill(file({}), dup, 'u1')).toMatchObject({ fill: { householdId: 'h2', relationship: 'spouse' }, filled: ['householdId'] });
    expect(mergeFill(file({ householdId: 'h1', relationship: 'head' }), dup, 'u1').fill).not.toHaveProperty('householdId');
  });
});
