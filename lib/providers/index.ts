// The one entry point that reads any account's balance: the provider's own
// `read` behind the checks every read shares. Only the background imports this.
import type { BalanceSnapshot, ProviderId } from '../model/balance';
import { normalizeBaseUrl, sessionOriginAllowed, validateKey } from '../net/base-url';
import { fail, ok, type Result } from '../model/errors';
import type { HttpDeps } from '../net/http';
import { read as apertis } from './apertis';
import { read as apikley } from './apikley';
import { read as deepseek } from './deepseek';
import { read as openrouter } from './openrouter';
import { read as moonshot } from './moonshot';
import { read as moonshotCn } from './moonshot-cn';
import { read as vercel } from './vercel';
import { read as novita } from './novita';
import { read as poe } from './poe';
import { read as aihubmix } from './aihubmix';
import { read as newapi } from './newapi';
import { read as custom } from './custom';
import { read as claude } from './claude';
import { forgetSessions as forgetCodexSessions, info as codexInfo, read as codex } from './codex';
import { read as cursor } from './cursor';
import { read as anthropicConsole } from './anthropic-console';
import { providerInfo } from './registry';
import type { ProviderRead } from './types';

export { PROVIDER_LIST, providerInfo, type ProviderInfo } from './registry';

const READERS: Record<string, ProviderRead> = {
  apertis,
  apikley,
  deepseek,
  openrouter,
  moonshot,
  'moonshot-cn': moonshotCn,
  vercel,
  novita,
  poe,
  aihubmix,
  newapi,
  custom,
  claude,
  codex,
  cursor,
  'anthropic-console': anthropicConsole,
};

/** What a read needs to know about an account. */
export interface ReadTarget {
  provider: ProviderId;
  baseUrl: string;
  key: string;
  options?: Readonly<Record<string, string>>;
}

export function createBalanceApi(deps: HttpDeps) {
  // Per-site limits (a gateway's rate-limited route): when each last ran, for this worker's life.
  const lastRun = new Map<string, number>();
  const throttle = (name: string, everyMs: number): boolean => {
    const now = deps.now();
    const last = lastRun.get(name);
    if (last !== undefined && now - last < everyMs && now >= last) return false;
    lastRun.set(name, now);
    return true;
  };
  return {
    /**
     * Never throws: every failure, even a bug, comes back as a typed error.
     * `last` is the last good reading: its `via` says how it was made.
     */
    async read(account: ReadTarget, last?: BalanceSnapshot): Promise<Result<BalanceSnapshot>> {
      try {
        const baseUrl = normalizeBaseUrl(account.baseUrl);
        if (!baseUrl.ok) return baseUrl;
        // Stored data may predate a provider being removed; don't trust the id blindly.
        const reader = Object.hasOwn(READERS, account.provider) ? READERS[account.provider] : undefined;
        const info = providerInfo(account.provider);
        if (!reader || !info) return fail('bad-response', 'Unknown provider');
        if (info.session && !sessionOriginAllowed(baseUrl.value, info.baseUrl)) {
          return fail('bad-url', `A signed-in site is read only at ${info.baseUrl}`);
        }
        // A signed-in site has no key: the browser's own login authorises the read.
        const key = info.session ? ok('') : validateKey(account.key);
        if (!key.ok) return key;
        const result = await reader({
          http: deps,
          baseUrl: baseUrl.value,
          key: key.value,
          options: account.options ?? {},
          ...(last === undefined ? {} : { last }),
          ...(last?.via === undefined ? {} : { via: last.via }),
          throttle,
        });
        // A provider's memo is stored with the snapshot: keep it small.
        if (result.ok && result.value.via !== undefined && result.value.via.length > 512) delete result.value.via;
        return result;
      } catch {
        // The error itself is not shown: it could quote the request, and the request holds the key.
        return fail('bad-response', 'Unexpected error while reading the balance');
      }
    },
  };
}

export type BalanceApi = ReturnType<typeof createBalanceApi>;

/**
 * Drops the access tokens signed-in sites handed out (they live in this worker's memory only) for
 * every site no remaining account reads.
 */
export function forgetSignedInTokens(accounts: readonly Pick<ReadTarget, 'provider' | 'baseUrl'>[]): void {
  const kept = accounts.flatMap((a) => {
    const base = a.provider === codexInfo.id ? normalizeBaseUrl(a.baseUrl) : undefined;
    return base?.ok ? [base.value] : [];
  });
  forgetCodexSessions(kept);
}
