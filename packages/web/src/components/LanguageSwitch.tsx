import { Segmented } from 'antd';
import { useI18n } from '../locales/i18n.tsx';
import type { Language } from '../locales/index.ts';

const OPTIONS: { label: string; value: Language }[] = [
  { label: '中文', value: 'zh-CN' },
  { label: 'EN', value: 'en-US' },
];

/** zh/EN switch: changes the UI texts, antd's locale and the `Accept-Language` of API calls at once. */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <Segmented<Language>
      size="small"
      aria-label={t('header.language')}
      data-testid="language-switch"
      options={OPTIONS}
      value={language}
      onChange={setLanguage}
    />
  );
}
