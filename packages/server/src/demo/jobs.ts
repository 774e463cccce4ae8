/**
 * Demo employers, job postings, job-seeking preferences and recommendations (issue 13) in the three demo counties
 * (新城区, 魏都区, 渝中区), with real occupation codes (职业分类大典 2022) and real-format credit codes, so matching shows
 * sensible results on first start; in each county a few registrants have recommendations in every result state (the hire ends the registration). Idempotent: nothing is loaded once the first demo employer account exists.
 * Employer accounts (password as the other demo accounts): employer.xincheng, employer.weidu, employer.yuzhong.
 */
import { creditCodeCheckChar, RECOMMENDATION_STATES } from '@bangfu/rules';
import { sql } from 'drizzle-orm';
import type { Role } from '../access/roles.ts';
import type { RequestContext } from '../http/context.ts';
import { hashPassword } from '../security/passwords.ts';
import type { Services } from '../services.ts';
import { DEMO_PASSWORD } from './accounts.ts';
import { readDemoDivisions, type DemoDivision } from './divisions.ts';

interface DemoPosting {
  occupation: string;
  title: string;
  payMin: number;
  payMax: number;
  hours: 'full_time' | 'part_time' | 'flexible';
  flags?: Partial<Record<'ageFriendly' | 'disabilitySuitable' | 'gig' | 'internship', boolean>>;
  skills?: string[];
}

const POSTINGS: readonly DemoPosting[] = [
  { occupation: '4-09-08-01', title: '社区保洁员', payMin: 2200, payMax: 2800, hours: 'part_time', flags: { ageFriendly: true, disabilitySuitable: true } },
  { occupation: '4-07-05-01', title: '小区保安员', payMin: 2800, payMax: 3500, hours: 'full_time', flags: { ageFriendly: true } },
  { occupation: '4-01-02-04', title: '超市收银员', payMin: 2600, payMax: 3200, hours: 'full_time', flags: { disabilitySuitable: true } },
  { occupation: '4-03-02-01', title: '中餐厨师', payMin: 4500, payMax: 6500, hours: 'full_time', skills: ['中式烹调'] },
  { occupation: '4-02-07-08', title: '快递员', payMin: 4000, payMax: 7000, hours: 'flexible', flags: { gig: true }, skills: ['驾驶'] },
  { occupation: '4-02-06-01', title: '仓库管理员', payMin: 3500, payMax: 4500, hours: 'full_time', skills: ['仓储管理'] },
  { occupation: '4-04-05-03', title: '电话客服', payMin: 3000, payMax: 4200, hours: 'full_time', flags: { disabilitySuitable: true } },
  { occupation: '4-10-01-05', title: '养老护理员', payMin: 3200, payMax: 4200, hours: 'full_time', flags: { ageFriendly: true }, skills: ['养老护理'] },
  { occupation: '4-10-01-06', title: '家政服务员（钟点工）', payMin: 2500, payMax: 4000, hours: 'flexible', flags: { ageFriendly: true, gig: true } },
  { occupation: '4-01-02-03', title: '门店营业员（见习）', payMin: 2400, payMax: 3000, hours: 'full_time', flags: { internship: true } },
];

const COUNTIES = [
  { code: '150102000000', name: '新城区', account: 'employer.xincheng', operator: 'operator.county' },
  { code: '411002000000', name: '魏都区', account: 'employer.weidu', operator: 'operator.xuchang' },
  { code: '500103000000', name: '渝中区', account: 'employer.yuzhong', operator: 'operator.chongqing' },
] as const;

const EMPLOYERS = [
  { suffix: '洁美家政服务有限公司', industry: '居民服务业', size: 'small', keyEnterprise: false, employmentBase: true },
  { suffix: '惠民连锁超市有限公司', industry: '零售业', size: 'medium', keyEnterprise: true, internshipUnit: true },
  { suffix: '速达物流有限公司', industry: '交通运输、仓储和邮政业', size: 'large', keyEnterprise: true },
] as const;

/** A real-format credit code (GB 32100-2015 check character) from the county and a serial. */
export function demoCreditCode(county: string, serial: number): string {
  const first17 = `91${county.slice(0, 6)}MA0${String(serial).padStart(6, '0')}`;
  return first17 + creditCodeCheckChar(first17);
}

