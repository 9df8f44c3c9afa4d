// The one normalized model of "an account's balance" that every provider parser
// produces and every view (popup, badge, notifications, history) reads.

/** A provider definition's id (`lib/providers/registry.ts`); stored ids are checked against it. */
export type ProviderId = string;

/**
 * What an amount counts: an ISO 4217 currency (`USD`, `CNY`), formatted as
 * money, or a named count (`credits`, `points`, `tokens`, or a custom label).
 * Amounts in different units are never added or compared.
 */
export type Unit = string;

/** Three capital letters are a currency code; anything else counts something. */
export const isCurrency = (unit: Unit): boolean => /^[A-Z]{3}$/.test(unit);

/** Something about a reading the views must say in words. */
export type Note =
  | 'key-limit-only' // OpenRouter: the account balance needs a management key, so this is the key's own limit
  | 'no-key-limit' // OpenRouter: the key has no spending cap; usage only
  | 'not-usable' // DeepSeek `is_available: false`: a balance the API will not spend
  | 'org-gone'; // a signed-in site: the organisation chosen is no longer reachable, the default one is read

/** A secondary amount a provider reports beside the remaining balance, in the snapshot's unit. */
export interface Fact {
  name: 'granted' | 'toppedUp' | 'cash' | 'voucher' | 'usage' | 'creditLimit' | 'pending' | 'prepaid' | 'credits';
  value: number;
}

export interface MonthlyCap {
  limit: number;
  used: number;
  /** Day of month (1-31) the monthly counter resets, when the server says. */
  resetDay?: number;
}

/** An Apertis subscription's current quota cycle. */
export interface Cycle {
  /** `lite`, `pro`, `max` or any other name the server sends (shown as text). */
  plan: string;
  /** `active`, `suspended`, `cancelled` or any other status (shown as text). */
  status: string;
  limit: number;
  used: number;
  remaining: number;
  /** Epoch milliseconds. */
  start: number;
  end: number;
  paygFallback: boolean;
  paygSpentUsd?: number;
  paygLimitUsd?: number;
}

/** sessions.md §0: a signed-in site is read on schedule at most every 5 minutes. */
export const SESSION_MIN_INTERVAL_MINUTES = 5;

/**
 * What a limit counts over: a rolling usage window (Claude's and Codex's 5-hour session, a weekly
 * limit), a plan's monthly allowance, or a spend cap in money.
 */
export type LimitKind = 'session' | 'weekly' | 'monthly' | 'spend';

/**
 * A limit that stops the agent when it fills, read from a signed-in site (issue 20). Percent used
 * is what every site reports; money figures come along where the limit is a spend cap.
 */
export interface Limit {
  /** Stable for the provider across reads (alerts follow it): `five_hour`, `seven_day`, `seven_day_sonnet`, `plan`, `on_demand`. */
  id: string;
  kind: LimitKind;
  /** What it is limited to, when not everything: a model family ("Sonnet"), a feature ("OAuth apps"). Server text, shown as text. */
  scope?: string;
  /** 0–100: a site's value outside that range drops the window, it is never clamped. */
  usedPercent: number;
  /** Epoch ms when it resets; null for a window that has not started yet. Absent when the site does not say. */
  resetsAt?: number | null;
  /** The window's length, when known: the pace needs it. */
  windowMs?: number;
  /** A spend cap's money: used of limit, in the reading's unit. */
  used?: number;
  limit?: number;
}

export interface BalanceSnapshot {
  provider: ProviderId;
  unit: Unit;
  /** What this key can still spend, in `unit`; `null` when the key is unlimited. */
  remaining: number | null;
  used?: number;
  /** remaining + used; `null` when unlimited. */
  total?: number | null;
  unlimited: boolean;
  /** Account-wide balance, only sent by the older Apertis response shape. */
  accountBalance?: number;
  monthly?: MonthlyCap;
  cycle?: Cycle;
  notes?: Note[];
  facts?: Fact[];
  /** A signed-in site's windows and caps; the reading leads with the one that binds (judge/assess.ts). */
  limits?: Limit[];
  /** Windows the site sent in a shape that could not be read, in words ("seven_day_opus: …"): the others still show. */
  dropped?: string[];
  /** Read from a signed-in site, at most every 5 minutes on schedule (SESSION_MIN_INTERVAL_MINUTES). */
  signedIn?: true;
  /** A signed-in site's plan ("Max 5x", "Plus") and organisation, as the site names them. */
  plan?: string;
  org?: string;
  /** The organisations this login may watch, when there are several: the form offers the choice. */
  orgs?: Array<{ id: string; name: string }>;
  /**
   * How the provider read it, for the next read (at most 512 characters of the
   * provider's own choosing): the method that worked, cached site facts.
   */
  via?: string;
  /** Epoch milliseconds when the balance was read. */
  readAt: number;
}

/**
 * The amount the user can actually still spend: the key's own remaining quota,
 * bounded by the account balance when the server reports one (an unlimited key
 * still stops when the account is empty) and by what is left of a monthly spend
 * cap. Negative when overdrawn; `null` when nothing bounds it.
 */
export function spendable(snapshot: BalanceSnapshot): number | null {
  const { monthly } = snapshot;
  // A monthly spend cap stops the key too once it is used up.
  const monthlyLeft = monthly && monthly.limit > 0 ? monthly.limit - monthly.used : undefined;
  const bounds = [snapshot.remaining, snapshot.accountBalance, monthlyLeft].filter(
    (value): value is number => typeof value === 'number',
  );
  return bounds.length ? Math.min(...bounds) : null;
}

/** Percent of the subscription cycle quota still left (0-100), or null without a cycle. */
export function cycleLeftPercent(snapshot: BalanceSnapshot): number | null {
  const cycle = snapshot.cycle;
  if (!cycle || cycle.limit <= 0) return null;
  return Math.max(0, Math.min(100, (cycle.remaining / cycle.limit) * 100));
}
