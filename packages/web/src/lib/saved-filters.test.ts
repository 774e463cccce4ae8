import { describe, expect, it } from 'vitest';
import { deleteFilter, loadFilters, saveFilter } from './saved-filters.ts';

function memory() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe('saved person filters', () => {
  it('saves, replaces by name, keeps users apart and deletes', () => {
    const s = memory();
    saveFilter(s, 'u1', '困难人员', { mark: 'difficulty', q: '  ' });
    saveFilter(s, 'u1', '失业', { status: 'unemployed' });
    expect(loadFilters(s, 'u1')).toEqual([
      { name: '困难人员', filter: { mark: 'difficulty' } },
      { name: '失业', filter: { status: 'unemployed' } },
    ]);
    saveFilter(s, 'u1', '困难人员', { mark: 'difficulty', q: 'zsf' });
    expect(loadFilters(s, 'u1').map((f) => f.name)).toEqual(['失业', '困难人员']);
    expect(loadFilters(s, 'u1')[1]?.filter).toEqual({ mark: 'difficulty', q: 'zsf' });
    expect(loadFilters(s, 'u2')).toEqual([]);
    expect(deleteFilter(s, 'u1', '失业').map((f) => f.name)).toEqual(['困难人员']);
  });

  it('keeps the tier and level filters of long-term registrants', () => {
    const s = memory();
    saveFilter(s, 'u1', '长期失业 Ⅱ级', { tier: 'long', level: 'level2', q: '' });
    expect(loadFilters(s, 'u1')).toEqual([{ name: '长期失业 Ⅱ级', filter: { tier: 'long', level: 'level2' } }]);
  });

  it('drops damaged storage instead of failing', () => {
    const s = memory();
    s.setItem('bangfu.personFilters.u1', '{not json');
    expect(loadFilters(s, 'u1')).toEqual([]);
    s.setItem('bangfu.personFilters.u1', JSON.stringify([{ name: 'ok', filter: {} }, { name: 3 }, { name: 'bad', filter: { x: 1 } }]));
    expect(loadFilters(s, 'u1')).toEqual([{ name: 'ok', filter: {} }]);
  });
});
