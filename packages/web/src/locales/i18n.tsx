import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { DEFAULT_LANGUAGE, codeLabel, isLanguage, translate, type Language, type MessageKey, type Params } from './index.ts';
import { setLanguage as setApiLanguage } from '../api/client.ts';

const STORAGE_KEY = 'bangfu.language';

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey, params?: Params): string;
  label(list: string, code: string): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // Storage can be unavailable (private mode); the default language is fine then.
  }
  return DEFAULT_LANGUAGE;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() => {
    const lang = initialLanguage();
    setApiLanguage(lang);
    return lang;
  });

  const setLanguage = useCallback((next: Language) => {
    setApiLanguage(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisting the choice is acceptable.
    }
    setLanguageState(next);
  }, []);

  // Screen readers and the browser's own UI (spell check, hyphenation) follow the page language.
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const value = useMemo<I18n>(
    () => ({
      language,
      setLanguage,
      t: (key, params) => translate(language, key, params),
      label: (list, code) => codeLabel(language, list, code),
    }),
    [language, setLanguage],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}

/** The tiny `t()` hook. */
export function useT(): I18n['t'] {
  return useI18n().t;
}
