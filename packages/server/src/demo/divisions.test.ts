import { describe, expect, it } from 'vitest';
import { DivisionTree, parseDivisionsCsv, readDemoDivisions } from './divisions.ts';

describe('demo divisions', () => {
  const all = readDemoDivisions();

  it('adds the national root 全国 above the three provinces of the shipped CSV', () => {
    expect(all[0]).toEqual({ code: '000000000000', name: '全国', level: 'nation', parentCode: null });
    const provinces = all.filter((d) => d.level === 'province');
    expect(provinces.map((p) => p.name).sort()).toEqual(['内蒙古自治区', '河南省', '重庆市'].sort());
    for (const p of provinces) expect(p.parentCode).toBe('000000000000');
    expect(all).toHaveLength(1491);
  });

  it('links every division to a parent in the list', () => {
    const tree = new DivisionTree(all);
    for (const d of all) if (d.parentCode) expect(tree.has(d.parentCode), d.code).toBe(true);
    expect(tree.path('150102001001').map((d) => d.name)).toEqual(['内蒙古自治区', '呼和浩特市', '新城区', '海拉尔东路街道', '公主府社区居委会']);
    expect(tree.villagesOf('150102000000')).toHaveLength(90);
  });

  it('names the line and the column of a bad row, in Chinese and English', () => {
    expect(() => parseDivisionsCsv('code,name\n')).toThrow(/首行.*header/);
    expect(() => parseDivisionsCsv('code,name,level,parent_code\n15010,新城区,county,\n')).toThrow(/第 2 行 \/ line 2: code/);
    expect(() => parseDivisionsCsv('code,name,level,parent_code\n150102000000,新城区,district,\n')).toThrow(/level/);
    expect(() => parseDivisionsCsv('code,name,level,parent_code\n150102000000,,county,\n')).toThrow(/name/);
    expect(() => parseDivisionsCsv('code,name,level,parent_code\n150102000000,a,county,\n150102000000,b,county,\n')).toThrow(/第 3 行.*重复/);
    expect(() => new DivisionTree(all).get('110101000000')).toThrow(/110101000000/);
  });
});
