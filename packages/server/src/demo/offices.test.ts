import { describe, expect, it } from 'vitest';
import { readDemoDivisions } from './divisions.ts';
import { demoOffices, officeName } from './offices.ts';

describe('demo offices', () => {
  const divisions = readDemoDivisions();
  const offices = demoOffices(divisions, 1);
  const at = (code: string) => offices.find((o) => o.jurisdictionCode === code);

  it('name offices the way each level names them', () => {
    expect(at('150100000000')?.name).toBe('呼和浩特市公共就业和人才服务中心');
    expect(at('150102000000')?.name).toBe('新城区公共就业服务中心');
    expect(at('150102001000')?.name).toBe('海拉尔东路街道劳动保障事务所');
    expect(at('150102001001')?.name).toBe('公主府社区就业服务站');
    expect(at('150102101000')?.name).toBe('保合少镇劳动保障服务所');
    expect(officeName({ code: '150102101001', name: '毫沁营村委会', level: 'village', parentCode: '150102101000' })).toBe('毫沁营村劳动保障服务站');
    expect(at('411000000000')?.name).toBe('许昌市公共就业和人才服务中心');
    expect(at('500000000000')?.name).toBe('重庆市就业服务管理局');
  });

  it('cover every level of the three slices once, with no office for 市辖区', () => {
    const villages = divisions.filter((d) => d.level === 'village').length;
    const townships = divisions.filter((d) => d.level === 'township' && /^(150102|411002|500103)/.test(d.code)).length;
    // 3 provinces + 2 cities (重庆 市辖区 has none) + 3 counties + townships + villages of the slices
    expect(offices).toHaveLength(3 + 2 + 3 + townships + villages);
    expect(at('500100000000')).toBeUndefined();
    expect(new Set(offices.map((o) => o.jurisdictionCode)).size).toBe(offices.length);
    expect(new Set(offices.map((o) => o.id)).size).toBe(offices.length);
  });

  it('give local fixed-line numbers and full addresses, the same for the same seed', () => {
    for (const o of offices) {
      if (o.jurisdictionCode.startsWith('15')) expect(o.phone).toMatch(/^0471-\d{7}$/);
      if (o.jurisdictionCode.startsWith('41')) expect(o.phone).toMatch(/^0374-\d{7}$/);
      if (o.jurisdictionCode.startsWith('50')) expect(o.phone).toMatch(/^023-\d{8}$/);
    }
    expect(at('150102001001')?.address).toBe('内蒙古自治区呼和浩特市新城区海拉尔东路街道公主府社区党群服务中心一楼');
    expect(demoOffices(divisions, 1)).toEqual(offices);
  });
});