function actorCtx(user: { id: string; username: string; display_name: string; role: string; jurisdiction_code: string }): RequestContext {
  return {
    requestId: 'demo-jobs',
    ip: 'local',
    userAgent: 'bangfu-demo',
    lang: 'zh-CN',
    actor: { userId: user.id, username: user.username, displayName: user.display_name, role: user.role as Role, jurisdictionCode: user.jurisdiction_code, personId: null, sessionId: 'demo', csrfToken: 'demo' },
    audit: {},
  };
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export interface JobsDemoCounts {
  employers: number;
  postings: number;
  preferences: number;
  recommendations: number;
}

export async function loadJobsDemo(services: Services, divisions: readonly DemoDivision[] = readDemoDivisions()): Promise<JobsDemoCounts | undefined> {
  const handle = services.handle;
  const existing = await handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM users WHERE username = ${COUNTIES[0].account}`);
  if (Number(existing[0]?.n ?? 0) > 0) return undefined;
  const asOf = services.clock.today();
  const users = await handle.query<{ id: string; username: string; display_name: string; role: string; jurisdiction_code: string }>(
    sql`SELECT id, username, display_name, role, jurisdiction_code FROM users WHERE username IN ('operator.national', 'operator.county', 'operator.xuchang', 'operator.chongqing')`,
  );
  const byName = new Map(users.map((u) => [u.username, u]));
  const national = byName.get('operator.national');
  if (!national) return undefined; // not the demo database
  const op = actorCtx(national);
  const counts: JobsDemoCounts = { employers: 0, postings: 0, preferences: 0, recommendations: 0 };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let serial = 1;
  for (const county of COUNTIES) {
    const townships = divisions.filter((d) => d.level === 'township' && d.parentCode === county.code).map((d) => d.code);
    if (townships.length === 0) continue;
    const employerIds: string[] = [];
    for (const [i, e] of EMPLOYERS.entries()) {
      const created = await services.employers.create(op, {
        creditCode: demoCreditCode(county.code, serial++),
        name: `${county.name}${e.suffix}`,
        industry: e.industry,
        size: e.size,
        jurisdictionCode: townships[i % townships.length]!,
        address: `${county.name}${i + 1}号`,
        contacts: [{ name: '人事部', phone: `0000-${String(serial).padStart(7, '0')}` }],
        keyEnterprise: e.keyEnterprise,
        internshipUnit: 'internshipUnit' in e ? e.internshipUnit : false,
        employmentBase: 'employmentBase' in e ? e.employmentBase : false,
        serviceOfficer: e.keyEnterprise ? `${county.name}人社服务专员` : null,
      });
      employerIds.push(created.id);
      counts.employers++;
    }
    await services.employers.repo.insertAccount(employerIds[0]!, { username: county.account, passwordHash, displayName: `${county.name}洁美家政（演示单位）`, jurisdictionCode: county.code });
    await services.employers.repo.activateAccounts(employerIds[0]!);
    for (const [i, p] of POSTINGS.entries()) {
      const created = await services.jobPostings.create(op, {
        employerId: employerIds[i % employerIds.length]!,
        occupationCode: p.occupation,
        title: p.title,
        description: `${county.name}${p.title}，按国家规定缴纳社会保险。`,
        openings: 2 + (i % 4),
        jurisdictionCode: townships[(i * 3) % townships.length]!,
        address: `${county.name}`,
        payMin: p.payMin,
        payMax: p.payMax,
        hours: p.hours,
        education: null,
        experienceYears: null,
        skills: p.skills ?? [],
        gig: p.flags?.gig ?? false,
        internship: p.flags?.internship ?? false,
        ageFriendly: p.flags?.ageFriendly ?? false,
        disabilitySuitable: p.flags?.disabilitySuitable ?? false,
        ageJustification: null,
        validFrom: addDays(asOf, -30),
        validTo: addDays(asOf, 90),
      });
      await services.jobPostings.act(op, created.id, 'approve', '演示数据');
      counts.postings++;
    }
    // Preferences for the county's first registrants: an occupation of the demo postings, an expected pay, hours.
    const people = await handle.query<{ id: string }>(
      sql`SELECT p.id FROM persons p WHERE p.jurisdiction_code LIKE ${`${county.code.slice(0, 6)}%`} AND EXISTS (SELECT 1 FROM registrations r WHERE r.person_id = p.id AND r.state = 'active') ORDER BY p.id LIMIT 200`,
    );
    for (const [i, person] of people.entries()) {
      const p = POSTINGS[(i * 7) % POSTINGS.length]!;
      await services.jobPostings.repo.savePreferences({ personId: person.id, occupationCodes: [p.occupation], pastOccupationCodes: [], payMin: 2500 + (i % 5) * 500, hours: i % 3 === 0 ? ['full_time', 'part_time'] : ['full_time'], experienceYears: i % 6 });
      counts.preferences++;
    }
    counts.recommendations += await recommendationsInEveryState(services, byName.get(county.operator), asOf);
  }
  return counts;
}

/** One registrant of the county per result state (by the county's operator), recommended their best posting and moved on. */
async function recommendationsInEveryState(services: Services, operator: { id: string; username: string; display_name: string; role: string; jurisdiction_code: string } | undefined, asOf: string): Promise<number> {
  if (!operator) return 0;
  const ctx = actorCtx(operator);
  const people = await services.handle.query<{ id: string }>(
    sql`SELECT p.id FROM persons p WHERE p.jurisdiction_code LIKE ${`${operator.jurisdiction_code.slice(0, 6)}%`} AND p.hidden_at IS NULL AND EXISTS (SELECT 1 FROM registrations r WHERE r.person_id = p.id AND r.state = 'active' AND r.kind = 'unemployment' AND r.registered_on <= ${asOf}) ORDER BY p.id LIMIT 7`,
  );
  const path: Record<string, readonly (typeof RECOMMENDATION_STATES)[number][]> = {
    recommended: [],
    interested: ['interested'],
    declined: ['declined'],
    referred: ['interested', 'referred'],
    interviewed: ['interested', 'referred', 'interviewed'],
    hired: ['interested', 'referred', 'interviewed', 'hired'],
    not_hired: ['referred', 'interviewed', 'not_hired'],
  };
  let n = 0;
  for (const [i, person] of people.entries()) {
    const target = RECOMMENDATION_STATES[i]!;
    try {
      const best = await services.matching.forPerson(ctx, person.id, 1);
      const posting = best.items[0]?.posting.id;
      if (!posting) continue;
      const rec = (await services.recommendations.recommend(ctx, person.id, { postingIds: [posting], channel: 'in_person' })).items[0]!;
      for (const to of path[target] ?? []) {
        await services.recommendations.transition(ctx, rec.id, { to, ...(to === 'declined' ? { reason: '离家较远' } : to === 'not_hired' ? { reason: '技能与岗位要求不符' } : {}) });
      }
      n++;
    } catch {
      // A registrant the rules refuse (e.g. no countable registration today) is skipped: the demo stays loadable.
    }
  }
  return n;
}
