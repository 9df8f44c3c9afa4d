// Host access: the founding providers' origins are granted at install; any other base URL
// needs the user's permission, asked from the click that saves the account.
import { browser } from 'wxt/browser';
import { normalizeBaseUrl, originPattern } from '../net/base-url';
import { PROVIDER_LIST } from '../providers/registry';

// Only the founding providers' origins are granted at install (the manifest's host_permissions).
const OFFICIAL = new Set(PROVIDER_LIST.filter((p) => p.grantedAtInstall).map((p) => originPattern(p.baseUrl)));

/**
 * Must be called synchronously from a click handler: browsers only show the
 * permission prompt inside a user gesture. Asked even for the official origins:
 * users can revoke those too (Firefox's about:addons, Chrome's site access), and
 * an origin still granted resolves at once without a prompt.
 */
export function requestOriginAccess(baseUrl: string): Promise<boolean> {
  return browser.permissions.request({ origins: [originPattern(baseUrl)] }).catch(() => false);
}

/** Like requestOriginAccess, for every origin of several accounts at once (import, pasted keys): one prompt. */
export function requestOriginsAccess(baseUrls: readonly string[]): Promise<boolean> {
  const origins = [...new Set(baseUrls.flatMap((u) => (normalizeBaseUrl(u).ok ? [originPattern(u)] : [])))];
  if (!origins.length) return Promise.resolve(true);
  return browser.permissions.request({ origins }).catch(() => false);
}

/** Gives back access nobody needs any more, once the last account on an origin is gone. */
export async function releaseUnusedOrigin(removedBaseUrl: string, remainingBaseUrls: readonly string[]): Promise<void> {
  const pattern = originPattern(removedBaseUrl);
  if (OFFICIAL.has(pattern) || remainingBaseUrls.some((u) => originPattern(u) === pattern)) return;
  await browser.permissions.remove({ origins: [pattern] }).catch(() => false);
}
