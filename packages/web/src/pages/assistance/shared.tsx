// Small pieces shared by the assistance pages: state and tri-state tags, explanation text in the UI language, the
// server's decision with its clauses.
import type { ReactNode } from 'react';
import { Alert, Tag, Typography } from 'antd';
import type { ApplicationState, DecisionExplanation, Tri } from '../../api/types.ts';
import { useI18n } from '../../locales/i18n.tsx';

const STATE_COLOR: Record<ApplicationState, string> = {
  submitted: 'blue',
  prechecked: 'geekblue',
  public_notice: 'gold',
  recognised: 'green',
  rejected: 'red',
  appealed: 'purple',
  exited: 'default',
};

export function StateTag({ state }: { state: ApplicationState }) {
  const { label } = useI18n();
  return (
    <Tag color={STATE_COLOR[state]} data-testid="application-state">
      {label('assistState', state)}
    </Tag>
  );
}

export function TriTag({ value }: { value: Tri }) {
  const { t } = useI18n();
  if (value === true) return <Tag color="green">{t('assist.eligible.yes')}</Tag>;
  if (value === false) return <Tag color="red">{t('assist.eligible.no')}</Tag>;
  return <Tag color="orange">{t('assist.eligible.unknown')}</Tag>;
}

/** A rules-package explanation (zh `text`, optional `textEn`) in the UI language. */
export function useExplain(): (e: { text?: string; textEn?: string } | null | undefined) => string {
  const { language } = useI18n();
  return (e) => (e ? (language === 'en-US' ? e.textEn ?? e.text ?? '' : e.text ?? '') : '');
}

/** `2025-11-04T01:00:00.000Z` → `2025-11-04 09:00` in China time (the date the server's deadlines count in). */
export function chinaTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** The declared-fact names the rules package reports as missing (`person.residentMonths`) → a label key suffix. */
export function factName(fact: string): string {
  return fact.replace(/^person\./, '');
}

/** Explanation-like values a decision stored (`explanations`, `explanation`, `deadline`, `notice`, `period`). */
export function explanationsOf(detail: Record<string, unknown> | null | undefined): DecisionExplanation[] {
  if (!detail) return [];
  const out: DecisionExplanation[] = [];
  const add = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(add);
    else if (v && typeof v === 'object' && typeof (v as DecisionExplanation).text === 'string') out.push(v as DecisionExplanation);
  };
  for (const key of ['explanations', 'explanation', 'deadline', 'notice', 'period']) add(detail[key]);
  return out;
}

/**
 * The server's explanation of a decision just taken: each rule's sentence in the UI language with its clause and
 * the rule pack (id@version). Shown after every action, so the user sees why the numbers are what they are.
 */
export function DecisionView({ title, explanations, pack, testid = 'decision', type = 'success' }: { title: ReactNode; explanations: DecisionExplanation[]; pack?: string | null; testid?: string; type?: 'success' | 'info' | 'warning' }) {
  const { t } = useI18n();
  const explain = useExplain();
  const packs = [...new Set([pack, ...explanations.map((e) => e.pack)].filter((p): p is string => !!p))];
  return (
    <Alert
      type={type}
      showIcon
      data-testid={testid}
      title={title}
      description={
        <div>
          {explanations.length > 0 && (
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {explanations.map((e, i) => (
                <li key={i}>
                  {explain(e)} {e.source && <Typography.Text type="secondary">（{t('assist.clause')}：{e.source}）</Typography.Text>}
                </li>
              ))}
            </ul>
          )}
          {packs.length > 0 && <Typography.Text type="secondary">{t('assist.pack')}：{packs.join('、')}</Typography.Text>}
        </div>
      }
    />
  );
}
