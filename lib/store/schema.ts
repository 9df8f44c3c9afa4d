// Schemas for everything read back from storage. Stored data is input too: an
// older version, a hand edit or a bug can leave anything there. Each entry is
// repaired or dropped on its own, never the whole list, and no view ever sees
// a value of the wrong type.
import { DEFAULT_CYCLE_WARN_PERCENT, maskKey, type Account } from '../model/account';
import type { BalanceSnapshot, Fact, LimitKind, Note } from '../model/balance';
import { ERROR_KINDS } from '../model/errors';
import { between, bool, finite, isObject, listOf, nullable, object, oneOf, text, textMap, type Check } from './shape';
import { DEFAULT_SETTINGS, type AccountState, type Activity, type Settings } from './types';

export const MIN_INTERVAL_MINUTES = 1;
export const MAX_INTERVAL_MINUTES = 60;
const MAX_NAME_CHARS = 60;
const MAX_TEXT_CHARS = 300;
const MAX_AMOUNT = 1e15;

export function clampInterval(minutes: number): number {
  if (!Number.isFinite(minutes)) return 5;
  return Math.min(MAX_INTERVAL_MINUTES, Math.max(MIN_INTERVAL_MINUTES, Math.round(minutes)));
}

// Checked for shape only: which ids exist is the registry's business, and the registry (a dozen
// providers' data) stays out of the popup's first load. An id no provider answers to still lists
// its account, whose read then says "Unknown provider", so it can be seen and removed.
const provider: Check<string> = (x) => (typeof x === 'string' && /^[a-z][a-z0-9-]{0,31}$/.test(x) ? x : undefined);
/** A threshold for an account whose stored one is broken: the common default ($5 and the like). */
const FALLBACK_WARN_BELOW = 5;
// A currency code or a short count label; never markup, never long.
const unit: Check<string> = (x) => (typeof x === 'string' && /^[^\u0000-\u001f<>]{1,16}$/u.test(x) ? x : undefined);
const NOTES: readonly Note[] = ['key-limit-only', 'no-key-limit', 'not-usable', 'org-gone'];
const LIMIT_KINDS: readonly LimitKind[] = ['session', 'weekly', 'monthly', 'spend'];
const MAX_LIMITS = 16;
const FACTS: readonly Fact['name'][] = ['granted', 'toppedUp', 'cash', 'voucher', 'usage', 'creditLimit', 'pending', 'prepaid', 'credits'];
const amount = between(-MAX_AMOUNT, MAX_AMOUNT);
// An epoch time a Date can hold: a larger one would throw where it is formatted.
const time = between(0, 8.64e15);
const nonNegative = between(0, MAX_AMOUNT);
const label = text(MAX_TEXT_CHARS);

// ---- accounts ----

const accountEntry = object(
  // Without an id or a provider there is nothing to read or show.
  { id: (x: unknown) => (typeof x === 'string' && x && x.length <= 200 ? x : undefined), provider },
  {
    key: text(4096),
    name: (x: unknown) => text(MAX_NAME_CHARS)(typeof x === 'string' ? x.trim() : x) || undefined,
    baseUrl: (x: unknown) => text(2048)(x) || undefined,
    warnBelow: nonNegative,
    cycleWarnPercent: between(0, 100),
    warnDaysLeft: (x: unknown) => between(0, 3650)(x),
    closeDaysLeft: (x: unknown) => between(0, 3650)(x),
    limitWarnPercent: (x: unknown) => between(1, 100)(x),
    limitResetNotify: (x: unknown) => (x === false ? (false as const) : undefined),
    options: textMap(16, 300),
    warnUnit: (x: unknown) => unit(x),
    paused: (x: unknown) => (x === true ? (true as const) : undefined),
    pinned: (x: unknown) => (x === true ? (true as const) : undefined),
    snoozedUntil: finite,
  },
);

/**
 * The stored accounts list, each entry checked on its own: a missing name,
 * base URL or threshold is filled in (so the account can still be seen, edited
 * and removed); an entry with no id or no provider id is left out, and so
 * is a second entry with an id already seen.
 */
