import { describe, expect, it } from 'vitest';
import { changeOf, endOfDayInChina, fourClears, fromSnapshot, pinyinKeys, toSnapshot, withClears } from './person-file.ts';
import { chinaDate } from '../../jobs/clock.ts';
import type { MarkRow, PersonRow } from './persons.repository.ts';

describe('pinyinKeys', () => {
  it.each([
    ['张三丰', 'zhangsanfeng', 'zsf'],
    ['单雄信', 'shanxiongxin', 'sxx'],
    ['曾国藩', 'zengguofan', 'zgf'],
    ['吕布', 'lvbu', 'lb'],
    ['阿依古丽·买买提', 'ayiguli' + 'maimaiti', 'aygl' + 'mmt'],
  ])('%s → %s / %s', (name, full, initials) => {
    expect(pinyinKeys(name)).toEqual({ full, initials });
  });
});

describe('dates in China', () => {
  it('takes the civil date in UTC+8', () => {
    expect(chinaDate(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01-01');
    expect(chinaDate(new Date('2025-12-31T15:59:59Z'))).toBe('2025-12-31');
    expect(endOfDayInChina('2025-10-01').toISOString()).toBe('2025-10-01T15:59:59.999Z');
  });
});

describe('four clears', () => {
  const fact = (on: string) => ({ on, source: 'visit', by: null });
  it('is complete within the age, stale after it, missing when never gathered', () => {
    const c = fourClears({ headcount: fact('2025-01-01'), skills: fact('2025-06-29'), intention: fact('2025-06-30') }, '2025-12-27', 180);
    expect(c.headcount.status).toBe('stale');
    expect(c.skills.status).toBe('stale');
    expect(c.intention.status).toBe('complete');
    expect(c.serviceNeeds.status).toBe('missing');
    expect(c.complete).toBe(false);
  });
  it('keeps the later date when an older fact is recorded late', () => {
    const c = withClears({ skills: fact('2025-05-01') }, ['skills', 'intention'], fact('2025-03-01'));
    expect(c.skills?.on).toBe('2025-05-01');
    expect(c.intention?.on).toBe('2025-03-01');
  });
});

describe('snapshots and change records', () => {
  const row = {
    id: 'p1',
    name: '王五',
    phoneEnc: 'v1:secret',
    phoneBidx: 'bidx',
    phoneMasked: '139****0000',
    disabilityGradeEnc: 'v1:grade',
    employmentStatus: 'unemployed',
    createdAt: new Date('2025-01-01T00:00:00Z'),
    updatedAt: new Date('2025-01-02T00:00:00Z'),
    hiddenAt: null,
    version: 1,
    skills: [],
    identityVerified: false,
    identityVerifiedAt: null,
  } as unknown as PersonRow;
  const marks = [{ personId: 'p1', mark: 'veteran', since: '2020-01-01', until: null, recordedAt: new Date('2025-01-01T00:00:00Z') }] as unknown as MarkRow[];

  it('round-trips a file through its snapshot', () => {
    const back = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(row, marks))));
    expect(back.row).toEqual({ ...row, certificates: [], workHistory: [], serviceNeeds: [], clears: {} });
    expect(back.marks).toEqual(marks);
  });

  it('records changes with sensitive values only as masks or "changed"', () => {
    const after = { ...row, phoneEnc: 'v1:other', phoneBidx: 'b2', phoneMasked: '139****1111', disabilityGradeEnc: 'v1:g2', employmentStatus: 'employed', version: 2 } as PersonRow;
    expect(changeOf(row, after)).toEqual({
      phone: { from: '139****0000', to: '139****1111' },
      disabilityGrade: { changed: true },
      employmentStatus: { from: 'unemployed', to: 'employed' },
    });
  });
});
