/**
 * Deterministic synthetic partner files, consistent with the demo registry: the same `seed`, `persons` and `asOf`
 * as `loadDemo` reproduce the same people (generateDemo), so the file's ID numbers match registry files. Streams:
 * 10,000,000 rows (~600 MB of social-insurance contributions) are written with bounded memory.
 *
 * What each kind contains (by seeded chance):
 * - social_insurance: 12 monthly contributions for employed / flexibly employed persons; for about one registrant in
 *   ten, contributions from the month after registration (the "hired" case); then persons outside the registry.
 * - business_registration, pension, death, school_enrolment, imprisonment, military: one row for a small share of
 *   registrants (the status-verification cases) and of matching non-registrants, then outsiders.
 * - low_income, dibao, disability, social_assistance: persons with the matching mark, some unregistered working-age
 *   persons (discovery cases), then outsiders. tax_disability_fee: employers in the demo counties.
 * About one row in 5,000 is deliberately bad (wrong check character or an impossible date) to exercise rejection.
 */
import { createWriteStream } from 'node:fs';
import { residentIdCheckChar } from '@bangfu/rules';
import { demoAccounts, demoAnchorVillages } from '../../demo/accounts.ts';
import { readDemoDivisions } from '../../demo/divisions.ts';
import { generateDemo, type DemoPerson } from '../../demo/generate.ts';
import { Rng } from '../../demo/prng.ts';
import { DATASETS, type DatasetKind } from './datasets.ts';

export interface GenerateFileOptions {
  readonly kind: DatasetKind;
  readonly rows: number;
  readonly out: string;
  readonly seed?: number;
  /** Size of the demo registry the file should be consistent with (as given to `loadDemo`). */
  readonly persons?: number;
  /** The demo's "today" (as given to `loadDemo`). */
  readonly asOf: string;
  readonly onProgress?: (rows: number) => void;
}

