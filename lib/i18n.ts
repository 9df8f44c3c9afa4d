import { browser } from 'wxt/browser';

// Message names come from the English catalogue; a type-only import, so no JSON
// is bundled: the browser's i18n system picks English or Russian at runtime.
export type MessageKey = keyof typeof import('../public/_locales/en/messages.json');
export type Translate = (key: MessageKey, substitutions?: string | string[]) => string;

export const t: Translate = (key, substitutions) => browser.i18n.getMessage(key, substitutions) || key;

export function uiLocale(): string {
  try {
    return browser.i18n.getUILanguage();
  } catch {
    return 'en';
  }
}
