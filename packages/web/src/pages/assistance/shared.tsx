// Small pieces shared by the assistance pages: state and tri-state tags, explanation text in the UI language.
import { Tag } from 'antd';
import type { ApplicationState, Tri } from '../../api/types.ts';
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
