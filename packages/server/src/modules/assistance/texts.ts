/**
 * Versioned texts signed by applicants: the written commitment of a recognition application (书面承诺, RULES.md
 * “application … written commitment”) and the assistance agreement (援助协议, MOH 三(四)). A published version is
 * never edited; each signature stores the version and the SHA-256 of its text.
 */
import { createHash } from 'node:crypto';

export interface SignedText {
  readonly version: string;
  readonly effectiveFrom: string;
  readonly titleZh: string;
  readonly textZh: string;
  readonly textEn: string;
  readonly source: string;
}

export const APPLICATION_COMMITMENTS: readonly SignedText[] = [
  {
    version: 'assistance-commitment-2025.1',
    effectiveFrom: '2020-01-01',
    titleZh: '就业困难人员认定申请书面承诺',
    textZh: '本人承诺：所填报的家庭、年龄、残疾、收入、土地、参保、就业失业等情况真实、准确、完整；同意经办机构核查相关信息并在社区（村）公示；情况发生变化时及时告知经办机构。如有不实，愿意承担相应责任，并退回因此享受的援助和补贴。',
    textEn: 'I declare that the household, age, disability, income, land, insurance and employment facts I gave are true, accurate and complete; I agree that the office verifies them and publishes a notice in the community; I will report any change promptly. I accept responsibility for any untrue statement and will repay assistance and subsidies received because of it.',
    source: 'MOH 二(三)；RULES.md 就业困难人员认定程序（书面承诺）',
  },
];

export const AGREEMENT_TEXTS: readonly SignedText[] = [
  {
    version: 'assistance-agreement-2025.1',
    effectiveFrom: '2020-01-01',
    titleZh: '就业援助协议',
    textZh: '甲方（公共就业服务机构）为乙方（就业援助对象）制定个性化援助方案，按方案所列措施和时限提供援助服务，实行首问负责制，由责任人跟踪落实；乙方如实反映求职和就业情况，积极参加职业指导、岗位推荐、技能培训等活动，实现就业后配合跟踪回访。乙方无正当理由不接受援助服务的，不再作为援助对象。',
    textEn: 'The office draws up a personal assistance plan for the person, provides the listed measures by their dates under first-contact responsibility, and the responsible worker follows them up; the person reports job search and employment truthfully, takes part in guidance, job recommendations and training, and accepts follow-up after finding work. A person who refuses assistance without good reason ceases to be an assistance target.',
    source: 'MOH 二(三)、三(四)(五)',
  },
];

export function textSha256(t: SignedText): string {
  return createHash('sha256').update(`${t.version}\n${t.textZh}`).digest('hex');
}

export function currentText(texts: readonly SignedText[], on: string): SignedText {
  let best: SignedText | undefined;
  for (const t of texts) if (t.effectiveFrom <= on && (!best || t.effectiveFrom > best.effectiveFrom)) best = t;
  if (!best) throw new Error(`no text in effect on ${on}`);
  return best;
}
