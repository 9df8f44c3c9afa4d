// The refresh engine: picks the accounts that are due, reads them through one
// shared pool, and stores each account's result the moment its read finishes,
// under that account's own keys. A hung, huge or slow endpoint delays nobody
// else, and a result is never written for an account that was removed or whose
// key, provider or base URL changed while it was being read.
import type { Account } from '../account';
import { stepAlerts, type AlertReason } from '../alerts';
import type { BalanceSnapshot } from '../balance';
import type { Result } from '../errors';
import { daysLeft } from '../forecast';
import { appendSample, detectTopUp, type History } from '../history';
import { assess, type Assessment } from '../judge/assess';
import type { BalanceApi } from '../providers';
import { fingerprint } from '../store/fingerprint';
import { historyKey, readRecord, readStates, removeRecords, stateKey } from '../store/records';
import { accountsItem, activityItem, readItems, settingsItem, type AccountState, type Settings } from '../store/storage';
import { browser } from 'wxt/browser';
import { emptyState, isDue, nextState, type RefreshReason } from './due';
import { createLimiter } from './pool';

export type { RefreshReason } from './due';

/** A threshold crossing, or a top-up (an event, not a state: it has no re-arming). */
export type AlertEvent = { reason: AlertReason } | { reason: 'topUp'; amount: number };

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
  /** Something was stored: the badge should follow soon (the caller coalesces). */
  changed: () => void;
  /** Resolves once stored data is in the current layout (migrations). */
  ready?: Promise<unknown>;
  concurrency?: number;
}

const MINUTE = 60_000;

export function createEngine(deps: EngineDeps) {
  const run = createLimiter(deps.concurrency ?? 6);
  /** Reads under way in this worker, by account id. */
  const inFlight = new Map<string, { since: number; done: Promise<void> }>();
  /**
   * Each stored result gets the next number: a refresh that read storage before
   * a result was written does not read that account again (it was just read).
   */
  let writes = 0;
  const writtenAt = new Map<string, number>();
  /** States that could not be stored at all (storage refused even the small write): still shown. */
  const unsaved = new Map<string, AccountState>();

  // Which accounts are being read, for the popup; writes are kept in order.
  let activityWrite: Promise<void> = Promise.resolve();
  const publishActivity = () => {
    const reading = Object.fromEntries([...inFlight].map(([id, r]) => [id, r.since]));
    activityWrite = activityWrite.then(() => activityItem.setValue({ reading })).catch(() => undefined);
    return activityWrite;
  };

  async function readOne(account: Account): Promise<Result<BalanceSnapshot>> {
    if (!(await deps.hasPermission(account))) {
      return { ok: false, error: { kind: 'permission', message: 'Access to this base URL was not granted' } };
    }
    return deps.api.read(account);
  }

  /** Reads one account and stores what came back, merged into its state as it is now. */
  async function readAndStore(account: Account, settings: Settings): Promise<void> {
    const result = await readOne(account);
    const finishedAt = deps.now();
    const fp = fingerprint(account);
    const record = await readRecord(account.id);
    // Removed, or its key, provider or base URL changed while it was read: the result describes nothing stored.
    if (!record.account || fingerprint(record.account) !== fp) return;
    // Only one read per account is ever in flight, so this is the newest state there is.
    const prev = record.state ?? emptyState(fp);
    const state = nextState(prev, result, finishedAt, settings.intervalMinutes * MINUTE, deps.random);
    let history = record.history;
    let appended: History | undefined;
    const topUp = result.ok ? detectTopUp(history, result.value) : null;
    if (result.ok) {
      const next = appendSample(history, result.value);
      if (next !== history) history = appended = { ...next, for: fp };
      const days = daysLeft(history, finishedAt, result.value.cycle);
      if (days !== null) state.daysLeft = days;
    }
    const assessment = assess(record.account, state, finishedAt, settings.intervalMinutes);
    const step = stepAlerts(state.alerts, assessment, result.ok);
    state.alerts = step.state;
    await store(account.id, state, appended);
    writtenAt.set(account.id, ++writes);

    if (settings.notifications) {
      const events: AlertEvent[] = step.fire.map((reason) => ({ reason }));
      if (topUp) events.push({ reason: 'topUp', amount: topUp.amount });
      await Promise.all(events.map((event) => deps.notify(event, assessment).catch(() => undefined)));
    }
    deps.changed();
  }

  /**
   * One small write per result. If storage refuses it (full), the state is kept
   * without the new history sample and says so; if even that fails, it is kept
   * in memory so the badge still tells the truth.
   */
  async function store(id: string, state: AccountState, history: History | undefined): Promise<AccountState> {
    try {
      await browser.storage.local.set({ [stateKey(id)]: state, ...(history ? { [historyKey(id)]: history } : {}) });
      unsaved.delete(id);
      return state;
    } catch {
      const at = state.lastAttemptAt ?? deps.now();
      const flagged: AccountState = {
        ...state,
        error: { kind: 'storage', message: 'Browser storage is full: this reading was not saved in full', at },
      };
      try {
        await browser.storage.local.set({ [stateKey(id)]: flagged });
        unsaved.delete(id);
      } catch {
        unsaved.set(id, flagged);
      }
      return flagged;
    }
  }

  async function refresh(request: RefreshRequest): Promise<{ refreshed: number }> {
    await deps.ready;
    const [accounts, settings] = await readItems(accountsItem, settingsItem);
    const wanted = request.ids ? new Set(request.ids) : null;
    const candidates = accounts.filter((a) => !wanted || wanted.has(a.id));
    const readFrom = writes;
    const states = await readStates(candidates);
    const now = deps.now();
    const intervalMs = settings.intervalMinutes * MINUTE;

    const waits: Array<Promise<void>> = [];
    const due: Account[] = [];
    for (const account of candidates) {
      // Already being read: wait for that read rather than send a second request.
      const running = inFlight.get(account.id);
      if (running) waits.push(running.done);
      else if ((writtenAt.get(account.id) ?? 0) > readFrom) continue; // stored after our read: just read
      else if (isDue(states[account.id], request.reason, now, intervalMs)) due.push(account);
    }
    for (const account of due) {
      const done = run(() => readAndStore(account, settings))
        .catch(() => undefined) // a bug in one account's handling must not stop the others
        .finally(() => {
          inFlight.delete(account.id);
          if (!inFlight.size) void publishActivity();
        });
      inFlight.set(account.id, { since: now, done });
      waits.push(done);
    }
    if (due.length) void publishActivity();
    await Promise.all(waits);

    if (due.length) {
      // An account removed between its check and its write: take the write back.
      const remaining = new Set((await accountsItem.getValue()).map((a) => a.id));
      const gone = due.filter((a) => !remaining.has(a.id)).map((a) => a.id);
      if (gone.length) await forget(gone);
    }
    return { refreshed: due.length };
  }

  /** Erases what was learned about these accounts (they were removed). */
  async function forget(ids: readonly string[]): Promise<void> {
    for (const id of ids) unsaved.delete(id);
    await removeRecords(ids);
    deps.changed();
  }

  return {
    refresh,
    forget,
    /** States this worker could not store; views of the badge lay them over what is stored. */
    unsaved: (): ReadonlyMap<string, AccountState> => unsaved,
    /** Accounts being read right now. */
    reading: (): string[] => [...inFlight.keys()],
  };
}

export type Engine = ReturnType<typeof createEngine>;
