// The refresh engine: picks the accounts that are due, reads them through one
// shared pool, and stores each account's result the moment its read finishes,
// under that account's own keys. A hung, huge or slow endpoint delays nobody
// else, and a result is never written for an account that was removed or whose
// key, provider or base URL changed while it was being read.
import type { Account } from '../model/account';
import { stepAlerts, type AlertReason, type LimitEvent } from '../judge/alerts';
import { SESSION_MIN_INTERVAL_MINUTES, type BalanceSnapshot } from '../model/balance';
import type { Result } from '../model/errors';
import { daysLeft } from '../judge/forecast';
import { appendSample, detectTopUp } from '../judge/history';
import type { History } from '../store/types';
import { assess, type Assessment } from '../judge/assess';
import type { BalanceApi } from '../providers';
import { providerInfo } from '../providers/registry';
import { fingerprint } from '../store/fingerprint';
import { encodeHistory, readHistories } from '../store/histories';
import { removeRecords } from '../store/account-record';
import { historyKey, readStates, stateKey } from '../store/records';
import { accountsItem, activityItem, readItems, settingsItem, type AccountState, type Settings } from '../store/storage';
import { browser } from 'wxt/browser';
import { emptyState, isDue, nextState, type RefreshReason } from './due';
import { createLimiter } from './pool';

export type { RefreshReason } from './due';

/** A threshold crossing, or a top-up (an event, not a state: it has no re-arming). */
export type AlertEvent = { reason: AlertReason } | { reason: 'topUp'; amount: number } | LimitEvent;

