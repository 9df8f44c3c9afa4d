// Every provider, in the order the Provider control lists them. Only `info`
// (plain data) is imported here, so views and the manifest read labels, links
// and units without pulling in any parser. Adding a provider: its file, one
// line here, one in ./index.ts, its test table and its route in the e2e fake.
import type { Translate } from '../words/i18n';
import type { ProviderInfo } from './types';
import { info as apertis } from './apertis';
import { info as apikley } from './apikley';
import { info as deepseek } from './deepseek';
import { info as openrouter } from './openrouter';
import { info as moonshot } from './moonshot';
import { info as moonshotCn } from './moonshot-cn';
import { info as vercel } from './vercel';
import { info as novita } from './novita';
import { info as poe } from './poe';
import { info as aihubmix } from './aihubmix';
import { info as newapi } from './newapi';
import { info as custom } from './custom';
import { info as claude } from './claude';
import { info as codex } from './codex';
import { info as cursor } from './cursor';
import { info as anthropicConsole } from './anthropic-console';

export type { ProviderField, ProviderInfo } from './types';

export const PROVIDER_LIST: readonly ProviderInfo[] = [
  apertis,
  apikley,
  deepseek,
  openrouter,
  moonshot,
  moonshotCn,
  vercel,
  novita,
  poe,
  aihubmix,
  newapi,
  custom,
  // Signed-in sites (issue 20): read with the browser's own login, no key.
  claude,
  codex,
  cursor,
  anthropicConsole,
];

const BY_ID = new Map(PROVIDER_LIST.map((p) => [p.id, p]));

/** The definition for a stored or typed id; undefined for an id no longer (or never) known. */
export function providerInfo(id: string): ProviderInfo | undefined {
  return BY_ID.get(id);
}

/** The provider's name as the Provider control shows it, marked when its reading is experimental. */
export function providerLabel(id: string, t: Translate): string {
  const info = providerInfo(id);
  if (!info) return id;
  return info.experimental ? `${info.label} (${t('experimental')})` : info.label;
}

/**
 * The unit an account's amounts and thresholds are in before (or without) a
 * reading: the provider's fixed unit, or the one its options chose. Undefined
 * when only the answer can tell (a gateway's display currency).
 */
export function accountUnit(account: { provider: string; options?: Readonly<Record<string, string>> }): string | undefined {
  const info = providerInfo(account.provider);
  if (!info) return undefined;
  return info.unit ?? (info.unitOption ? account.options?.[info.unitOption] || undefined : undefined);
}

export const isProviderId = (id: unknown): id is string => typeof id === 'string' && BY_ID.has(id);

/** Where "Sign in" takes the user for a signed-in site: its login page on the account's own site. */
export function signInPage(account: { provider: string; baseUrl: string }): string | undefined {
  const path = providerInfo(account.provider)?.session?.loginPath;
  return path ? topUpPage({ provider: account.provider, baseUrl: account.baseUrl }, path) : undefined;
}

/**
 * Where the user tops up this account: the provider's own page, or for a self-hosted gateway its
 * path on the account's own site. Only https (or loopback) pages, never a page from elsewhere.
 */
export function topUpPage(account: { provider: string; baseUrl: string }, path?: string): string | undefined {
  const page = path ?? providerInfo(account.provider)?.topUpUrl;
  if (!page) return undefined;
  try {
    const url = page.startsWith('/') ? new URL(page, new URL(account.baseUrl).origin) : new URL(page);
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    return url.protocol === 'https:' || (url.protocol === 'http:' && loopback) ? url.href : undefined;
  } catch {
    return undefined;
  }
}
