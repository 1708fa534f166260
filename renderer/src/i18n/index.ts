/**
 * i18next set-up: zh-CN by default, English second; the choice is kept in localStorage.
 * One language value drives every library: antd (ConfigProvider locale), dayjs, AG Grid
 * (localeText), ECharts (init locale) and Intl (format.ts).
 */
import enUS from 'antd/locale/en_US';
import zhCN_antd from 'antd/locale/zh_CN';
import type { ConfigProviderProps } from 'antd';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { AG_GRID_ZH_CN } from './ag-grid';
import en from './en';
import zhCN, { type Messages } from './zh-CN';

export type Language = 'zh-CN' | 'en';
export const LANGUAGES: Language[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'salesdesk.language';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

function storedLanguage(): Language {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return v === 'en' || v === 'zh-CN' ? v : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const i18n = i18next.createInstance();

export function initI18n(): typeof i18n {
  const lng = storedLanguage();
  void i18n.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng,
    fallbackLng: 'zh-CN',
    supportedLngs: LANGUAGES,
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  applyLanguageSideEffects(lng);
  return i18n;
}

function applyLanguageSideEffects(lng: Language): void {
  dayjs.locale(lng === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = lng;
}

export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

export async function changeLanguage(lng: Language): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // not persisted; the switch still applies to this window
  }
  applyLanguageSideEffects(lng);
  await i18n.changeLanguage(lng);
}

type AntdLocale = NonNullable<ConfigProviderProps['locale']>;
export const antdLocale = (lng: Language): AntdLocale => (lng === 'en' ? enUS : zhCN_antd);
export const agGridLocaleText = (lng: Language): Record<string, string> | undefined => (lng === 'en' ? undefined : AG_GRID_ZH_CN);
export const echartsLocale = (lng: Language): 'ZH' | 'EN' => (lng === 'en' ? 'EN' : 'ZH');
/** The BCP 47 tag for Intl formatters. */
export const intlLocale = (lng: Language): string => (lng === 'en' ? 'en-US' : 'zh-CN');
