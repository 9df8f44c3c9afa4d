// The one normalized model of "an account's balance" that every provider parser
// produces and every view (popup, badge, notifications, history) reads.

export type ProviderId = 'apertis' | 'apikley';

/** Apertis amounts are US dollars; Apikley counts abstract credits. */
export type Unit = 'USD' | 'credits';

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
