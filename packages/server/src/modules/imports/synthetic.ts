/**
 * Synthetic ledgers for tests and the import benchmark: deterministic persons with valid resident ID numbers
 * (check character by the rules package), names, phones and residence codes, written as CSV in UTF-8 or GBK.
 * Generated at run time so no bulk data is committed.
 */
import iconv from 'iconv-lite';
import { residentIdCheckChar } from '@bangfu/rules';
import { csvLine } from './files.ts';

export interface SyntheticPerson {
  name: string;
  idNumber: string;
  sex: 'male' | 'female';
  birthDate: string;
  phone: string;
  residenceCode: string;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '建华', '志强'];

/**
 * The `i`-th synthetic person (unique per `i` below 10^7 for one `base`): the serial is spread over the birth
 * date (1966–2005) and the 3-digit sequence, so ID numbers never repeat.
 */
export function syntheticPerson(i: number, villages: readonly string[], base = 0): SyntheticPerson {
  const n = i + base;
  const village = villages[n % villages.length] ?? '150102001001';
  const day = Math.floor(n / 500) % 14_600; // 40 years of birth dates
  const birth = new Date(Date.UTC(1966, 0, 1) + day * 86_400_000);
  const birthDate = birth.toISOString().slice(0, 10);
  const seq = (n % 500) * 2 + (n % 2 === 0 ? 1 : 0); // 0..999, odd = male
  const first17 = `${village.slice(0, 6)}${birthDate.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  const idNumber = first17 + residentIdCheckChar(first17);
  const name = (SURNAMES[n % SURNAMES.length] ?? '王') + (GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length] ?? '伟');
  return {
    name,
    idNumber,
    sex: seq % 2 === 1 ? 'male' : 'female',
    birthDate,
    phone: `139${String(10_000_000 + (n % 89_999_999)).padStart(8, '0')}`,
    residenceCode: village,
  };
}

export const PERSON_HEADER = ['姓名', '公民身份号码', '性别', '出生日期', '联系电话', '居住地区划代码', '详细地址', '文化程度', '就业状态', '就业意愿', '人员标注'];

export function personCells(p: SyntheticPerson, extra: { status?: string; address?: string; marks?: string } = {}): string[] {
  return [p.name, p.idNumber, p.sex === 'male' ? '男' : '女', p.birthDate, p.phone, p.residenceCode, extra.address ?? '幸福小区 1 号楼', '高中', extra.status ?? '失业', '就业意愿', extra.marks ?? ''];
}

export function csvText(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return csvLine(header) + rows.map((r) => csvLine(r)).join('');
}

export function encodeCsv(text: string, encoding: 'utf-8' | 'utf-8-bom' | 'gbk'): Buffer {
  if (encoding === 'gbk') return iconv.encode(text, 'gbk');
  return Buffer.from((encoding === 'utf-8-bom' ? '\uFEFF' : '') + text, 'utf8');
}
