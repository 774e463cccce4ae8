/**
 * The packs shipped with Bangfu. Each parameter names the document and clause it comes from; `status` marks
 * numbers that RULES.md could not confirm against an official original (`unconfirmed`) or that no document sets
 * and the project had to choose (`project_default`, with a note saying why). Operators can replace any of them
 * by loading a newer pack version.
 */
import type { Predicate, RulePack, ServicePackage, Sourced, ParamStatus, ObligationRule, DifficultyCriterion, PriorityGroup, NoticeNameMask } from './schema.ts';

function s<T>(value: T, doc: string, clause: string, status?: ParamStatus, note?: string): Sourced<T> {
  const out: Sourced<T> = { value, source: { doc, clause } };
  if (status) out.status = status;
  if (note) out.note = note;
  return out;
}
function pkg(services: ServicePackage['services'], textZh: string, textEn: string): ServicePackage {
  return { services, textZh, textEn };
}

// Predicate helpers (data, not code: they build the JSON that a pack file would contain).
const female = (minAge: number): Predicate => ({ all: [{ fact: 'sex', op: 'eq', value: 'female' }, { fact: 'ageYears', op: 'gte', value: minAge }] });
const male = (minAge: number): Predicate => ({ all: [{ fact: 'sex', op: 'eq', value: 'male' }, { fact: 'ageYears', op: 'gte', value: minAge }] });
const olderThan = (f: number, m: number): Predicate => ({ any: [female(f), male(m)] });
const mark = (m: string): Predicate => ({ fact: 'mark', op: 'has', value: m });
const zeroEmploymentMember: Predicate = { any: [mark('zero_employment_family'), { fact: 'householdZeroEmployment', op: 'eq', value: true }] };

const NATIONAL_SOURCES: RulePack['sources'] = [
  { code: '人社厅发〔2020〕3号', title: '人力资源社会保障部办公厅关于失业登记的通知（登记条件：年满16周岁至依法享受基本养老保险待遇）', date: '2020-01-01', note: 'title and date as cited by RULES.md; not checked against the original' },
  { code: '人社厅发〔2020〕79号', title: '人力资源社会保障部办公厅关于失业登记办理流程的通知（3个工作日办结，5个工作日内联系）', note: 'content as summarised in RULES.md; title not checked against the original' },
  { code: '人社部发〔2024〕84号', title: '人力资源社会保障部等4部门关于进一步做好就业援助工作的通知', date: '2024-01-01', note: 'title as cited by CQ25; exact issue date not in the seeds' },
  { code: '人社部发〔2019〕124号', title: '关于进一步做好公益性岗位开发管理有关工作的通知', note: 'title as cited by NM22 三(五)' },
  { code: 'MOH', title: '关于加强就业援助工作的指导意见（人力资源社会保障部）', note: 'seed 004' },
  { code: '失业保险条例', title: '失业保险条例（国务院令第258号）', date: '1999-01-22' },
  { code: '就业服务与就业管理规定', title: '就业服务与就业管理规定（劳动和社会保障部令第28号，2007，后经修订）', date: '2007-11-05' },
  { code: '国务院节假日安排', title: '国务院办公厅关于部分节假日安排的通知（逐年）' },
  { code: 'NM24', title: '内蒙古自治区人力资源和社会保障厅关于进一步强化就业困难群体就业帮扶工作的通知', note: 'seed 000; cited by the national pack only where no national document sets a number (project defaults)' },
  { code: 'XC23', title: '许昌市人力资源和社会保障局关于强化失业人员分级分类就业帮扶工作的通知', date: '2023-06-25', note: 'seed 001; cited by the national pack only for project defaults' },
  { code: 'CQ25', title: '关于进一步做好就业援助工作的通知（重庆市人力社保局等）', note: 'seed 003; cited by the national pack only where no national document sets a number (hand-over assessment, 低保 gradual exit: project defaults)' },
];

function nationalDeregistration(doc: string, clause: string, status?: ParamStatus) {
  const allowed = (textZh: string) => ({ allowed: true, source: { doc, clause }, textZh, ...(status ? { status } : {}) });
  return {
    pension: allowed('依法享受基本养老保险待遇'),
    hired: allowed('被用人单位录用或招聘'),
    self_employed: allowed('从事个体经营、创办企业或民办非企业单位'),
    enrolled: allowed('入学'),
    military: allowed('应征服兵役'),
    emigrated: allowed('移居境外'),
    incapacitated: allowed('完全丧失劳动能力'),
    imprisoned: allowed('被判刑收监执行'),
    deceased: allowed('死亡'),
    other_statutory: allowed('国家和省（自治区）规定的其他情形（须写明依据）'),
  };
}

