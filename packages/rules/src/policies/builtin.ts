/**
 * The policies shipped with Bangfu, from the seed documents' regions: national (MOH), Inner Mongolia (NM22, NM24),
 * Xuchang (XC23), Chongqing (CQ25). Each cites the clause that names it. The seeds name the policies and who they are
 * for but state no amounts: every figure here is `unconfirmed` (kept as configuration, shown as such) with a note
 * saying where it usually comes from, or `set_by_office` where no figure could be given at all. Effective dates are
 * the documents' dates where the seed states them, otherwise the packs' assumed dates (see packs/builtin.ts).
 */
import type { PolicyCondition, PolicyInput } from './schema.ts';

type Cond = PolicyCondition;
const mark = (m: string): Cond => ({ fact: 'mark', op: 'has', value: m });
const f = (fact: Extract<Cond, { fact: string }>['fact'], op: Extract<Cond, { op: string }>['op'], value: string | number | boolean): Cond => ({ fact, op, value });
const all = (...c: Cond[]): Cond => ({ all: c });
const any = (...c: Cond[]): Cond => ({ any: c });

const registeredUnemployed = all(f('registered', 'eq', true), f('registrationKind', 'eq', 'unemployment'));
const workingAge = all(f('ageYears', 'gte', 16), f('monthsToRetirement', 'gt', 0));
const difficulty = mark('difficulty');
const employed = f('employmentStatus', 'eq', 'employed');
const flexible = f('employmentStatus', 'eq', 'flexible');
const selfEmployed = f('employmentStatus', 'eq', 'self_employed');

const UNCONFIRMED_LOAN = '创业担保贷款额度上限通常按财金〔2020〕21号（个人最高30万元），该文件不在种子文件中，未核实';
const UNCONFIRMED_TAX = '按财政部 税务总局 人力资源社会保障部 农业农村部公告2023年第15号通常为每户每年20000元，不在种子文件中，未核实';
const NO_FIGURE = '种子文件未载明金额，由经办机构按当地标准核定';

