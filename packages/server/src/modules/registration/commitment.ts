/**
 * Written commitment texts (书面承诺, R2.3: registration on the applicant's written commitment, XC23 三(一), 四(一)).
 * Texts are versioned data: a published version is never edited — a new wording gets a new version id, and each
 * registration stores the version signed plus the SHA-256 of its text, so what was signed can always be shown.
 */
import { createHash } from 'node:crypto';

export interface CommitmentText {
  readonly version: string;
  /** First day this wording is offered (YYYY-MM-DD). */
  readonly effectiveFrom: string;
  readonly titleZh: string;
  readonly textZh: string;
  readonly textEn: string;
  readonly source: string;
}

export const COMMITMENT_TEXTS: readonly CommitmentText[] = [
  {
    version: 'commitment-2026.1',
    effectiveFrom: '2020-01-01',
    titleZh: '失业登记书面承诺',
    textZh:
      '本人承诺：本人已年满16周岁，未达到法定退休年龄且未领取基本养老保险待遇，有劳动能力，有就业要求，目前处于无业状态；' +
      '所填报的个人信息、失业原因、技能和就业意愿真实、准确、完整。登记期间如实现就业、自主创业、入学、应征入伍、' +
      '领取基本养老保险待遇或出现其他变化，将及时告知经办机构。如有不实，本人愿意承担相应责任。',
    textEn:
      'I declare that I am at least 16, have not reached statutory retirement age and draw no basic pension, am able and ' +
      'wish to work, and am currently without work; that the personal details, reason for unemployment, skills and ' +
      'job wishes I gave are true, accurate and complete; and that I will tell the office promptly if I find work, ' +
      'start a business, enrol in school, enlist, draw a pension or my situation otherwise changes. I accept ' +
      'responsibility for any untrue statement.',
    source: 'XC23 三(一)、四(一)（告知承诺制）; 人社厅发〔2020〕3号 失业登记条件',
  },
];

export function commitmentSha256(t: CommitmentText): string {
  return createHash('sha256').update(`${t.version}\n${t.textZh}`).digest('hex');
}

/** The wording offered on a date: the latest version already in effect. */
export function currentCommitment(on: string): CommitmentText {
  let best: CommitmentText | undefined;
  for (const t of COMMITMENT_TEXTS) if (t.effectiveFrom <= on && (!best || t.effectiveFrom > best.effectiveFrom)) best = t;
  if (!best) throw new Error(`no commitment text in effect on ${on}`);
  return best;
}

export function findCommitment(version: string): CommitmentText | undefined {
  return COMMITMENT_TEXTS.find((t) => t.version === version);
}