const basicUnemployedClassification = (doc: string, c: (n: number) => string, withUi: boolean) => ({
  employment: s(pkg(['job_search_skills', 'recruitment_event', 'job_recommendation', 'follow_up'], '求职技巧指导、小型化专场招聘、靶向推送岗位信息并回访求职结果', 'job-search skills guidance, small targeted recruitment events, targeted job push and follow-up of the result'), doc, c(1)),
  training: s(pkg(['training_recommendation', 'policy_service'], '推介职业培训项目，按规定落实培训补贴', 'recommend training programmes and handle the training subsidy'), doc, c(2)),
  entrepreneurship: s(pkg(['entrepreneurship_service', 'policy_service'], '政策咨询、创业培训、开业指导、融资服务、创业导师帮扶，指引申办创业担保贷款', 'consulting, entrepreneurship training, start-up guidance, financing, mentor, guaranteed start-up loan'), doc, c(3)),
  unclear: s(pkg(['career_guidance', 'counselling', 'job_tasting', 'internship'], '职业指导、心理疏导，组织职业体验、求职能力实训、就业见习等就业准备活动', 'career guidance, counselling, job tasting, job-readiness practice, internship'), doc, c(withUi ? 5 : 4)),
  other: s(pkg(['other'], '按规定提供相应的就业公共服务', 'the matching public employment service'), doc, c(withUi ? 6 : 5)),
});