export interface RefreshRequest {
  reason: RefreshReason;
  /** Only these accounts; all accounts when omitted. */
  ids?: readonly string[];
  /**
   * Readings already made for these accounts (the settings form checks a new key before saving it):
   * stored as their read, without asking the provider again. Used only while the fingerprint matches.
   */
  prefetched?: Readonly<Record<string, { for: string; snapshot: BalanceSnapshot }>>;
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
const SESSION_MIN_INTERVAL_MS = SESSION_MIN_INTERVAL_MINUTES * MINUTE;
/** How long a landed result may wait for others to share its storage write. */
export const WRITE_BATCH_MS = 50;

export function createEngine(deps: EngineDeps) {
  const run = createLimiter(deps.concurrency ?? 6);
  /**
   * Reads under way in this worker, by account id and fingerprint: a read of an
   * old key is not the read of the new one, so a save during it reads again.
   */
  const inFlight = new Map<string, { id: string; since: number; done: Promise<void> }>();
  const flightKey = (account: Account) => `${account.id}\n${fingerprint(account)}`;
  /**
   * Each stored result gets the next number: a refresh that read storage before
   * a result was written does not read that account again (it was just read).
   */
  let writes = 0;
  const writtenAt = new Map<string, number>();
  /** States that could not be stored at all (storage refused even the small write): still shown. */
  const unsaved = new Map<string, AccountState>();

  /**
   * The accounts as they are now, while reads are in flight: a result is stored
   * only for an account that still exists with the same provider, base URL and
   * key, and is judged by its thresholds as they are when it lands.
   */
  const latest = new Map<string, Account>();
  /** Counts account-list changes seen, so an older read never overwrites a newer change. */
  let changesSeen = 0;
  const setLatest = (accounts: readonly Account[]) => {
    latest.clear();
    for (const account of accounts) latest.set(account.id, account);
  };
  const onStorageChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(accountsItem.key in changes)) return;
    changesSeen++;
    setLatest(accountsItem.parse(changes[accountsItem.key]!.newValue));
  };
  let following = false;
  /** Refreshes between their start and their reads being registered in `inFlight`. */
  let planning = 0;
  /** Starts following before the account list is read, so no change between the two is missed. */
  function startFollowing(): void {
    if (following) return;
    browser.storage.onChanged.addListener(onStorageChanged);
    following = true;
  }
  function stopFollowingWhenIdle(): void {
    if (!following || inFlight.size || planning) return;
    browser.storage.onChanged.removeListener(onStorageChanged);
    following = false;
  }
  /** Whether the account is still there with the same provider, base URL and key. */
  const stillCurrent = (id: string, fp: string): Account | undefined => {
    const current = latest.get(id);
    return current && fingerprint(current) === fp ? current : undefined;
  };

  // Which accounts are being read, for the popup; writes are kept in order.
  let activityWrite: Promise<void> = Promise.resolve();
  const publishActivity = () => {
    const reading = Object.fromEntries([...inFlight.values()].map((r) => [r.id, r.since]));
    activityWrite = activityWrite.then(() => activityItem.setValue({ reading })).catch(() => undefined);
    return activityWrite;
  };

  async function readOne(
    account: Account,
    permitted: (account: Account) => Promise<boolean>,
    last: BalanceSnapshot | undefined,
    prefetched: RefreshRequest['prefetched'],
  ): Promise<Result<BalanceSnapshot>> {
    const ready = prefetched?.[account.id];
    if (ready && ready.for === fingerprint(account)) return { ok: true, value: ready.snapshot };
    if (!(await permitted(account))) {
      return { ok: false, error: { kind: 'permission', message: 'Access to this base URL was not granted' } };
    }
    return deps.api.read(account, last);
  }

  /**
   * Reads one account and stores what came back. `stored` is its state and history
   * as read when the refresh started: the engine is their only writer and only one
   * read per account and key is ever in flight, so they are still the newest there are.
   */
  async function readAndStore(
    account: Account,
    settings: Settings,
    storedState: AccountState | undefined,
    histories: Promise<Record<string, History | undefined>>,
    permitted: (account: Account) => Promise<boolean>,
    prefetched: RefreshRequest['prefetched'],
  ): Promise<void> {
    // The pool bounds requests on the wire; storing the result does not hold a slot.
    let result: Result<BalanceSnapshot>;
    let history: History | undefined;
    try {
      result = await run(() => readOne(account, permitted, storedState?.snapshot, prefetched));
      history = (await histories)[account.id];
    } finally {
      outstanding--;
    }
    const finishedAt = deps.now();
    const fp = fingerprint(account);
    const current = stillCurrent(account.id, fp);
    // Removed, or its key, provider or base URL changed while it was read: the result describes nothing stored.
    if (!current) {
      if (!outstanding) void flushNow();
      return;
    }
    const prev = storedState ?? emptyState(fp);
    // A series counts one unit, and appendSample starts a new one when the answer's unit changes (a
    // gateway switched its display currency). A history stored before series named their unit is
    // told it here: the last reading's.
    if (history?.samples.length && history.unit === undefined && prev.snapshot) history = { ...history, unit: prev.snapshot.unit };
    const state = nextState(prev, result, finishedAt, settings.intervalMinutes * MINUTE, deps.random);
    let appended: History | undefined;
    const topUp = result.ok ? detectTopUp(history, result.value) : null;
    if (result.ok) {
      const next = appendSample(history, result.value);
      if (next !== history) history = appended = { ...next, for: fp };
      const days = daysLeft(history, finishedAt, result.value.cycle);
      if (days !== null) state.daysLeft = days;
    }
    const assessment = assess(current, state, finishedAt, settings.intervalMinutes);
    const step = stepAlerts(state.alerts, assessment, result.ok);
    state.alerts = step.state;
    // Checked again when the write goes out: removed meanwhile, it is neither stored nor notified.
    if (!(await queueWrite(account.id, state, appended))) return;
    writtenAt.set(flightKey(account), ++writes);

    // A snoozed account's crossings still step its alerts (they are not told again when the
    // snooze ends), but nothing is shown.
    if (settings.notifications && !assessment.snoozed && stillCurrent(account.id, fp)) {
      const events: AlertEvent[] = [...step.fire.map((reason) => ({ reason })), ...step.limits];
      if (topUp) events.push({ reason: 'topUp', amount: topUp.amount });
      await Promise.all(events.map((event) => deps.notify(event, assessment).catch(() => undefined)));
    }
    deps.changed();
  }

  /**
   * Results that land within WRITE_BATCH_MS of each other share one storage
   * write: each is still stored (and shown) within a fraction of a second, and a
   * refresh of 100 accounts makes a dozen small writes, not a hundred, on a
   * 2-core machine where each write costs the browser a storage round trip.
   */
  type Item = { id: string; state: AccountState; history?: History };
  let batch: { items: Item[]; done: Promise<ReadonlySet<string>>; flush: () => void } | null = null;
  /** Reads started and not yet landed: when the last one lands, its batch is written at once. */
  let outstanding = 0;
  const flushNow = () => batch?.flush();
  /** Resolves with whether the result was stored (false: its account was removed or re-keyed meanwhile). */
  function queueWrite(id: string, state: AccountState, history: History | undefined): Promise<boolean> {
    if (!batch) {
      const items: Item[] = [];
      let flush!: () => void;
      const due = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, WRITE_BATCH_MS);
        flush = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      const done = due.then(async () => {
        batch = null;
        // The account list as it is at the moment of writing, not as it was when the reads began.
        const accounts = await accountsItem.getValue().catch(() => undefined);
        if (accounts) setLatest(accounts);
        const kept = items.filter((item) => stillCurrent(item.id, item.state.for));
        const values: Record<string, unknown> = {};
        for (const item of kept) {
          values[stateKey(item.id)] = item.state;
          if (item.history) values[historyKey(item.id)] = encodeHistory(item.history);
        }
        try {
          if (kept.length) await browser.storage.local.set(values);
          for (const item of kept) unsaved.delete(item.id);
        } catch {
          // One at a time, so one account's oversized history does not cost the others their results.
          await Promise.all(kept.map((item) => store(item.id, item.state, item.history)));
        }
        return new Set(kept.map((item) => item.id));
      });
      batch = { items, done, flush };
    }
    batch.items.push({ id, state, ...(history ? { history } : {}) });
    const { done } = batch;
    if (!outstanding) batch.flush();
    return done.then((stored) => stored.has(id));
  }

  /**
   * One account's write on its own. If storage refuses it (full), the state is kept
   * without the new history sample and says so; if even that fails, it is kept
   * in memory so the badge still tells the truth.
   */
  async function store(id: string, state: AccountState, history: History | undefined): Promise<AccountState> {
    try {
      await browser.storage.local.set({ [stateKey(id)]: state, ...(history ? { [historyKey(id)]: encodeHistory(history) } : {}) });
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
    startFollowing();
    const seen = changesSeen;
    planning++;
    try {
      return await plan(request, seen);
    } finally {
      planning--;
      stopFollowingWhenIdle();
    }
  }

  /** A signed-in site is read on schedule no more often than every 5 minutes (sessions.md §0); Refresh still reads at once. */
  const readEvery = (account: Account, intervalMs: number) =>
    providerInfo(account.provider)?.session ? Math.max(intervalMs, SESSION_MIN_INTERVAL_MS) : intervalMs;

  async function plan(request: RefreshRequest, seen: number): Promise<{ refreshed: number }> {
    const [accounts, settings] = await readItems(accountsItem, settingsItem);
    const wanted = request.ids ? new Set(request.ids) : null;
    // A paused account is never read, whatever asked: not even a manual Refresh of it.
    const candidates = accounts.filter((a) => !a.paused && (!wanted || wanted.has(a.id)));
    const readFrom = writes;
    const states = await readStates(candidates);
    // A change that arrived while we read is newer than what we read.
    if (changesSeen === seen) setLatest(accounts);
    const now = deps.now();
    const intervalMs = settings.intervalMinutes * MINUTE;

    const waits: Array<Promise<void>> = [];
    const due: Account[] = [];
    for (const account of candidates) {
      // Already being read: wait for that read rather than send a second request.
      const running = inFlight.get(flightKey(account));
      if (running) waits.push(running.done);
      else if ((writtenAt.get(flightKey(account)) ?? 0) > readFrom) continue; // stored after our read: just read
      else if (isDue(states[account.id], request.reason, now, readEvery(account, intervalMs))) due.push(account);
    }
    // Read in one call, in parallel with the requests; each result waits for it only to store.
    const histories = due.length ? readHistories(due) : Promise.resolve({} as Record<string, History | undefined>);
    // One permission check per base URL per refresh, not one per account.
    const checks = new Map<string, Promise<boolean>>();
    const permitted = (a: Account) => {
      let check = checks.get(a.baseUrl);
      if (!check) checks.set(a.baseUrl, (check = deps.hasPermission(a)));
      return check;
    };
    for (const account of due) {
      const key = flightKey(account);
      outstanding++;
      const done = readAndStore(account, settings, states[account.id], histories, permitted, request.prefetched)
        .catch(() => undefined) // a bug in one account's handling must not stop the others
        .finally(() => {
          inFlight.delete(key);
          if (!inFlight.size) {
            stopFollowingWhenIdle();
            void publishActivity();
          }
        });
      inFlight.set(key, { id: account.id, since: now, done });
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
    reading: (): string[] => [...new Set([...inFlight.values()].map((r) => r.id))],
  };
}

export type Engine = ReturnType<typeof createEngine>;