export function builtInPolicies(): PolicyInput[] {
  return [
    // ------------------------------------------------------------------------------------------------ national
    {
      id: 'national.post-subsidy',
      jurisdictionPrefix: '',
      category: 'post_subsidy',
      beneficiary: 'person',
      versions: [
        {
          version: '2010.1',
          effectiveFrom: '2010-01-01',
          name: '公益性岗位补贴',
          nameEn: 'Public-welfare post subsidy',
          targetGroups: ['就业困难人员（公益性岗位安置）'],
          content: '对通过市场渠道难以实现就业、由公益性岗位安置的就业困难人员，按规定给予岗位补贴。',
          materials: ['身份证件', '公益性岗位安置协议或劳动合同'],
          office: '县级公共就业服务机构',
          amount: { kind: 'set_by_office', status: 'unconfirmed', source: { doc: 'MOH', clause: '三(六)' }, note: NO_FIGURE },
          period: 'monthly',
          publicNotice: true,
          eligibility: all(difficulty, employed, workingAge),
          source: { doc: 'MOH', clause: '三(六)' },
          note: '生效日期为假设（种子文件无发文日期）',
        },
      ],
    },
    {
      id: 'national.social-insurance-difficulty',
      jurisdictionPrefix: '',
      category: 'social_insurance_subsidy',
      beneficiary: 'person',
      versions: [
        {
          version: '2010.1',
          effectiveFrom: '2010-01-01',
          name: '就业困难人员社会保险补贴',
          nameEn: 'Social-insurance subsidy for difficulty persons',
          targetGroups: ['就业困难人员（公益性岗位或灵活就业）'],
          content: '就业困难人员在公益性岗位就业或灵活就业并缴纳社会保险费的，按规定给予社会保险补贴。',
          materials: ['身份证件', '社会保险缴费凭证'],
          office: '县级公共就业服务机构',
          amount: { kind: 'set_by_office', status: 'unconfirmed', source: { doc: 'MOH', clause: '三(六)' }, note: NO_FIGURE },
          period: 'monthly',
          eligibility: all(difficulty, any(employed, flexible), f('socialInsurancePaid', 'eq', true), workingAge),
          source: { doc: 'MOH', clause: '三(六)' },
        },
      ],
    },
    {
      id: 'national.training-subsidy',
      jurisdictionPrefix: '',
      category: 'training_subsidy',
      beneficiary: 'person',
      versions: [
        {
          version: '2010.1',
          effectiveFrom: '2010-01-01',
          name: '职业培训补贴',
          nameEn: 'Vocational training subsidy',
          targetGroups: ['就业援助对象'],
          content: '将短期内未就业的援助对象组织到职业培训中，培训合格的按规定落实职业培训补贴。',
          materials: ['身份证件', '培训合格证书或结业证明'],
          office: '县级公共就业服务机构',
          amount: { kind: 'up_to', max: 3000, status: 'unconfirmed', source: { doc: 'MOH', clause: '三(六)' }, note: '上限为项目默认，各地按工种与等级另定' },
          period: 'yearly',
          eligibility: all(any(difficulty, mark('zero_employment_family')), f('trainingCompleted', 'eq', true)),
          source: { doc: 'MOH', clause: '三(六)' },
        },
      ],
    },
    {
      id: 'national.startup-loan',
      jurisdictionPrefix: '',
      category: 'startup_loan',
      beneficiary: 'person',
      versions: [
        {
          version: '2010.1',
          effectiveFrom: '2010-01-01',
          name: '小额担保贷款（创业担保贷款）',
          nameEn: 'Guaranteed start-up loan',
          targetGroups: ['自主创业的就业援助对象'],
          content: '帮助援助对象自主创业，做好创业培训、开业指导、小额贷款和跟踪服务“一条龙”服务。',
          materials: ['身份证件', '营业执照', '创业项目说明'],
          office: '县级创业担保贷款经办机构',
          amount: { kind: 'up_to', max: 300_000, status: 'unconfirmed', source: { doc: 'MOH', clause: '三(六)' }, note: UNCONFIRMED_LOAN },
          period: 'once',
          eligibility: all(difficulty, selfEmployed),
          source: { doc: 'MOH', clause: '三(六)' },
        },
      ],
    },
    // ----------------------------------------------------------------------------------------- Inner Mongolia
    {
      id: 'nm.startup-loan',
      jurisdictionPrefix: '15',
      category: 'startup_loan',
      beneficiary: 'person',
      replaces: 'national.startup-loan',
      versions: [
        {
          version: '2022.1',
          effectiveFrom: '2022-05-06',
          effectiveTo: '2025-12-31',
          name: '重点群体创业担保贷款',
          nameEn: 'Guaranteed start-up loan for key groups',
          targetGroups: ['高校毕业生', '退役军人', '就业困难人员', '返乡农牧民工', '脱贫人口'],
          content: '支持重点群体进入创业园（孵化基地）创业，为符合条件的重点群体提供创业担保贷款。',
          materials: ['身份证件', '营业执照', '创业项目说明'],
          office: '旗县（市、区）创业担保贷款经办机构',
          amount: { kind: 'up_to', max: 300_000, status: 'unconfirmed', source: { doc: 'NM22', clause: '三(九)' }, note: UNCONFIRMED_LOAN },
          period: 'once',
          eligibility: all(any(mark('graduate_unemployed'), mark('veteran'), difficulty, mark('migrant_worker'), mark('poverty_alleviated')), selfEmployed),
          source: { doc: 'NM22', clause: '三(九)' },
        },
      ],
    },
    {
      id: 'nm.startup-subsidy',
      jurisdictionPrefix: '15',
      category: 'startup_subsidy',
      beneficiary: 'person',
      versions: [
        {
          version: '2022.1',
          effectiveFrom: '2022-05-06',
          effectiveTo: '2025-12-31',
          name: '一次性创业补贴',
          nameEn: 'One-time start-up subsidy',
          targetGroups: ['高校毕业生', '退役军人', '就业困难人员', '返乡农牧民工', '脱贫人口'],
          content: '对首次创业且正常经营的重点群体给予一次性创业补贴。',
          materials: ['身份证件', '营业执照', '经营场所证明'],
          office: '旗县（市、区）公共就业服务机构',
          amount: { kind: 'set_by_office', status: 'unconfirmed', source: { doc: 'NM22', clause: '三(九)' }, note: NO_FIGURE },
          period: 'once',
          eligibility: all(any(mark('graduate_unemployed'), mark('veteran'), difficulty, mark('migrant_worker'), mark('poverty_alleviated')), selfEmployed, f('businessMonths', 'gte', 6)),
          source: { doc: 'NM22', clause: '三(九)' },
          note: '“正常经营6个月以上”为常见口径，种子文件未载明，作为可配置条件',
          status: 'unconfirmed',
        },
      ],
    },
    {
      id: 'nm.training-subsidy',
      jurisdictionPrefix: '15',
      category: 'training_subsidy',
      beneficiary: 'person',
      replaces: 'national.training-subsidy',
      versions: [
        {
          version: '2024.1',
          effectiveFrom: '2024-01-01',
          name: '登记失业人员职业培训补贴',
          nameEn: 'Training subsidy for registered unemployed',
          targetGroups: ['有培训意愿的登记失业人员'],
          content: '对有培训意愿的登记失业人员推介职业培训项目，培训合格且符合条件的，按规定落实培训补贴。',
          materials: ['身份证件', '培训合格证书'],
          office: '旗县（市、区）公共就业服务机构',
          amount: { kind: 'up_to', max: 3000, status: 'unconfirmed', source: { doc: 'NM24', clause: '二(二)2' }, note: '上限为项目默认，按工种与等级另定' },
          period: 'yearly',
          eligibility: all(registeredUnemployed, f('trainingCompleted', 'eq', true)),
          source: { doc: 'NM24', clause: '二(二)2' },
        },
      ],
    },
    // ------------------------------------------------------------------------------------------------ Xuchang
    {
      id: 'xc.training-subsidy',
      jurisdictionPrefix: '4110',
      category: 'training_subsidy',
      beneficiary: 'person',
      replaces: 'national.training-subsidy',
      versions: [
        {
          version: '2023.1',
          effectiveFrom: '2023-06-25',
          name: '职业技能培训补贴',
          nameEn: 'Vocational skills training subsidy',
          targetGroups: ['有技能培训意愿的登记失业人员'],
          content: '建立职业技能培训项目清单并动态调整；失业人员参加培训且符合条件的，指引其按规定申领职业技能培训补贴。',
          materials: ['身份证件', '培训合格证书或职业技能等级证书'],
          office: '县（市、区）公共就业服务机构',
          amount: { kind: 'up_to', max: 3000, status: 'unconfirmed', source: { doc: 'XC23', clause: '四(三)' }, note: '上限为项目默认，按培训项目清单标准另定' },
          period: 'yearly',
          eligibility: all(registeredUnemployed, f('trainingCompleted', 'eq', true)),
          source: { doc: 'XC23', clause: '四(三)' },
        },
      ],
    },
    {
      id: 'xc.social-insurance-flexible',
      jurisdictionPrefix: '4110',
      category: 'social_insurance_subsidy',
      beneficiary: 'person',
      versions: [
        {
          version: '2023.1',
          effectiveFrom: '2023-06-25',
          name: '灵活就业社会保险补贴',
          nameEn: 'Social-insurance subsidy for flexible employment',
          targetGroups: ['灵活就业的就业困难人员', '灵活就业的登记失业人员'],
          content: '组织有灵活就业意愿的登记失业人员与用人主体对接，落实社会保险补贴政策。',
          materials: ['身份证件', '灵活就业登记', '社会保险缴费凭证'],
          office: '县（市、区）公共就业服务机构',
          amount: { kind: 'per_month', yuanPerMonth: 300, maxMonths: 36, status: 'unconfirmed', source: { doc: 'XC23', clause: '四(四)' }, note: '月标准与期限为项目默认（常见为不超过实际缴费的2/3、最长3年），未核实' },
          period: 'monthly',
          eligibility: all(flexible, f('socialInsurancePaid', 'eq', true), any(difficulty, registeredUnemployed), workingAge),
          source: { doc: 'XC23', clause: '四(四)' },
        },
      ],
    },
    {
      id: 'xc.hiring-subsidy',
      jurisdictionPrefix: '4110',
      category: 'hiring_subsidy',
      beneficiary: 'employer',
      versions: [
        {
          version: '2023.1',
          effectiveFrom: '2023-06-25',
          name: '一次性吸纳就业补贴',
          nameEn: 'One-time hiring subsidy',
          targetGroups: ['吸纳登记失业人员就业并缴纳社会保险的用人单位'],
          content: '用人单位吸纳登记失业人员就业、签订劳动合同并缴纳社会保险的，按规定给予一次性吸纳就业补贴。',
          materials: ['营业执照', '劳动合同', '社会保险缴费明细'],
          office: '县（市、区）公共就业服务机构',
          amount: { kind: 'fixed', yuan: 1500, status: 'unconfirmed', source: { doc: 'XC23', clause: '四(四)' }, note: '每人1500元为常见标准，种子文件未载明' },
          period: 'once',
          eligibility: all(f('ageYears', 'gte', 16), f('ageYears', 'lte', 24), f('registrationKind', 'eq', 'unemployment'), employed, f('socialInsurancePaid', 'eq', true)),
          source: { doc: 'XC23', clause: '四(四)' },
          note: '年龄16–24岁的口径为常见口径，作为可配置条件',
          status: 'unconfirmed',
        },
      ],
    },
    {
      id: 'xc.job-expansion',
      jurisdictionPrefix: '4110',
      category: 'job_expansion_subsidy',
      beneficiary: 'employer',
      versions: [
        {
          version: '2023.1',
          effectiveFrom: '2023-06-25',
          name: '一次性扩岗补助',
          nameEn: 'One-time job expansion subsidy',
          targetGroups: ['招用毕业年度或离校2年内未就业高校毕业生的用人单位'],
          content: '用人单位招用高校毕业生、签订劳动合同并缴纳失业保险的，按规定给予一次性扩岗补助。',
          materials: ['营业执照', '劳动合同', '毕业证书', '社会保险缴费明细'],
          office: '县（市、区）公共就业服务机构',
          amount: { kind: 'fixed', yuan: 1000, status: 'unconfirmed', source: { doc: 'XC23', clause: '四(四)' }, note: '每人1000元为常见标准，种子文件未载明' },
          period: 'once',
          eligibility: all(f('education', 'gte', 'junior_college'), f('monthsSinceGraduation', 'lte', 24), employed, f('socialInsurancePaid', 'eq', true)),
          source: { doc: 'XC23', clause: '四(四)' },
        },
      ],
    },
    {
      id: 'xc.startup-loan',
      jurisdictionPrefix: '4110',
      category: 'startup_loan',
      beneficiary: 'person',
      replaces: 'national.startup-loan',
      versions: [
        {
          version: '2023.1',
          effectiveFrom: '2023-06-25',
          name: '创业担保贷款',
          nameEn: 'Guaranteed start-up loan',
          targetGroups: ['有创业意愿的登记失业人员'],
          content: '对有创业意愿的失业人员加强创业培训和指导，符合条件的指引其申领创业担保贷款，逐步降低反担保要求。',
          materials: ['身份证件', '营业执照', '创业项目说明'],
          office: '县（市、区）创业担保贷款经办机构',
          amount: { kind: 'up_to', max: 300_000, status: 'unconfirmed', source: { doc: 'XC23', clause: '四(五)' }, note: UNCONFIRMED_LOAN },
          period: 'once',
          eligibility: all(registeredUnemployed, selfEmployed),
          source: { doc: 'XC23', clause: '四(五)' },
        },
      ],
    },
    // ---------------------------------------------------------------------------------------------- Chongqing
    {
      id: 'cq.tax-relief',
      jurisdictionPrefix: '50',
      category: 'tax_relief',
      beneficiary: 'person',
      versions: [
        {
          version: '2025.1',
          effectiveFrom: '2025-01-01',
          name: '重点群体创业税收优惠',
          nameEn: 'Tax relief for key-group self-employment',
          targetGroups: ['从事个体经营的就业困难人员'],
          content: '就业困难人员从事个体经营的，按规定在限额内依次扣减增值税、城市维护建设税、教育费附加和个人所得税。',
          materials: ['身份证件', '个体工商户营业执照', '就业创业证'],
          office: '主管税务机关（经人力社保部门核实身份）',
          amount: { kind: 'up_to', max: 20_000, status: 'unconfirmed', source: { doc: 'CQ25', clause: '六' }, note: UNCONFIRMED_TAX },
          period: 'yearly',
          eligibility: all(difficulty, selfEmployed),
          source: { doc: 'CQ25', clause: '六' },
        },
      ],
    },
    {
      id: 'cq.social-insurance-difficulty',
      jurisdictionPrefix: '50',
      category: 'social_insurance_subsidy',
      beneficiary: 'person',
      replaces: 'national.social-insurance-difficulty',
      versions: [
        {
          version: '2025.1',
          effectiveFrom: '2025-01-01',
          name: '就业困难人员社会保险补贴',
          nameEn: 'Social-insurance subsidy for difficulty persons',
          targetGroups: ['灵活就业或公益性岗位就业的就业困难人员'],
          content: '鼓励就业困难人员灵活就业，符合条件的按规定落实社会保险补贴。',
          materials: ['身份证件', '社会保险缴费凭证'],
          office: '区县（自治县）公共就业服务机构',
          amount: { kind: 'per_month', yuanPerMonth: 400, maxMonths: 36, status: 'unconfirmed', source: { doc: 'CQ25', clause: '六' }, note: '月标准与期限为项目默认，未核实' },
          period: 'monthly',
          eligibility: all(difficulty, any(flexible, employed), f('socialInsurancePaid', 'eq', true), workingAge),
          source: { doc: 'CQ25', clause: '六' },
        },
      ],
    },
    {
      id: 'cq.startup-loan',
      jurisdictionPrefix: '50',
      category: 'startup_loan',
      beneficiary: 'person',
      replaces: 'national.startup-loan',
      versions: [
        {
          version: '2025.1',
          effectiveFrom: '2025-01-01',
          name: '创业担保贷款及贴息',
          nameEn: 'Guaranteed start-up loan and interest subsidy',
          targetGroups: ['有创业需求的就业困难人员'],
          content: '持续做好对就业困难人员的金融支持服务，符合条件的按规定落实创业担保贷款及贴息。',
          materials: ['身份证件', '营业执照', '创业项目说明'],
          office: '区县（自治县）创业担保贷款经办机构',
          amount: { kind: 'up_to', max: 300_000, status: 'unconfirmed', source: { doc: 'CQ25', clause: '六' }, note: UNCONFIRMED_LOAN },
          period: 'once',
          eligibility: all(difficulty, selfEmployed),
          source: { doc: 'CQ25', clause: '六' },
        },
      ],
    },
    {
      id: 'cq.skill-evaluation-subsidy',
      jurisdictionPrefix: '50',
      category: 'skill_evaluation_subsidy',
      beneficiary: 'person',
      versions: [
        {
          version: '2025.1',
          effectiveFrom: '2025-01-01',
          name: '职业技能评价补贴',
          nameEn: 'Skill-evaluation subsidy',
          targetGroups: ['参加职业技能评价的就业困难人员'],
          content: '支持就业困难人员参加职业技能培训和评价，取得证书的按规定落实职业技能评价补贴。',
          materials: ['身份证件', '职业技能等级证书'],
          office: '区县（自治县）公共就业服务机构',
          amount: { kind: 'set_by_office', status: 'unconfirmed', source: { doc: 'CQ25', clause: '六' }, note: NO_FIGURE },
          period: 'yearly',
          eligibility: all(difficulty, f('certificateObtained', 'eq', true)),
          source: { doc: 'CQ25', clause: '六' },
        },
      ],
    },
    {
      id: 'cq.post-subsidy',
      jurisdictionPrefix: '50',
      category: 'post_subsidy',
      beneficiary: 'person',
      replaces: 'national.post-subsidy',
      versions: [
        {
          version: '2025.1',
          effectiveFrom: '2025-01-01',
          name: '公益性岗位补贴',
          nameEn: 'Public-welfare post subsidy',
          targetGroups: ['通过市场渠道确实难以实现就业的就业困难人员'],
          content: '对通过市场渠道确实难以实现就业的就业困难人员，合理开发公益性岗位安置，按规定落实补贴政策，并加强岗位监督管理。',
          materials: ['身份证件', '公益性岗位安置协议'],
          office: '区县（自治县）公共就业服务机构',
          amount: { kind: 'set_by_office', status: 'unconfirmed', source: { doc: 'CQ25', clause: '六' }, note: NO_FIGURE },
          period: 'monthly',
          publicNotice: true,
          eligibility: all(difficulty, employed, workingAge),
          source: { doc: 'CQ25', clause: '六' },
        },
      ],
    },
  ];
}