export function nationalPack(): RulePack {
  return {
    id: 'national',
    version: '2025.1',
    name: '全国基线规则包',
    nameEn: 'National baseline',
    jurisdictionPrefix: '',
    effectiveFrom: '2020-01-01',
    sources: NATIONAL_SOURCES,
    note: 'The floor every regional pack refines. Numbers no national document sets are marked project_default.',
    params: {
      registration: {
        minAge: s(16, '人社厅发〔2020〕3号', '失业登记条件'),
        upperBound: s('pension_or_statutory_retirement', '人社厅发〔2020〕3号', '失业登记条件', undefined, 'until the basic pension is drawn; the statutory retirement date (2024-09-13 NPCSC decision) stands in when no pension start is recorded'),
        decisionWorkingDays: s(3, '人社厅发〔2020〕79号', '办理时限'),
        firstContactWorkingDays: s(5, '人社厅发〔2020〕79号', '办理时限'),
        placeBases: s(['residence', 'hukou', 'insured', 'employment'], '人社厅发〔2020〕79号', '登记地点'),
        jobSeekingFallback: s(true, 'XC23', '四(一)', 'project_default', 'no national clause found in the seeds; XC23 四(一) practice (job-seeking registration for those not eligible but seeking work or training, R2.4) adopted as the baseline'),
      },
      tiers: {
        shortMaxMonths: s(1, 'NM24', '二(一)', 'project_default', 'national documents set no duration tiers; the NM24 thresholds are the default so every region reports comparable tiers (R3.1)'),
        mediumMaxMonths: s(6, 'NM24', '二(一)', 'project_default', 'as shortMaxMonths'),
        longServiceMonths: s(6, 'NM24', '二(一)', 'project_default', 'NM24 二(一) sets the long-term minimum services (1 guidance, 3 job offers, 1 training) but no deadline; the project gives 6 months from entering the long tier, i.e. by 12 months of registration, when the person counts as unemployed one year or more (人社部发〔2024〕84号) and enters employment assistance'),
      },
      serviceLevels: {
        level1DeadlineWorkingDays: s(5, '人社厅发〔2020〕79号', '办理时限', undefined, 'nationally, level1 is basic public employment service, starting with contact within 5 working days of registration'),
        level2Condition: s('recognised_difficulty', 'MOH', '二(二)', undefined, 'recognised employment-assistance targets get assistance on top of basic services'),
      },
      classification: basicUnemployedClassification('XC23', (n) => `三(二)2(${n})`, true),
      obligations: {
        'assistance-plan': {
          service: 'assistance_plan',
          min: 1,
          when: { levels: ['level2'] },
          window: { kind: 'open' },
          textZh: '制定个性化援助方案，以援助协议方式实施“一人一策”',
          source: { doc: 'MOH', clause: '三(四)' },
        },
      },
      keyGroups: {
        marks: s(['difficulty', 'zero_employment_family'], 'MOH', '二(二)', undefined, 'employment-assistance targets'),
        includeRegisteredUnemployed: s(false, 'MOH', '二(二)'),
      },
      followUp: {
        unemployedDifficulty: s({ months: 1, alignment: 'calendar' }, 'MOH', '三(四)', 'project_default', 'MOH requires follow-up without an interval; monthly as in NM24 四 / XC23 三(三)'),
        unemployedKeyGroup: s({ months: 1, alignment: 'calendar' }, 'MOH', '三(四)', 'project_default', 'assistance targets: monthly'),
        unemployedOther: s(null, 'MOH', '三(四)', 'project_default', 'no national rhythm for other registrants'),
        flexible: s({ months: 3, alignment: 'calendar' }, 'MOH', '三(四)', 'project_default', 'quarterly as in XC23 三(三)'),
        employedStable: s({ months: 6, alignment: 'calendar' }, 'MOH', '三(四)', 'project_default', 'half-yearly as in XC23 三(三)'),
        adaptationPeriodMonths: s(3, 'MOH', '三(四)', 'project_default', 'length of the post-employment adaptation period: configuration (RULES.md)'),
        adaptation: s({ months: 1, alignment: 'rolling' }, 'MOH', '三(四)', 'project_default', 'monthly visits in the adaptation period (RULES.md example)'),
        reunemploymentWindowMonths: s(12, 'CQ25', '四', 'project_default', 're-unemployed get priority help (CQ25 四, XC23 三(三)); no document sets the window: one year after the employment began'),
      },
      deregistration: {
        ...nationalDeregistration('就业服务与就业管理规定', '第七章', 'unconfirmed'),
        refused_services_3_times: {
          allowed: false,
          source: { doc: '就业服务与就业管理规定', clause: '第七章' },
          status: 'unconfirmed',
          textZh: '连续3次拒绝公共就业服务不作为注销理由：RULES.md 称2007年规定曾允许，但原文未能核实，基线包不允许（NM24 三、XC23 三(四) 明确禁止）',
          endsAssistance: { value: true, source: { doc: 'MOH', clause: '二(三)' } },
        },
        no_contact_6_months: {
          allowed: false,
          source: { doc: '就业服务与就业管理规定', clause: '第七章' },
          status: 'unconfirmed',
          textZh: '连续6个月无法联系不作为注销理由：RULES.md 称2007年规定曾允许，但原文未能核实，基线包不允许（NM24 三、XC23 三(四) 明确禁止）',
        },
      },
      difficulty: {
        'long-term-unemployed': { nameZh: '连续失业1年以上', nameEn: 'unemployed one year or more', when: { fact: 'registeredMonths', op: 'gte', value: 12 }, source: { doc: '人社部发〔2024〕84号', clause: '就业困难人员定义' } },
        disabled: { nameZh: '持证残疾人', nameEn: 'certified disabled', when: mark('disabled'), source: { doc: '人社部发〔2024〕84号', clause: '就业困难人员定义' } },
        'household-hardship': { nameZh: '家庭困难（低保、低收入）', nameEn: 'household hardship (dibao, low income)', when: { any: [mark('dibao'), mark('low_income')] }, source: { doc: '人社部发〔2024〕84号', clause: '就业困难人员定义' } },
        'zero-employment-family': { nameZh: '零就业家庭成员', nameEn: 'zero-employment family member', when: zeroEmploymentMember, source: { doc: 'MOH', clause: '二(二)' } },
      } satisfies Record<string, DifficultyCriterion>,
      zeroEmployment: {
        minMembers: s(1, 'MOH', '二(二)'),
        requireRegisteredUnemployed: s(false, 'MOH', '二(二)', undefined, '“均处于失业状况”: unemployed, registration not required'),
        requireNoBusinessIncome: s(false, 'MOH', '二(二)'),
        requireUrban: s(true, 'MOH', '二(二)', undefined, '“城市居民家庭”'),
      },
      posts: {
        maxTermYears: s(3, '人社部发〔2019〕124号', '岗位期限'),
        toRetirementWithinYears: s(5, '人社部发〔2019〕124号', '岗位期限', undefined, 'less than 5 years from statutory retirement (new schedule): may stay to retirement'),
        maxPlacements: s(2, '人社部发〔2019〕124号', '岗位期限', 'unconfirmed', 'at most 2 placements in all (RULES.md: unconfirmed nationally)'),
        secondPlacement: s<Predicate>({ any: [{ all: [mark('difficulty'), olderThan(40, 50)] }, { fact: 'disabilityGrade', op: 'lte', value: 2 }, zeroEmploymentMember] }, '人社部发〔2019〕124号', '岗位期限', 'unconfirmed', 'older difficulty persons (大龄: women ≥ 40 / men ≥ 50 as in 内人社办发〔2020〕58号), severely disabled, zero-employment-family members'),
        priority: s<PriorityGroup[]>(
          [
            { id: 'zero-employment', nameZh: '零就业家庭成员', nameEn: 'zero-employment family member', when: zeroEmploymentMember },
            { id: 'difficulty', nameZh: '就业困难人员', nameEn: 'recognised difficulty person', when: mark('difficulty') },
          ],
          '人社部发〔2019〕124号',
          '安置对象',
          'project_default',
          'national guidance names the target groups but no order; zero-employment first so every such family gets one job (NM22 三(五) spirit)',
        ),
      },
      matching: {
        weights: s(
          { occupation: 30, skills: 10, place: 20, pay: 10, hours: 5, suitability: 15, education: 5, experience: 5 },
          'CQ25',
          '二',
          'project_default',
          '“大数据匹配、精准推送”: no document sets weights; occupation first, then place (就近就业) and suitability for older and disabled people (XC23 四(四) age-friendly and disability-suitable posts)',
        ),
        placeScores: s({ village: 1, township: 0.85, county: 0.7, city: 0.4, province: 0.15, other: 0 }, 'NM24', '二(二)1', 'project_default', 'nearer is better (就近就地就业); the steps are the project default'),
        olderAge: s({ female: 40, male: 50 }, 'MOH', '二(一)', 'project_default', '大龄 (older workers): women ≥ 40 / men ≥ 50 as in 内人社办发〔2020〕58号 (the 4050 groups), used nationally until a region sets its own'),
      },
      assistance: {
        precheckWorkingDays: s(5, 'MOH', '二(三)', 'project_default', 'MOH asks for recognition "按照规定程序及时" without a number; 5 working days for the community pre-check is the project default'),
        reviewWorkingDays: s(7, 'MOH', '二(三)', 'unconfirmed', 'county review within 7 working days: the common local figure RULES.md cites as an example; not set by a seed document'),
        noticeWorkingDays: s(5, 'MOH', '二(三)', 'unconfirmed', '公示 period: configuration, commonly 5 working days (RULES.md); MOH 二(三) requires 公示认定 without a number'),
        noticeNameMask: s<NoticeNameMask>('surname_only', 'MOH', '二(三)', 'project_default', 'the notice shows the surname only (张**): minimal disclosure under the Personal Information Protection Law; a pack may show more'),
        validityMonths: s(36, 'MOH', '二(三)', 'project_default', 'no seed sets the assistance period; 36 months matches the 3-year post-subsidy term (人社部发〔2019〕124号) until a province sets its own'),
        recheckMonths: s(6, 'MOH', '二(三)', 'project_default', '动态管理: criteria re-checked every 6 months (project default)'),
        handoverAssessmentDays: s(30, 'CQ25', '四', 'project_default', '“对就业援助政策期满的，提前评估就业情况”: the lead time is not set; 30 days before the period ends'),
        zeroEmploymentAssistanceWorkingDays: s(5, 'MOH', '二(二)', 'project_default', 'immediate job assistance for zero-employment families; no national number, 5 working days as for Level I help (XC23 三(二)1)'),
        dibaoGradualExitMonths: s(6, 'CQ25', '七', 'project_default', 'no national employment document sets it; CQ25 七 “按照规定落实低保渐退政策” refers to the civil-affairs rule, commonly up to 6 months: configuration'),
        referralLongTermMonths: s(12, 'NM24', '一(三)', 'project_default', '“大数据+铁脚板” referral of registrants in hardship to civil affairs: no document sets a duration; 12 months registered without unemployment-insurance benefit (long-term unemployed, 人社部发〔2024〕84号) is configuration'),
      },
      uiBenefit: {
        minContributionYears: s(1, '失业保险条例', '第十四条'),
        involuntaryJobLossRequired: s(true, '失业保险条例', '第十四条'),
        registrationRequired: s(true, '失业保险条例', '第十四条'),
        bands: s(
          [
            { fromYears: 1, toYears: 5, months: 12 },
            { fromYears: 5, toYears: 10, months: 18 },
            { fromYears: 10, toYears: null, months: 24 },
          ],
          '失业保险条例',
          '第十七条',
        ),
      },
      calendar: {
        base: s('cn-state-council', '国务院节假日安排', '逐年安排'),
        overrides: s([], '国务院节假日安排', '逐年安排'),
      },
    },
  };
}