export function parseAccounts(raw: unknown): Account[] {
  if (!Array.isArray(raw)) return [];
  const seen = new Set<string>();
  const accounts: Account[] = [];
  for (const entry of raw) {
    const a = accountEntry(entry);
    if (!a || seen.has(a.id)) continue;
    seen.add(a.id);
    const key = a.key ?? '';
    accounts.push({
      id: a.id,
      provider: a.provider,
      name: a.name ?? `${a.provider[0]!.toUpperCase()}${a.provider.slice(1)} ${maskKey(key)}`,
      key,
      // No base URL to assume: the read says it is empty, and the settings page asks for one.
      baseUrl: a.baseUrl ?? '',
      warnBelow: a.warnBelow ?? FALLBACK_WARN_BELOW,
      cycleWarnPercent: a.cycleWarnPercent ?? DEFAULT_CYCLE_WARN_PERCENT,
      ...(a.warnDaysLeft === undefined ? {} : { warnDaysLeft: a.warnDaysLeft }),
      ...(a.options === undefined ? {} : { options: a.options }),
      ...(a.warnUnit === undefined ? {} : { warnUnit: a.warnUnit }),
      ...(a.closeDaysLeft === undefined ? {} : { closeDaysLeft: a.closeDaysLeft }),
      ...(a.limitWarnPercent === undefined ? {} : { limitWarnPercent: a.limitWarnPercent }),
      ...(a.limitResetNotify === false ? { limitResetNotify: false as const } : {}),
      ...(a.paused ? { paused: true as const } : {}),
      ...(a.pinned ? { pinned: true as const } : {}),
      ...(a.snoozedUntil === undefined ? {} : { snoozedUntil: a.snoozedUntil }),
    });
  }
  return accounts;
}

// ---- settings ----

const settings = object(
  {},
  {
    intervalMinutes: (x: unknown) => (typeof x === 'number' ? clampInterval(x) : undefined),
    notifications: bool,
    badgeShowsLowest: bool,
    badgeFollows: text(200),
    popupOrder: oneOf(['worst', 'mine'] as const),
  },
);

/** Settings stored before a field existed, or with a broken field, gain its default. */
export function parseSettings(raw: unknown): Settings {
  return { ...DEFAULT_SETTINGS, ...settings(raw) };
}

// ---- what the engine learned ----

const snapshot: Check<BalanceSnapshot> = object(
  { provider, unit, remaining: nullable(amount), unlimited: bool, readAt: finite },
  {
    notes: listOf(oneOf(NOTES), 8),
    facts: listOf(object({ name: oneOf(FACTS), value: amount }), 8),
    via: text(512),
    used: amount,
    total: nullable(amount),
    accountBalance: amount,
    monthly: object({ limit: nonNegative, used: nonNegative }, { resetDay: between(1, 31, true) }),
    // A signed-in site's windows: a broken one is dropped, the others still show (issue 20).
    limits: listOf(
      object(
        { id: (x: unknown) => (typeof x === 'string' && /^[\w.:-]{1,80}$/.test(x) ? x : undefined), kind: oneOf(LIMIT_KINDS), usedPercent: between(0, 100) },
        { scope: text(40), resetsAt: nullable(time), windowMs: between(1, 400 * 86_400_000), used: nonNegative, limit: nonNegative },
      ),
      MAX_LIMITS,
    ),
    dropped: listOf(text(200), 8),
    signedIn: (x: unknown) => (x === true ? (true as const) : undefined),
    plan: text(40),
    org: text(80),
    orgs: listOf(object({ id: text(64), name: text(80) }), 20),
    // A broken cycle is dropped; the balance beside it still shows.
    cycle: object(
      {
        plan: label,
        status: label,
        limit: nonNegative,
        used: nonNegative,
        remaining: amount,
        start: time,
        end: time,
        paygFallback: bool,
      },
      { paygSpentUsd: nonNegative, paygLimitUsd: nonNegative },
    ),
  },
);

/** A reading handed over by another page (the form's check): checked like stored data. */
export const parseSnapshot = (raw: unknown): BalanceSnapshot | undefined => snapshot(raw);

const flag = bool;
const state: Check<AccountState> = object(
  { for: text(64) },
  {
    // Each part is checked on its own: a bad error never costs the last good snapshot.
    snapshot,
    error: object(
      { kind: oneOf(ERROR_KINDS), at: finite },
      { message: label, status: finite, retryAt: finite, site: (x: unknown) => (typeof x === 'string' && /^[\w.-]{1,80}(:\d{1,5})?$/.test(x) ? x : undefined) },
    ),
    failures: between(0, 1e6, true),
    lastAttemptAt: finite,
    nextAttemptAt: finite,
    retryAt: finite,
    daysLeft: nonNegative,
    alerts: object({}, { lowBalance: flag, lowCycle: flag, cycleOut: flag, keyRejected: flag, daysLeft: flag, limits: listOf(object({ id: text(80) }, { at: finite }), MAX_LIMITS) }),
  },
) as Check<AccountState>;

/** A stored state, or undefined when it is broken or describes another key, provider or origin. */
export function parseState(raw: unknown, fingerprint: string): AccountState | undefined {
  const parsed = state(raw);
  if (!parsed || parsed.for !== fingerprint) return undefined;
  if (parsed.error) parsed.error.message ??= '';
  return { ...parsed, failures: parsed.failures ?? 0, alerts: parsed.alerts ?? {} };
}

const isNumber = (x: unknown): x is number => finite(x) !== undefined;

export function parseActivity(raw: unknown): Activity {
  const reading: Record<string, number> = {};
  const stored = isObject(raw) ? raw.reading : undefined;
  if (isObject(stored)) for (const [id, at] of Object.entries(stored)) if (isNumber(at)) reading[id] = at;
  return { reading };
}
