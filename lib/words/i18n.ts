import { browser } from '../browser-api';

// Message names come from the English catalogue; a type-only import, so no JSON
// is bundled: the browser's i18n system picks English or Russian at runtime.
export type MessageKey = keyof typeof import('../../public/_locales/en/messages.json');
export type Translate = (key: MessageKey, substitutions?: string | string[]) => string;

export const t: Translate = (key, substitutions) => browser.i18n.getMessage(key, substitutions) || key;

/**
 * The locale for numbers and dates. It follows the catalogue the browser picked
 * (each names its own language), so formats match the words around them; the
 * UI language refines it (en-GB dates) when it is the same language.
 */
export function uiLocale(): string {
  try {
    const catalogue = browser.i18n.getMessage('catalogueLocale') || 'en';
    const ui = browser.i18n.getUILanguage();
    return ui.toLowerCase().startsWith(catalogue) ? ui : catalogue;
  } catch {
    return 'en';
  }
}

/** Tells the page (screen readers, hyphenation, fonts) which language its words are in. */
export function setPageLanguage(doc: Document = document): void {
  doc.documentElement.lang = uiLocale();
}