const NM58 = '内人社办发〔2020〕58号';

/** Inner Mongolia, 2022 key-groups plan (NM22) and the 2020 difficulty criteria. */
export function neiMongol2022Pack(): RulePack {
  const nmKeyGroupRule = (service: ObligationRule['service'], min: number, textZh: string, trainingNeed = false): ObligationRule => ({
    service,
    min,
    when: trainingNeed ? { keyGroup: true, trainingNeed: true } : { keyGroup: true },
    window: { kind: 'calendar_year' },
    textZh,
    source: { doc: 'NM22', clause: '三(一)' },
  });
  const c58 = { doc: NM58, clause: '认定范围' };
  return {
    id: 'nei-mongol-2022',
    version: '2022.1',
    name: '内蒙古自治区规则包（2022重点群体行动）',
    nameEn: 'Inner Mongolia (2022 key-groups plan)',
    jurisdictionPrefix: '15',
    effectiveFrom: '2022-05-06',
    effectiveTo: '2023-12-31',
    parent: 'national',
    sources: [
      { code: 'NM22', title: '内蒙古自治区人力资源和社会保障厅关于印发《促进重点群体就业(2022—2025年)实施方案》的通知（内人社发〔2022〕28号）', date: '2022-05-06', note: 'seed 002' },
      { code: NM58, title: '内蒙古自治区就业困难人员认定条件（内人社办发〔2020〕58号）', note: 'criteria as summarised in RULES.md; clause numbering not checked against the original' },
    ],
    params: {
      keyGroups: {
        marks: s(['graduate_unemployed', 'poverty_alleviated', 'migrant_worker', 'veteran', 'disabled', 'zero_employment_family', 'difficulty'], 'NM22', '二'),
        includeRegisteredUnemployed: s(true, 'NM22', '二', undefined, '登记失业人员 are a key group'),
      },
      obligations: {
        'nm22-policy-briefing': nmKeyGroupRule('policy_briefing', 1, '每年开展1次就业创业政策宣介'),
        'nm22-career-guidance': nmKeyGroupRule('career_guidance', 1, '每年提供1次职业指导'),
        'nm22-job-recommendation': nmKeyGroupRule('job_recommendation', 3, '每年推荐至少3个针对性就业岗位'),
        'nm22-training': nmKeyGroupRule('training_recommendation', 3, '有技能提升需求的，推荐至少3个培训课程或项目', true),
      },
      followUp: {
        unemployedKeyGroup: s({ months: 1, alignment: 'calendar' }, 'NM22', '三(七)', undefined, '每月开展1次跟踪调查'),
      },
      difficulty: {
        'long-term-unemployed': null,
        'household-hardship': null,
        older: { nameZh: '大龄（女40、男50周岁以上，常住满6个月、参保满1年）', nameEn: 'older (women ≥ 40, men ≥ 50; resident ≥ 6 months, insured ≥ 1 year)', when: { all: [olderThan(40, 50), { fact: 'residentMonths', op: 'gte', value: 6 }, { fact: 'contributionYears', op: 'gte', value: 1 }] }, source: c58 },
        disabled: { nameZh: '持证残疾人', nameEn: 'certified disabled', when: mark('disabled'), source: c58 },
        'zero-employment-family': { nameZh: '零就业家庭成员', nameEn: 'zero-employment family member', when: zeroEmploymentMember, source: c58 },
        'land-lost': { nameZh: '全部失去土地（草场）的农牧民，女40、男50周岁以上', nameEn: 'farmers/herders who lost all land, women ≥ 40, men ≥ 50', when: { all: [{ fact: 'landRemainingShare', op: 'lte', value: 0 }, olderThan(40, 50)] }, source: c58 },
        'dibao-long-term': { nameZh: '享受低保且登记失业1年以上，女35、男45周岁以上', nameEn: 'dibao recipients registered ≥ 1 year, women ≥ 35, men ≥ 45', when: { all: [mark('dibao'), { fact: 'registeredMonths', op: 'gte', value: 12 }, olderThan(35, 45)] }, source: c58 },
        'graduate-2-years': { nameZh: '离校2年以上从未就业的高校毕业生', nameEn: 'college graduates ≥ 2 years after leaving school, never employed', when: { all: [{ fact: 'yearsSinceLeftSchool', op: 'gte', value: 2 }, { fact: 'everEmployed', op: 'eq', value: false }] }, source: c58 },
      },
      zeroEmployment: {
        minMembers: s(2, NM58, '认定范围', undefined, 'household of at least 2'),
        requireRegisteredUnemployed: s(true, NM58, '认定范围'),
        requireNoBusinessIncome: s(true, NM58, '认定范围', undefined, 'no business or investment income'),
      },
      posts: {
        secondPlacement: s<Predicate>({ any: [{ all: [mark('difficulty'), olderThan(40, 50)] }, { fact: 'disabilityGrade', op: 'lte', value: 2 }, zeroEmploymentMember] }, 'NM22', '三(五)', undefined, '大龄就业困难人员、重度残疾人、零就业家庭成员可再安置一次'),
      },
    },
  };
}

