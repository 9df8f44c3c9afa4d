// Builders shared by unit tests (not bundled: only *.test.ts import this).
import type { Account } from './model/account';
import type { BalanceSnapshot, Limit } from './model/balance';
import type { HttpDeps } from './net/http';
import type { Translate } from './words/i18n';
import { fingerprint } from './store/fingerprint';
import type { AccountState } from './store/storage';

export function makeAccount(overrides: Partial<Account> = {}): Account {
  return {
    id: 'a1',
    provider: 'apertis',
    name: 'Work',
    key: 'sk-test-secret-1234',
    baseUrl: 'https://api.apertis.ai',
    warnBelow: 5,
    cycleWarnPercent: 10,
    ...overrides,
  };
}

export function paygSnapshot(remaining: number | null, readAt = 0, extra: Partial<BalanceSnapshot> = {}): BalanceSnapshot {
  return {
    provider: 'apertis',
    unit: 'USD',
    remaining,
    used: 1,
    total: remaining === null ? null : remaining + 1,
    unlimited: remaining === null,
    readAt,
    ...extra,
  };
}

export function creditsSnapshot(remaining: number, readAt = 0): BalanceSnapshot {
  return { provider: 'apikley', unit: 'credits', remaining, unlimited: false, readAt };
}

/** A signed-in site's reading (issue 20): no balance, only limits. */
export function limitSnapshot(limits: Limit[], readAt = 0, extra: Partial<BalanceSnapshot> = {}): BalanceSnapshot {
  return { provider: 'claude', unit: 'USD', remaining: null, unlimited: false, limits, readAt, ...extra };
}

export function cycleSnapshot(remaining: number, limit: number, readAt = 0): BalanceSnapshot {
  return {
    ...paygSnapshot(100, readAt),
    cycle: {
      plan: 'pro',
      status: 'active',
      limit,
      used: limit - remaining,
      remaining,
      start: Date.UTC(2026, 10, 1),
      end: Date.UTC(2026, 11, 1),
      paygFallback: false,
    },
  };
}

/** The fingerprint of `makeAccount()`'s provider, base URL and key. */
export const DEFAULT_FP = fingerprint(makeAccount());

export function stateWith(snapshot?: BalanceSnapshot, extra: Partial<AccountState> = {}): AccountState {
  return { for: DEFAULT_FP, ...(snapshot ? { snapshot } : {}), failures: 0, alerts: {}, ...extra };
}

/**
 * fakeBrowser has no i18n or permissions: answer from the real English
 * catalogue, and grant the official origins as the manifest does.
 */
export async function installBrowserFakes(
  fakeBrowser: typeof import('wxt/testing/fake-browser').fakeBrowser,
  vi: typeof import('vitest').vi,
  granted: string[] = ['https://api.apertis.ai/*', 'https://api.apikley.ru/*'],
) {
  const catalogue = (await import('../public/_locales/en/messages.json')).default as Record<string, { message: string }>;
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(((key: string, subs?: string | string[]) => {
    const values = subs === undefined ? [] : [subs].flat();
    return (catalogue[key]?.message ?? '').replace(/\$(\d)/g, (_, n: string) => String(values[Number(n) - 1] ?? ''));
  }) as never);
  vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('en-US');
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation((async (p: { origins?: string[] }) =>
    (p.origins ?? []).every((o) => granted.includes(o))) as never);
}

/** A fetch that answers every request with one response, recording the calls (vi.fn). */
export function respondWith(vi: typeof import('vitest').vi, body: string, status = 200, headers: Record<string, string> = {}) {
  return vi.fn(async (_url: string, _init: RequestInit) => new Response(body, { status, headers }));
}

/** HttpDeps around a fake fetch and a fixed clock. */
export function httpDeps(fetch: (url: string, init: RequestInit) => Promise<Response>, now: number): HttpDeps {
  return { fetch: fetch as unknown as typeof globalThis.fetch, now: () => now };
}

/** A real message catalogue (public/_locales), with the browser's $1 substitution. */
export function catalogue(messages: Record<string, { message: string }>): Translate {
  return (key, subs) => {
    const values = subs === undefined ? [] : [subs].flat();
    return messages[key]?.message.replace(/\$(\d)/g, (_, n: string) => values[Number(n) - 1] ?? '') ?? key;
  };
}

/** An RFC 4180 reader, as a spreadsheet reads a CSV: proves what the History CSV writes reads back as it was. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  return rows;
}