const OUTSIDE_PREFIXES = ['110105', '310104', '440106', '330106', '510107', '420106', '370102', '210102'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华';

const PLACES = ['青城', '北方', '草原', '塞外', '鹿城', '许昌', '渝中', '山城', '敕勒川', '大青山', '黄河', '中原'];
const TRADES = ['建设', '乳业', '物流', '商贸', '机械', '发制品', '餐饮管理', '电子', '家政服务', '农牧业', '物业管理', '汽车服务', '印务', '医药连锁'];
const FORMS = ['有限公司', '有限责任公司', '股份有限公司', '集团有限公司'];

/** The employer behind credit code `i` (the same `i` always names the same employer). */
export function employerNameOf(i: number): string {
  const n = Math.abs(Math.trunc(i));
  return `${PLACES[n % PLACES.length]}${TRADES[Math.floor(n / PLACES.length) % TRADES.length]}${FORMS[Math.floor(n / (PLACES.length * TRADES.length)) % FORMS.length]}`;
}

function creditCode(i: number): string {
  return `91${String(150102 + (i % 7)).padStart(6, '0')}MA0${String(i % 10_000_000).padStart(7, '0')}`.slice(0, 18);
}

function monthAdd(iso: string, months: number): number {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months;
  return (y + Math.floor(m / 12)) * 100 + (((m % 12) + 12) % 12) + 1;
}

function dayAdd(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Writes the file; answers the rows written and how many demo persons appear in it. */
export async function generatePartnerFile(o: GenerateFileOptions): Promise<{ rows: number; registryPersons: number; bytes: number }> {
  if (!Number.isInteger(o.rows) || o.rows < 1) throw new Error('rows 必须是正整数 / rows must be a positive integer');
  const seed = o.seed ?? 20260101;
  const persons = o.persons ?? 300;
  const rng = new Rng(seed ^ 0x5eed);
  const spec = DATASETS[o.kind];
  const out = createWriteStream(o.out, { highWaterMark: 4 * 1024 * 1024 });
  let bytes = 0;
  let buf: string[] = [];
  let written = 0;
  let registryPersons = 0;
  const flush = async (): Promise<void> => {
    if (buf.length === 0) return;
    const chunk = Buffer.from(buf.join(''), 'utf8');
    buf = [];
    bytes += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    o.onProgress?.(written);
  };
  // Social insurance: the employer's name and credit code (a confirmed finding records the employer by name).
  const header = o.kind === 'social_insurance' ? '公民身份号码,姓名,单位名称,统一社会信用代码,缴费年月,缴费基数' : spec.fields.map((f) => f.zh).join(',');
  buf.push(`${header}\n`);
  let outsider = 0;
  const name = () => `${SURNAMES[rng.int(0, SURNAMES.length - 1)]}${GIVEN[rng.int(0, GIVEN.length - 1)]}${rng.chance(0.6) ? GIVEN[rng.int(0, GIVEN.length - 1)] : ''}`;
  const outsiderId = (): string => {
    outsider++;
    const prefix = OUTSIDE_PREFIXES[outsider % OUTSIDE_PREFIXES.length]!;
    const day = 3000 + (Math.floor(outsider / OUTSIDE_PREFIXES.length) % 14000);
    const birth = dayAdd('1960-01-01', day).replaceAll('-', '');
    const seq = String(Math.floor(outsider / (OUTSIDE_PREFIXES.length * 14000)) % 1000).padStart(3, '0');
    const first17 = `${prefix}${birth}${seq}`;
    return first17 + residentIdCheckChar(first17);
  };
  const spoil = (id: string): string => (rng.chance(0.0002) ? id.slice(0, 17) + (id.endsWith('1') ? '2' : '1') : id);
  const badDate = (d: string): string => (rng.chance(0.0001) ? `${d.slice(0, 5)}13${d.slice(7)}` : d);
  /** One row of the kind for an ID; `on` is the event day for date columns. */
  const row = (id: string, who: string, on: string, p?: DemoPerson): string => {
    const cells = spec.fields.map((f) => {
      switch (f.key) {
        case 'id_number':
          return spoil(id);
        case 'name':
          return who;
        case 'division_code':
          return p?.jurisdictionCode ?? '150102001001';
        case 'disability_grade':
          return String(p?.disabilityGrade ?? rng.int(1, 4));
        case 'business_name':
          return `${who}便民店`;
        case 'credit_code':
        case 'employer_credit_code':
          return creditCode(rng.int(0, 9_999_999));
        case 'employer_name':
          return employerNameOf(rng.int(0, 9_999_999));
        case 'school':
          return '职业技术学院';
        case 'year':
          return o.asOf.slice(0, 4);
        case 'amount':
        case 'base':
          return String(rng.int(3000, 20000));
        case 'assistance_type':
          return '临时救助';
        default:
          return f.type === 'date' ? badDate(on) : '';
      }
    });
    return `${cells.join(',')}\n`;
  };

  const divisions = readDemoDivisions();
  const anchors = demoAnchorVillages(demoAccounts(divisions));
  const c = spec.comparison;
  outer: for (const batch of generateDemo({ persons, seed, asOf: o.asOf, divisions, anchorVillages: anchors, batchSize: 5000 })) {
    for (const p of batch.persons) {
      if (written >= o.rows) break outer;
      let emitted = 0;
      if (o.kind === 'social_insurance') {
        const employed = p.employmentStatus === 'employed' || p.employmentStatus === 'flexible';
        const hired = p.registration !== null && rng.chance(0.1);
        if (employed || hired) {
          const employer = rng.int(0, 9_999_999);
          const code = `${employerNameOf(employer)},${creditCode(employer)}`;
          const from = hired ? monthAdd(p.registration!.registeredOn, 1) : monthAdd(o.asOf, -12);
          for (let k = 0; k < 12 && written < o.rows; k++) {
            const m = (from % 100) - 1 + k;
            const month = (Math.floor(from / 100) + Math.floor(m / 12)) * 100 + (m % 12) + 1;
            if (month > monthAdd(o.asOf, 0)) break;
            buf.push(`${spoil(p.idNumber)},${p.name},${code},${rng.chance(0.0001) ? '202513' : String(month)},${rng.int(3000, 9999)}\n`);
            written++;
            emitted++;
          }
        }
      } else if (c.type === 'discovery') {
        const mark = c.mark;
        const has = p.marks.some((m) => m.mark === mark);
        if (has || (p.registration === null && p.employmentStatus === 'other' && rng.chance(0.3))) {
          buf.push(row(p.idNumber, p.name, p.marks.find((m) => m.mark === mark)?.since ?? dayAdd(o.asOf, -rng.int(30, 900)), p));
          written++;
          emitted++;
        }
      } else if (c.type !== 'employers') {
        const share = p.registration ? 0.02 : 0.005;
        if (rng.chance(share)) {
          const base = p.registration?.registeredOn ?? dayAdd(o.asOf, -400);
          buf.push(row(p.idNumber, p.name, dayAdd(base, rng.int(0, 60)) > o.asOf ? o.asOf : dayAdd(base, rng.int(0, 60)), p));
          written++;
          emitted++;
        }
      }
      if (emitted > 0) registryPersons++;
      if (buf.length >= 20_000) await flush();
    }
  }
  // The rest: persons outside the registry (other provinces), or employers for the fee list.
  while (written < o.rows) {
    if (o.kind === 'social_insurance') {
      const id = outsiderId();
      const who = name();
      const employer = rng.int(0, 9_999_999);
      const code = `${employerNameOf(employer)},${creditCode(employer)}`;
      for (let k = 1; k <= 12 && written < o.rows; k++) {
        buf.push(`${spoil(id)},${who},${code},${monthAdd(o.asOf, -k)},${rng.int(3000, 9999)}\n`);
        written++;
      }
    } else if (c.type === 'employers') {
      buf.push(`${employerNameOf(written)},${creditCode(written)},${['150102001000', '411002001000', '500103001000'][written % 3]},${o.asOf.slice(0, 4)},${rng.int(10_000, 500_000)}\n`);
      written++;
    } else {
      buf.push(row(outsiderId(), name(), dayAdd(o.asOf, -rng.int(30, 3000))));
      written++;
    }
    if (buf.length >= 20_000) await flush();
  }
  await flush();
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return { rows: written, registryPersons, bytes };
}