/** Inner Mongolia from 2024: NM24 refines the 2022 pack (tiers, minimum services, deregistration, follow-up). */
export function neiMongolPack(): RulePack {
  const tierRule = (service: ObligationRule['service'], min: number, tiers: ObligationRule['when']['tiers'], textZh: string): ObligationRule => ({
    service,
    min,
    when: { tiers },
    window: { kind: 'tier' },
    textZh,
    source: { doc: 'NM24', clause: '二(一)' },
  });
  const nm = nationalDeregistration('NM24', '三');
  return {
    id: 'nei-mongol',
    version: '2024.1',
    name: '内蒙古自治区规则包（2024强化就业困难群体帮扶）',
    nameEn: 'Inner Mongolia (2024)',
    jurisdictionPrefix: '15',
    effectiveFrom: '2024-01-01',
    parent: 'nei-mongol-2022',
    sources: [{ code: 'NM24', title: '内蒙古自治区人力资源和社会保障厅关于进一步强化就业困难群体就业帮扶工作的通知', date: '2024-01-01', note: 'seed 000; the issue date is not in the seed: effective from 2024-01-01 is an assumption an operator should correct' }],
    params: {
      registration: {
        minAge: s(16, 'NM24', '一(一)'),
        placeBases: s(['residence', 'hukou', 'insured', 'employment'], 'NM24', '一(一)'),
      },
      tiers: {
        shortMaxMonths: s(1, 'NM24', '二(一)', undefined, '登记失业1个月及以内为短期失业'),
        mediumMaxMonths: s(6, 'NM24', '二(一)', undefined, '1-6个月（含6个月）为中短期失业'),
      },
      serviceLevels: {
        level2Condition: s('recognised_difficulty', 'NM24', '二(三)', undefined, '就业困难人员除享受基本服务外，还可享受专项服务'),
      },
      classification: basicUnemployedClassification('NM24', (n) => `二(二)${n}`, false),
      obligations: {
        'nm24-short-job': tierRule('job_recommendation', 3, ['short'], '短期失业：不少于3次岗位推荐'),
        'nm24-medium-guidance': tierRule('career_guidance', 1, ['medium'], '中短期失业：不少于1次职业指导'),
        'nm24-medium-job': tierRule('job_recommendation', 3, ['medium'], '中短期失业：3次岗位推荐'),
        'nm24-long-guidance': tierRule('career_guidance', 1, ['long'], '长期失业：不少于1次职业指导'),
        'nm24-long-job': tierRule('job_recommendation', 3, ['long'], '长期失业：3次岗位推荐'),
        'nm24-long-training': tierRule('training_recommendation', 1, ['long'], '长期失业：1次职业培训机会'),
        'assistance-plan': { service: 'assistance_plan', min: 1, when: { levels: ['level2'] }, window: { kind: 'open' }, textZh: '优先帮扶：制定个性化就业援助计划', source: { doc: 'NM24', clause: '二(三)1' } },
      },
      followUp: {
        unemployedDifficulty: s({ months: 1, alignment: 'calendar' }, 'NM24', '四', undefined, '对未实现就业的困难人员每月至少进行一次跟踪回访'),
      },
      deregistration: {
        ...nm,
        refused_services_3_times: { allowed: false, source: { doc: 'NM24', clause: '三' }, textZh: '不能简单以连续3次拒绝接受公共就业服务为由注销失业登记', endsAssistance: { value: true, source: { doc: 'MOH', clause: '二(三)' } } },
        no_contact_6_months: { allowed: false, source: { doc: 'NM24', clause: '三' }, textZh: '不能简单以连续6个月无法取得联系为由注销失业登记' },
      },
    },
  };
}

