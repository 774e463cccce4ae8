/**
 * Public employment service offices (公共就业服务机构) of the demo: one per division on the path of each detailed
 * slice — province, city, the county, each township/street and each community/village — named the way such
 * offices are named (呼和浩特市公共就业和人才服务中心, 新城区公共就业服务中心, 海拉尔东路街道劳动保障事务所,
 * 公主府社区就业服务站), with a street address and a fixed-line number in the local area code.
 */
import { DivisionTree, DEMO_SLICE_COUNTIES, type DemoDivision, type DemoDivisionLevel } from './divisions.ts';
import { divisionAddress, isUrbanVillage, villagePlaceName } from './generate.ts';
import { Rng } from './prng.ts';

export interface DemoOffice {
  readonly id: string;
  readonly jurisdictionCode: string;
  readonly name: string;
  readonly level: DemoDivisionLevel;
  readonly address: string;
  readonly phone: string;
}

/** Province-level agencies keep their own names. */
const PROVINCE_OFFICE: Readonly<Record<string, string>> = {
  '150000000000': '内蒙古自治区就业服务局',
  '410000000000': '河南省就业促进中心',
  '500000000000': '重庆市就业服务管理局',
};

/** Area code and local-number length by prefecture (呼和浩特 0471, 许昌 0374 with 7 digits; 重庆 023 with 8). */
const AREA: Readonly<Record<string, { code: string; digits: number }>> = {
  '15': { code: '0471', digits: 7 },
  '41': { code: '0374', digits: 7 },
  '50': { code: '023', digits: 8 },
};

const OFFICE_ROADS = ['政务服务中心', '人民路', '新华大街', '中山路', '解放路', '民主路', '建设路', '文化路'];

export function officeName(d: DemoDivision): string {
  switch (d.level) {
    case 'nation':
      return '全国公共就业服务';
    case 'province':
      return PROVINCE_OFFICE[d.code] ?? `${d.name}公共就业服务中心`;
    case 'city':
      return `${d.name}公共就业和人才服务中心`;
    case 'county':
      return `${d.name}公共就业服务中心`;
    case 'township':
      // Streets (街道) have a 劳动保障事务所, towns and townships a 劳动保障服务所.
      return d.name.endsWith('街道') ? `${d.name}劳动保障事务所` : `${d.name}劳动保障服务所`;
    case 'village':
      return isUrbanVillage(d.name) ? `${villagePlaceName(d.name)}就业服务站` : `${villagePlaceName(d.name)}劳动保障服务站`;
  }
}

/** Offices for the slices, parents before children, deterministic for a seed. */
export function demoOffices(divisions: readonly DemoDivision[], seed: number): DemoOffice[] {
  const tree = new DivisionTree(divisions);
  const rng = new Rng(seed ^ 0x0ff1ce);
  const wanted: DemoDivision[] = [];
  const seen = new Set<string>();
  const add = (d: DemoDivision): void => {
    // 市辖区 (Chongqing's statistical city level) has no office of its own.
    if (seen.has(d.code) || d.name === '市辖区') return;
    seen.add(d.code);
    wanted.push(d);
  };
  for (const county of DEMO_SLICE_COUNTIES) {
    for (const d of tree.path(county)) add(d);
    const prefix = county.slice(0, 6);
    for (const d of divisions) if (d.code.startsWith(prefix) && (d.level === 'township' || d.level === 'village')) add(d);
  }
  return wanted.map((d) => {
    const area = AREA[d.code.slice(0, 2)] ?? { code: '010', digits: 8 };
    // Government service centres in these cities use 6xxxxxx numbers; neighbourhood offices vary.
    const first = d.level === 'village' || d.level === 'township' ? rng.int(2, 8) : 6;
    const rest = String(rng.int(0, 10 ** (area.digits - 1) - 1)).padStart(area.digits - 1, '0');
    const street = d.level === 'village' ? '党群服务中心一楼' : `${rng.pick(OFFICE_ROADS)}${rng.int(1, 300)}号`;
    return {
      id: rng.uuid(),
      jurisdictionCode: d.code,
      name: officeName(d),
      level: d.level,
      address: `${divisionAddress(tree, d.code)}${street}`,
      phone: `${area.code}-${first}${rest}`,
    };
  });
}
