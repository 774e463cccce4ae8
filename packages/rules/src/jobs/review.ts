/**
 * Review of a job posting's text for conditions the law forbids (R9.2): gender (就业促进法 第二十七条; 妇女权益保障法
 * 第四十三条), ethnicity (就业促进法 第二十八条), household registration (就业服务与就业管理规定 第二十条), marital or
 * pregnancy status (妇女权益保障法 第四十三条; 人社部发〔2019〕17号), and age limits without a stated justification
 * (人社部发〔2019〕17号 spirit; 就业促进法 第三条). Each finding names the phrase and where it was found. Pure: no IO.
 */
export const FORBIDDEN_CATEGORIES = ['gender', 'ethnicity', 'hukou', 'marital', 'age'] as const;
export type ForbiddenCategory = (typeof FORBIDDEN_CATEGORIES)[number];

export interface ReviewFinding {
  readonly category: ForbiddenCategory;
  /** Which text field of the posting, e.g. `description`. */
  readonly field: string;
  /** The phrase as it stands in the text. */
  readonly phrase: string;
  readonly textZh: string;
  readonly textEn: string;
  readonly source: string;
}

interface Pattern {
  readonly category: ForbiddenCategory;
  readonly re: RegExp;
}

const CATEGORY: Record<ForbiddenCategory, { zh: string; en: string; source: string }> = {
  gender: { zh: '性别限制', en: 'a gender condition', source: '就业促进法 第二十七条；妇女权益保障法 第四十三条' },
  ethnicity: { zh: '民族限制', en: 'an ethnicity condition', source: '就业促进法 第二十八条' },
  hukou: { zh: '户籍限制', en: 'a household-registration (hukou) condition', source: '就业服务与就业管理规定 第二十条' },
  marital: { zh: '婚育状况限制', en: 'a marital or pregnancy condition', source: '妇女权益保障法 第四十三条；人社部发〔2019〕17号' },
  age: { zh: '无正当理由的年龄限制', en: 'an age limit without a stated justification', source: '就业促进法 第三条；人社部发〔2019〕17号' },
};

const PATTERNS: readonly Pattern[] = [
  { category: 'gender', re: /(?<![不无])(?:仅限|只限|限招|只招|仅招|限)\s*(?:男性|女性|男生|女生|男士|女士|男|女)(?![女男]?不限)/g },
  { category: 'gender', re: /(?:男性|女性|男生|女生|男士|女士|男|女)\s*优先/g },
  { category: 'gender', re: /性别\s*[:：]?\s*(?:要求)?\s*(?:男|女)(?!女?不限)/g },
  { category: 'ethnicity', re: /(?:仅限|只限|限|要求)\s*[\u4e00-\u9fa5]{1,3}族(?:人)?/g },
  { category: 'ethnicity', re: /(?:汉族|少数民族)\s*(?:优先|除外)/g },
  { category: 'ethnicity', re: /民族\s*[:：]\s*(?!不限)[\u4e00-\u9fa5]{1,3}族?/g },
  { category: 'hukou', re: /(?:本地|本市|本省|本县|本区|城镇|农村|非农业?)?\s*(?:户口|户籍)(?!\s*不限)(?:\s*(?:优先|要求|限制|人员|者))?/g },
  { category: 'marital', re: /已婚已育|未婚未育|已婚|未婚|已育|未育|婚育|怀孕|妊娠|孕期|单身|生育(?!保险|津贴)/g },
  { category: 'age', re: /\d{2}\s*(?:周岁|岁)\s*(?:以下|以内|之内|以上|及以下|及以上|之间)|\d{2}\s*[-—~～至到]\s*\d{2}\s*(?:周岁|岁)|年龄\s*(?:不超过|不大于|不高于|小于|低于|在|限|要求)\s*\d{2}\s*(?:周岁|岁)?(?:\s*[-—~～至到]\s*\d{2}\s*(?:周岁|岁)?)?(?:\s*(?:以下|以内|以上))?/g },
];

/** A lower bound alone at the legal working age (16) or the age of majority (18) is a legal condition, not a limit. */
function legalMinimumOnly(phrase: string): boolean {
  const m = /^(\d{2})\s*(?:周岁|岁)\s*(?:以上|及以上)$/.exec(phrase.trim());
  return m !== null && Number(m[1]) <= 18;
}

export interface PostingTexts {
  readonly [field: string]: string | null | undefined;
}

/**
 * Findings in the given texts (title, description, requirements …). An age limit is allowed when the posting states
 * its justification (`ageJustification`, e.g. a national safety rule for the trade); the legal minimum age never
 * needs one.
 */
export function reviewPostingText(texts: PostingTexts, options: { ageJustification?: string | null | undefined } = {}): ReviewFinding[] {
  const out: ReviewFinding[] = [];
  const seen = new Set<string>();
  for (const [field, text] of Object.entries(texts)) {
    if (!text) continue;
    for (const p of PATTERNS) {
      for (const m of text.matchAll(p.re)) {
        const phrase = m[0].trim();
        if (!phrase) continue;
        if (p.category === 'age' && (legalMinimumOnly(phrase) || (options.ageJustification ?? '').trim().length > 0)) continue;
        const key = `${field}|${p.category}|${phrase}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const c = CATEGORY[p.category];
        out.push({
          category: p.category,
          field,
          phrase,
          textZh: `“${phrase}”属于${c.zh}，招聘信息不得包含（${c.source}）`,
          textEn: `"${phrase}" is ${c.en}, which a job posting must not contain (${c.source})`,
          source: c.source,
        });
      }
    }
  }
  return out;
}