/** Xuchang (许昌, 4110), XC23 from 2023-06-25. */
export function xuchangPack(): RulePack {
  const lvl1 = (service: ObligationRule['service'], min: number, textZh: string): ObligationRule => ({
    service,
    min,
    when: { levels: ['level1', 'level2'] },
    window: { kind: 'registration', workingDays: 5 },
    textZh,
    source: { doc: 'XC23', clause: '三(二)1' },
  });
  const xc = nationalDeregistration('XC23', '三(四)');
  const nearRetirement: Predicate = { fact: 'monthsToRetirement', op: 'lt', value: 60 };
  return {
    id: 'xuchang',
    version: '2023.1',
    name: '许昌市规则包（失业人员分级分类就业帮扶）',
    nameEn: 'Xuchang',
    jurisdictionPrefix: '4110',
    effectiveFrom: '2023-06-25',
    parent: 'national',
    sources: [{ code: 'XC23', title: '许昌市人力资源和社会保障局关于强化失业人员分级分类就业帮扶工作的通知', date: '2023-06-25', note: 'seed 001' }],
    params: {
      registration: {
        minAge: s(16, 'XC23', '三(一)'),
        placeBases: s(['residence', 'hukou', 'insured', 'employment'], 'XC23', '三(一)', undefined, '不得以人户分离、户籍不在本地等为由不受理（五(一)）'),
        jobSeekingFallback: s(true, 'XC23', '四(一)', undefined, '不符合失业登记条件、超出失业登记年龄但有求职培训需求的，及时办理求职登记'),
      },
      serviceLevels: {
        level1DeadlineWorkingDays: s(5, 'XC23', '三(二)1', undefined, '办理失业登记的5个工作日内实施Ⅰ级就业帮扶'),
        level2Condition: s('recognised_difficulty', 'XC23', '三(二)1', undefined, '认定为就业困难人员的实施Ⅱ级就业帮扶'),
      },
      classification: {
        ...basicUnemployedClassification('XC23', (n) => `三(二)2(${n})`, true),
        ui_benefit: s(pkg(['business_service'], '符合失业保险金申领条件的，一并办理失业登记和失业保险金发放', 'register and pay the unemployment-insurance benefit together'), 'XC23', '三(二)2(4)'),
      },
      obligations: {
        'xc23-registration': lvl1('registration_service', 1, 'Ⅰ级帮扶基本服务：登记服务'),
        'xc23-information': lvl1('information_service', 1, 'Ⅰ级帮扶基本服务：信息服务（政策清单、机构名单）'),
        'xc23-policy': lvl1('policy_service', 1, 'Ⅰ级帮扶基本服务：政策服务'),
        'xc23-business': lvl1('business_service', 1, 'Ⅰ级帮扶基本服务：业务经办服务'),
        'xc23-131-guidance': lvl1('career_guidance', 1, '“131”服务：至少1次职业指导'),
        'xc23-131-jobs': lvl1('job_recommendation', 3, '“131”服务：3个适合的岗位信息'),
        'xc23-131-training': lvl1('training_recommendation', 1, '“131”服务：推荐至少1个合适的培训项目'),
        'assistance-plan': { service: 'assistance_plan', min: 1, when: { levels: ['level2'] }, window: { kind: 'open' }, textZh: 'Ⅱ级帮扶：个性化“一人一策”分级分类帮扶', source: { doc: 'XC23', clause: '三(二)1' } },
      },
      followUp: {
        unemployedDifficulty: s({ months: 1, alignment: 'calendar' }, 'XC23', '三(三)', undefined, '对未实现就业的困难人员每月至少进行一次跟踪回访'),
        flexible: s({ months: 3, alignment: 'calendar' }, 'XC23', '三(三)', undefined, '对灵活就业人员每季度进行一次跟踪服务'),
        employedStable: s({ months: 6, alignment: 'calendar' }, 'XC23', '三(三)', undefined, '对稳定就业人员每半年进行一次跟踪服务'),
      },
      deregistration: {
        ...xc,
        refused_services_3_times: { allowed: false, source: { doc: 'XC23', clause: '三(四)' }, textZh: '不能简单以连续3次拒绝接受公共就业服务为由注销失业登记', endsAssistance: { value: true, source: { doc: 'MOH', clause: '二(三)' } } },
        no_contact_6_months: { allowed: false, source: { doc: 'XC23', clause: '三(四)' }, textZh: '不能简单以连续6个月无法取得联系为由注销失业登记' },
      },
      difficulty: {
        'household-hardship': { nameZh: '低保家庭', nameEn: 'dibao household', when: mark('dibao'), source: { doc: 'XC23', clause: '四(六)' } },
        'poverty-alleviated': { nameZh: '脱贫人口', nameEn: 'poverty-alleviated', when: mark('poverty_alleviated'), source: { doc: 'XC23', clause: '四(六)' } },
        'long-term-unemployed': { nameZh: '长期失业', nameEn: 'long-term unemployed', when: { fact: 'registeredMonths', op: 'gte', value: 12 }, source: { doc: 'XC23', clause: '四(六)' }, status: 'unconfirmed' },
      },
      posts: {
        priority: s<PriorityGroup[]>(
          [
            { id: 'zero-employment-or-near-retirement', nameZh: '零就业家庭成员或距法定退休年龄不足5年', nameEn: 'zero-employment family member or < 5 years to statutory retirement', when: { any: [zeroEmploymentMember, nearRetirement] } },
            { id: 'special-hardship', nameZh: '年龄偏大、残疾等就业特别困难人员', nameEn: 'older or disabled (special hardship)', when: { any: [{ all: [mark('difficulty'), olderThan(45, 55)] }, mark('disabled')] } },
            { id: 'difficulty', nameZh: '其他就业困难人员', nameEn: 'other recognised difficulty persons', when: mark('difficulty') },
          ],
          'XC23',
          '四(六)',
          undefined,
          'group 1 from 四(六); group 2 from 三(二)1 (年龄偏大 taken as women ≥ 45 / men ≥ 55, the RULES.md example local order: unconfirmed)',
        ),
      },
    },
  };
}

