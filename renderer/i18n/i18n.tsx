import { createContext, useContext, useState, type ReactNode } from 'react';
import { en } from './en.ts';
import { id, type Dictionary } from './id.ts';

export type Locale = 'id' | 'en';
const DICTIONARIES: Record<Locale, Dictionary> = { id, en };
const STORAGE_KEY = 'bansos.locale';

interface I18n {
  t: Dictionary;
  locale: Locale;
  setLocale(locale: Locale): void;
}

const I18nContext = createContext<I18n>({ t: id, locale: 'id', setLocale: () => {} });

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() =>
    localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id',
  );
  const setLocale = (next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next;
    setLocaleState(next);
  };
  return (
    <I18nContext.Provider value={{ t: DICTIONARIES[locale], locale, setLocale }}>
      {children}
    </I18nContext.Provider>
  );
}

export const useI18n = (): I18n => useContext(I18nContext);
export const useT = (): Dictionary => useContext(I18nContext).t;

/**
 * A feature's own strings, Indonesian and English with the same shape (a missing English key
 * does not compile). Shell strings stay in id.ts/en.ts; each page keeps its words beside it.
 */
export function defineStrings<T>(id: T, en: NoInfer<T>): Record<Locale, T> {
  return { id, en };
}

export function useStrings<T>(strings: Record<Locale, T>): T {
  return strings[useContext(I18nContext).locale];
}
