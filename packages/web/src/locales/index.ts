import zhCN, { type MessageKey, type Messages } from './zh-CN.ts';
import enUS from './en-US.ts';

export type { MessageKey, Messages };

export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

const catalogues: Record<Language, Messages> = { 'zh-CN': zhCN, 'en-US': enUS };

export type Params = Record<string, string | number>;

/** Looks a key up and fills `{name}` placeholders; an unknown placeholder is left visible rather than dropped. */
export function translate(language: Language, key: MessageKey, params?: Params): string {
  const template = catalogues[language][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** Label for a code-list value (`mark.difficulty`…); codes the catalogue does not know are shown as they are. */
export function codeLabel(language: Language, list: string, code: string): string {
  const key = `${list}.${code}`;
  return isMessageKey(key) ? catalogues[language][key] : code;
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(zhCN, key);
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The value sent as `Accept-Language`; the API understands `zh-CN` and `en`. */
export function acceptLanguage(language: Language): string {
  return language === 'en-US' ? 'en' : 'zh-CN';
}