/** Chongqing (重庆, 50), CQ25. Difficulty criteria from mirror pages: unconfirmed, as RULES.md says. */
export function chongqingPack(): RulePack {
  const cq = (): DifficultyCriterion['source'] => ({ doc: 'CQ-认定', clause: '认定范围' });
  return {
    id: 'chongqing',
    version: '2025.1',
    name: '重庆市规则包（进一步做好就业援助工作）',
    nameEn: 'Chongqing',
    jurisdictionPrefix: '50',
    effectiveFrom: '2025-01-01',
    parent: 'national',
    sources: [
      { code: 'CQ25', title: '关于进一步做好就业援助工作的通知（重庆市人力社保局等）', date: '2025-01-01', note: 'seed 003; the issue date is not in the seed: effective from 2025-01-01 is an assumption' },
      { code: 'CQ-认定', title: '重庆市就业困难人员认定范围（镜像页面）', note: 'unconfirmed: could not be checked against the official original (RULES.md)' },
    ],
    params: {
      classification: {
        employment: s(pkg(['job_recommendation', 'recruitment_event'], '就业意愿较强、具有一定技能的：线上精准推送岗位，线下小规模招聘会、“面对面”职业介绍', 'strong intention with skills: online job push, small fairs, face-to-face referral'), 'CQ25', '三'),
        unclear: s(pkg(['career_guidance', 'counselling'], '存在“慢就业”心理或就业意向不明的：加强职业指导，帮助明确就业方向', 'slow to seek work or unclear: career guidance'), 'CQ25', '三'),
        training: s(pkg(['training_recommendation', 'policy_service'], '文化程度偏低、无一技之长的：针对性技能培训，提供职业技能等级评价信息', 'low education or no skill: targeted skills training and skill-level evaluation information'), 'CQ25', '三'),
        entrepreneurship: s(pkg(['entrepreneurship_service', 'policy_service'], '有创业需求的：对接夜市摊位，创业指导，落实创业扶持政策', 'entrepreneurship: night-market stalls, guidance, support policies'), 'CQ25', '三'),
        zero_employment_family: s(pkg(['job_recommendation', 'public_welfare_post'], '零就业家庭：提供即时岗位援助，确保动态清零', 'zero-employment family: immediate job assistance'), 'CQ25', '三'),
      },
      assistance: {
        handoverAssessmentDays: s(30, 'CQ25', '四', 'unconfirmed', '“对就业援助政策期满的，提前评估就业情况，做好政策衔接”: the lead time is configuration (30 days)'),
        zeroEmploymentAssistanceWorkingDays: s(5, 'CQ25', '三', 'unconfirmed', '“对零就业家庭，提供即时岗位援助，确保动态清零”: “即时” is not a number; 5 working days is configuration'),
      },
      followUp: {
        adaptation: s({ months: 1, alignment: 'rolling' }, 'CQ25', '四', 'unconfirmed', '初入职适应期定期回访; interval is configuration (RULES.md example: 1 month)'),
        employedStable: s({ months: 6, alignment: 'calendar' }, 'CQ25', '四', 'unconfirmed', '稳定期内定期回访; interval is configuration (RULES.md example: 6 months)'),
      },
      difficulty: {
        'household-hardship': null,
        older: { nameZh: '城镇大龄（男50、女40周岁以上）', nameEn: 'urban older (men ≥ 50, women ≥ 40)', when: { all: [olderThan(40, 50), { fact: 'urban', op: 'eq', value: true }] }, source: cq(), status: 'unconfirmed' },
        disabled: { nameZh: '持证残疾人', nameEn: 'certified disabled', when: mark('disabled'), source: cq(), status: 'unconfirmed' },
        dibao: { nameZh: '低保对象', nameEn: 'dibao recipient', when: mark('dibao'), source: cq(), status: 'unconfirmed' },
        'long-term-unemployed': { nameZh: '连续失业1年以上', nameEn: 'unemployed ≥ 1 year', when: { fact: 'registeredMonths', op: 'gte', value: 12 }, source: cq(), status: 'unconfirmed' },
        'land-lost': { nameZh: '规划区内失地，人均剩余土地不足30%', nameEn: 'land-lost in planning zones with < 30 % of land left', when: { fact: 'landRemainingShare', op: 'lt', value: 0.3 }, source: cq(), status: 'unconfirmed' },
        'only-child-two-daughters': { nameZh: '独生子女或双女户家庭（男40、女30周岁以上）', nameEn: 'only-child / two-daughter household (men ≥ 40, women ≥ 30)', when: { all: [{ fact: 'onlyChildOrTwoDaughtersParent', op: 'eq', value: true }, olderThan(30, 40)] }, source: cq(), status: 'unconfirmed' },
        'poverty-alleviated': { nameZh: '登记的贫困劳动力', nameEn: 'registered poor labour', when: mark('poverty_alleviated'), source: cq(), status: 'unconfirmed' },
      },
    },
  };
}

export function builtInPacks(): RulePack[] {
  return [nationalPack(), neiMongol2022Pack(), neiMongolPack(), xuchangPack(), chongqingPack()];
}
