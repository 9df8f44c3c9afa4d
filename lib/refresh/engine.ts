// The refresh engine: decides which accounts are due, reads them in parallel with
// a bound, and stores every result of a cycle in one storage write. All state
// changes go through one queue, so an alarm, the popup and the options page
// never interleave their writes.
import type { Account } from '../account';
import { assess, type Assessment } from '../judge/assess';
import { stepAlerts, type AlertReason } from '../alerts';
import { backoffDelay } from './backoff';
import type { BalanceError, Result } from '../errors';
import type { BalanceSnapshot } from '../balance';
import { daysLeft } from '../forecast';
import { appendSample, detectTopUp, type History } from '../history';
import { mapWithLimit } from './pool';
import {
  accountsItem,
  emptyState,
  engineItem,
  getHistories,
  getSettings,
  historyKey,
  removeKeys,
  setTogether,
  statesItem,
  type AccountState,
  type AccountStates,
} from '../store/storage';
import type { BalanceApi } from '../providers';

/** A threshold crossing, or a top-up (an event, not a state: it has no re-arming). */
export type AlertEvent = { reason: AlertReason } | { reason: 'topUp'; amount: number };

export type RefreshReason = 'alarm' | 'catch-up' | 'popup' | 'manual' | 'account';

export interface RefreshRequest {
  reason: RefreshReason;
  /** Only these accounts; all accounts when omitted. */
  ids?: readonly string[];
}

export interface EngineDeps {
  api: Pick<BalanceApi, 'read'>;
  now: () => number;
  random: () => number;
  /** Whether the browser lets us reach this account's origin. */
  hasPermission: (account: Account) => Promise<boolean>;
  /** Sends one notification; only called when notifications are on. */
  notify: (event: AlertEvent, assessment: Assessment) => Promise<void>;
  /** Re-renders the badge from what was just stored. */
  render: () => Promise<void>;
  concurrency?: number;
}

/** Scheduled refreshes treat a backoff ending this soon as already over (alarm jitter). */
const DUE_SLACK_MS = 30_000;

/** Which accounts a refresh of this reason should read now. */
export function isDue(
  account: Account,
  state: AccountState | undefined,
  reason: RefreshReason,
  now: number,
  intervalMs: number,
): boolean {
  // The server asked us to wait: honoured even when the user presses refresh.
  if (state?.retryAt !== undefined && state.retryAt > now) return false;
  if (reason === 'manual' || reason === 'account') return true;
  // A rejected key stays rejected until the key changes or the user asks.
  if (state?.error?.kind === 'auth') return false;
  if (state?.nextAttemptAt !== undefined && state.nextAttemptAt - now > DUE_SLACK_MS) return false;
  if (reason === 'popup') {
    const last = state?.lastAttemptAt ?? 0;
    return now - last >= intervalMs;
  }
  return true;
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
    return { snapshot: result.value, failures: 0, lastAttemptAt: now, alerts: prev.alerts };
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
  delete next.retryAt;
  if (error.kind === 'rate-limited' && error.retryAt !== undefined && error.retryAt > now) {
    next.retryAt = error.retryAt;
    next.nextAttemptAt = Math.max(next.nextAttemptAt ?? 0, error.retryAt);
  }
  return next;
}

export function createEngine(deps: EngineDeps) {
  const concurrency = deps.concurrency ?? 6;
  let queue: Promise<unknown> = Promise.resolve();
  const serialize = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job, job);
    queue = run.catch(() => undefined);
    return run;
  };

  async function readOne(account: Account): Promise<Result<BalanceSnapshot>> {
    if (!(await deps.hasPermission(account))) {
      return { ok: false, error: { kind: 'permission', message: 'Access to this base URL was not granted' } };
    }
    return deps.api.read(account);
  }

  async function cycle(request: RefreshRequest): Promise<{ refreshed: number }> {
    const [accounts, settings, states] = await Promise.all([
      accountsItem.getValue(),
      getSettings(),
      statesItem.getValue(),
    ]);
    const now = deps.now();
    const intervalMs = settings.intervalMinutes * 60_000;
    const wanted = request.ids ? new Set(request.ids) : null;
    const due = accounts.filter(
      (a) => (!wanted || wanted.has(a.id)) && isDue(a, states[a.id], request.reason, now, intervalMs),
    );

    // Nothing to read (all fresh, backing off or rate-limited): nothing to store either.
    if (!due.length) return { refreshed: 0 };

    const [results, histories] = await Promise.all([
      mapWithLimit(due, concurrency, readOne),
      getHistories(due.map((a) => a.id)),
    ]);

    const nextStates: AccountStates = {};
    const nextHistories: Array<[string, History]> = [];
    const toNotify: Array<[AlertEvent, Assessment]> = [];
    for (const account of accounts) nextStates[account.id] = states[account.id] ?? emptyState();
    due.forEach((account, i) => {
      const result = results[i] as Result<BalanceSnapshot>;
      const finishedAt = deps.now();
      const state = nextState(nextStates[account.id] ?? emptyState(), result, finishedAt, intervalMs, deps.random);
      let history = histories[account.id];
      const topUp = result.ok ? detectTopUp(history, result.value) : null;
      if (result.ok) {
        const appended = appendSample(history, result.value);
        if (appended !== history) nextHistories.push([historyKey(account.id), appended]);
        history = appended;
      }
      const days = daysLeft(history, finishedAt, state.snapshot?.cycle);
      const assessment = assess(account, state, finishedAt, settings.intervalMinutes, days);
      const step = stepAlerts(state.alerts, assessment, result.ok);
      state.alerts = step.state;
      nextStates[account.id] = state;
      if (topUp) toNotify.push([{ reason: 'topUp', amount: topUp.amount }, assessment]);
      for (const reason of step.fire) toNotify.push([{ reason }, assessment]);
    });

    // One write per cycle: states, histories and the cycle time together.
    // States of accounts removed meanwhile are dropped.
    await setTogether([[statesItem, nextStates], [engineItem, { lastCycleAt: deps.now() }], ...nextHistories]);
    if (settings.notifications) {
      await Promise.all(toNotify.map(([event, assessment]) => deps.notify(event, assessment).catch(() => undefined)));
    }
    await deps.render();
    return { refreshed: due.length };
  }

  return {
    refresh: (request: RefreshRequest) => serialize(() => cycle(request)),
    /** Forgets what was learned about an account (its key changed, or it was removed). */
    forget: (ids: readonly string[]) =>
      serialize(async () => {
        const states = await statesItem.getValue();
        for (const id of ids) delete states[id];
        await statesItem.setValue(states);
        await removeKeys(ids.map(historyKey));
        await deps.render();
      }),
    /** Settings changed: re-evaluate without reading anything. */
    render: () => serialize(() => deps.render()),
  };
}

export type Engine = ReturnType<typeof createEngine>;
