// What the extension knows about each provider, and the one entry point that
// reads any account's balance. Everything the outside world gives is injected.
import type { BalanceSnapshot, ProviderId } from '../balance';
import { normalizeBaseUrl, validateKey } from '../base-url';
import { fail, type Result } from '../errors';
import type { HttpDeps } from '../http';
import { readApertisBalance } from './apertis';
import { readApikleyBalance } from './apikley';

export { PROVIDERS, type ProviderInfo } from './registry';

type Reader = (deps: HttpDeps, baseUrl: string, key: string) => Promise<Result<BalanceSnapshot>>;

const READERS: Record<ProviderId, Reader> = {
  apertis: readApertisBalance,
  apikley: readApikleyBalance,
};

export function createBalanceApi(deps: HttpDeps) {
  return {
    /** Never throws: every failure, even a bug, comes back as a typed error. */
    async read(account: { provider: ProviderId; baseUrl: string; key: string }): Promise<Result<BalanceSnapshot>> {
      try {
        const baseUrl = normalizeBaseUrl(account.baseUrl);
        if (!baseUrl.ok) return baseUrl;
        const key = validateKey(account.key);
        if (!key.ok) return key;
        // Stored data may predate a provider being removed; don't trust the id blindly.
        const reader = Object.hasOwn(READERS, account.provider) ? READERS[account.provider] : undefined;
        if (!reader) return fail('bad-response', 'Unknown provider');
        return await reader(deps, baseUrl.value, key.value);
      } catch {
        // The error itself is not shown: it could quote the request, and the request holds the key.
        return fail('bad-response', 'Unexpected error while reading the balance');
      }
    },
  };
}

export type BalanceApi = ReturnType<typeof createBalanceApi>;
