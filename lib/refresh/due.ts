// Which accounts a refresh reads now. One rule for every start of a refresh:
// the alarm, the worker waking after sleep or a browser restart, the popup
// opening, so waking up after a gap reads each account at most once.
import type { AccountState } from '../store/storage';
import { backoffDelay } from './backoff';
import type { BalanceSnapshot } from '../model/balance';
import type { BalanceError, Result } from '../model/errors';

/**
 * `scheduled`: the alarm, a worker start, the popup opening; reads what is older
 * than the interval. `manual`: the user pressed Refresh. `account`: the account
 * was just saved. The last two read at once (still honouring Retry-After).
 */
export type RefreshReason = 'scheduled' | 'manual' | 'account';

/** Alarms fire a little late or early; an account read this close to a full interval ago counts as due. */
export const DUE_SLACK_MS = 30_000;

export function isDue(state: AccountState | undefined, reason: RefreshReason, now: number, intervalMs: number): boolean {
  // The server asked us to wait: honoured even when the user presses refresh.
  if (state?.retryAt !== undefined && state.retryAt > now) return false;
  if (reason !== 'scheduled') return true;
  // A rejected key stays rejected until the key changes (a new fingerprint, so no state) or the user asks.
  if (state?.error?.kind === 'auth') return false;
  if (state?.nextAttemptAt !== undefined && state.nextAttemptAt - now > DUE_SLACK_MS) return false;
  const last = state?.lastAttemptAt;
  return last === undefined || now - last >= intervalMs - DUE_SLACK_MS;
}

/** The state after one read: success replaces the snapshot, failure keeps the last good one. */
export function nextState(
  prev: AccountState,
  result: Result<BalanceSnapshot>,
  now: number,
  intervalMs: number,
  random: () => number,
): AccountState {
  if (result.ok) {
    return { for: prev.for, snapshot: result.value, failures: 0, lastAttemptAt: now, alerts: prev.alerts };
  }
  const error: BalanceError & { at: number } = { ...result.error, at: now };
  const failures = prev.failures + 1;
  const next: AccountState = {
    ...prev,
    error,
    failures,
    lastAttemptAt: now,
    nextAttemptAt: now + backoffDelay(failures, intervalMs, random),
  };
  // Signed out of a site: no retry loop, and no backoff past the interval either: the next scheduled
  // read checks again, so signing in shows within one interval (issue 20).
  if (error.kind === 'signed-out') delete next.nextAttemptAt;
  delete next.retryAt;
  if (error.kind === 'rate-limited' && error.retryAt !== undefined && error.retryAt > now) {
    next.retryAt = error.retryAt;
    next.nextAttemptAt = Math.max(next.nextAttemptAt ?? 0, error.retryAt);
  }
  return next;
}

export function emptyState(fingerprint: string): AccountState {
  return { for: fingerprint, failures: 0, alerts: {} };
}
