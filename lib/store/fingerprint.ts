import type { Account } from '../model/account';

/**
 * Names what a stored state describes: the provider, the base URL, the key and
 * the provider's own options (a custom endpoint's mapping, a chosen currency).
 * When any of them changes, the old state (a "rejected" verdict, a backoff, the
 * last balance) no longer applies, whether or not a message said so.
 *
 * cyrb53, a small 53-bit string hash: this is an identity check, not a secret
 * (the key itself sits beside it in storage.local), and it must be synchronous
 * for the popup's first paint.
 */
export function fingerprint(account: Pick<Account, 'provider' | 'baseUrl' | 'key' | 'options'>): string {
  // Accounts without options keep the fingerprint they had before options existed.
  const options = Object.entries(account.options ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  const text = `${account.provider}\n${account.baseUrl}\n${account.key}${options.length ? `\n${JSON.stringify(options)}` : ''}`;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
