// The background's behaviour, composed from the small modules: what happens on
// install, startup, alarm, message and notification click. The entrypoint only
// calls `startService`.
import { browser } from 'wxt/browser';
import type { Account } from '../model/account';
import { clearNotifications, snooze } from './account-actions';
import { normalizeBaseUrl, originPattern } from '../net/base-url';
import { describeToolbar } from '../words/describe';
import { createFormatter } from '../words/format';
import { t, uiLocale } from '../words/i18n';
import { assess, type Assessment } from '../judge/assess';
import { isFromThisExtension, parseMessage, type Message, type Reply } from './messages';
import {
  buttonOptions,
  isNotificationReason,
  notificationButtons,
  notificationContent,
  notificationId,
  parseNotificationId,
} from './notify';
import { createBalanceApi, forgetSignedInTokens } from '../providers';
import { topUpPage } from '../providers/registry';
import { createEngine, type AlertEvent, type Engine, type RefreshRequest } from '../refresh/engine';
import { fingerprint } from '../store/fingerprint';
import { readRecord } from '../store/account-record';
import { migrateRecords, readStates } from '../store/records';
import { accountsItem, getSettings, readItems, settingsItem } from '../store/storage';
import { applyBadge, renderBadge } from './badge';
import { coalesce } from './coalesce';
import { createScreenWriter } from './screen';
import type { RenderScreen } from '../store/popup-screen';
import { ensureRefreshAlarm, REFRESH_ALARM } from './schedule';

export interface ServiceDeps {
  fetch: typeof fetch;
  now: () => number;
  random: () => number;
  /** Renders the popup's first screen (components/popup/popup-screen.tsx); without it none is kept. */
  renderScreen?: RenderScreen;
}

export const DEFAULT_DEPS: ServiceDeps = { fetch: (...a) => fetch(...a), now: Date.now, random: Math.random };

async function hasPermission(account: Pick<Account, 'baseUrl'>): Promise<boolean> {
  // A base URL that is empty or not allowed is the read's to report, in those words, without a request.
  if (!normalizeBaseUrl(account.baseUrl).ok) return true;
  try {
    return await browser.permissions.contains({ origins: [originPattern(account.baseUrl)] });
  } catch {
    return false;
  }
}

/** The settings page shows its first-run card when opened with this query. */
export const WELCOME_QUERY = '?welcome';

/** Badge repaints are folded into one at most this often while results land. */
export const BADGE_COALESCE_MS = 200;

// Firefox has no notification buttons (MDN, notifications.NotificationOptions): the option is left out
// there, and clicking the notification opens the popup, which has the same actions.
const NOTIFICATION_BUTTONS = !import.meta.env.FIREFOX;

export function createService(deps: ServiceDeps) {
  const formatter = createFormatter(uiLocale(), t);

  /** The toolbar from what is stored: one assessment per account, the same one every view reads. */
  async function renderToolbar(): Promise<void> {
    const [accounts, settings] = await readItems(accountsItem, settingsItem);
    const states = await readStates(accounts);
    // A state storage refused is shown too, as long as it still describes the account's key.
    for (const account of accounts) {
      const unsaved = engine.unsaved().get(account.id);
      if (unsaved?.for === fingerprint(account)) states[account.id] = unsaved;
    }
    const now = deps.now();
    const assessments = accounts.map((a) => assess(a, states[a.id], now, settings.intervalMinutes));
    const errors = Object.fromEntries(accounts.map((a) => [a.id, states[a.id]?.error]));
    const title = describeToolbar(assessments, errors, t, formatter);
    await applyBadge(browser.action, renderBadge(assessments, { showLowest: settings.badgeShowsLowest, follows: settings.badgeFollows, title }));
  }
  const toolbar = coalesce(renderToolbar, BADGE_COALESCE_MS);
  const screen = deps.renderScreen ? createScreenWriter(deps.renderScreen, deps.now) : undefined;

  async function notify(event: AlertEvent, a: Assessment): Promise<void> {
    const { reason } = event;
    const content = notificationContent(event, a, t, formatter, deps.now());
    await browser.notifications.create(notificationId(a.account.id, reason), {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: content.title,
      message: content.message,
      priority: reason === 'keyRejected' || reason === 'cycleOut' ? 2 : 1,
      ...buttonOptions(notificationButtons(a.account, reason), t, NOTIFICATION_BUTTONS),
    });
  }

  // A v1 profile is moved to per-account records before the first refresh reads it.
  const migrated = migrateRecords().catch(() => false);
  const api = createBalanceApi({ fetch: deps.fetch, now: deps.now });
  const engine: Engine = createEngine({
    api,
    now: deps.now,
    random: deps.random,
    hasPermission,
    notify,
    changed: () => toolbar.request(),
    ready: migrated,
  });
  const refresh = async (request: RefreshRequest) => {
    const outcome = await engine.refresh(request);
    await toolbar.flush();
    return outcome;
  };

  async function handle(message: Message): Promise<Reply | void> {
    switch (message.type) {
      case 'preview': {
        // One read through the same pipeline, stored nowhere: what a mapping reads before it is saved.
        const draft = message.account;
        const base = normalizeBaseUrl(draft.baseUrl);
        if (base.ok && !(await hasPermission({ ...draft, baseUrl: base.value }))) {
          return { ok: true, result: { ok: false, error: { kind: 'permission', message: 'Access to this base URL was not granted' } } };
        }
        return { ok: true, result: await api.read(draft) };
      }
      // Answered as soon as the refresh starts: the popup follows each result as it lands in
      // storage, and a popup closed mid-refresh leaves no reply pending in a dead page.
      case 'refresh':
        void refresh({ reason: 'manual', ids: message.ids }).catch(() => undefined);
        return;
      case 'popup-opened':
        void refresh({ reason: 'scheduled' }).catch(() => undefined);
        return;
      case 'account-saved': {
        // What was learned about an old key is ignored by its fingerprint; this only reads the account
        // now (a paused one is not read: its notifications go, and the badge forgets it).
        // Notifications about an old key, provider or base URL go too: their buttons were chosen for it.
        const { account, state } = await readRecord(message.id);
        if (account?.paused || !state) await clearNotifications(message.id);
        await refresh({
          reason: 'account',
          ids: [message.id],
          ...(message.checked ? { prefetched: { [message.id]: message.checked } } : {}),
        });
        await toolbar.now();
        return;
      }
      case 'account-removed':
        // The settings page erased the records already; this drops what the worker holds and the notifications.
        await engine.forget([message.id]);
        await toolbar.flush();
        await clearNotifications(message.id);
        // An access token a signed-in site handed out goes with the last account that read it.
        forgetSignedInTokens((await readItems(accountsItem))[0]);
        return;
      case 'settings-saved':
        await ensureRefreshAlarm(browser.alarms, (await getSettings()).intervalMinutes);
        await toolbar.now();
        return;
    }
  }

  /**
   * Runs at every worker start (browser launch, install, a wake for an alarm or
   * a message): the alarm, the badge, then whatever is due. After sleep or a
   * restart that is the catch-up; it uses the same due rule as the alarm, so a
   * wake reads each account at most once however many triggers arrive.
   */
  async function start(): Promise<void> {
    await migrated;
    await ensureRefreshAlarm(browser.alarms, (await getSettings()).intervalMinutes);
    await toolbar.now();
    // Not waited for: the catch-up refresh must not queue behind it.
    void screen?.now();
    await refresh({ reason: 'scheduled' });
  }

  return {
    start,
    engine,
    /** The settings page, opened on its first-run card. */
    welcome: () => browser.tabs.create({ url: browser.runtime.getURL(`/options.html${WELCOME_QUERY}`) }),
    /** Whatever the popup shows was stored anew: its first screen is rendered again. */
    onStorageChanged: (changes: Record<string, unknown>, area: string) => screen?.onChanged(changes, area),
    /** Resolves once every requested screen is written (tests). */
    screenWritten: () => screen?.flush() ?? Promise.resolve(),
    onAlarm: (alarm: { name: string }) =>
      alarm.name === REFRESH_ALARM ? refresh({ reason: 'scheduled' }).then(() => undefined) : Promise.resolve(),
    onMessage: (raw: unknown, sender: { id?: string; url?: string }): Promise<Reply> | undefined => {
      if (!isFromThisExtension(sender, browser.runtime.id, browser.runtime.getURL('/'))) return undefined;
      const message = parseMessage(raw);
      if (!message) return undefined;
      return handle(message).then(
        (reply) => reply ?? { ok: true },
        () => ({ ok: false }),
      );
    },
    onNotificationClicked: async (id: string) => {
      await browser.notifications.clear(id);
      if (!parseNotificationId(id)) return;
      // The popup can only be opened programmatically in recent Chromium; fall back to settings.
      try {
        await browser.action.openPopup();
      } catch {
        await browser.runtime.openOptionsPage();
      }
    },
    /** Chrome's buttons: the index is mapped back through the list the notification was made with. */
    onNotificationButtonClicked: async (id: string, index: number) => {
      const parsed = parseNotificationId(id);
      if (!parsed || !isNotificationReason(parsed.reason)) return;
      const { accountId, reason } = parsed;
      const [accounts] = await readItems(accountsItem);
      const account = accounts.find((a) => a.id === accountId);
      // Removed since: the notification goes with the account (account-removed), nothing to do here.
      if (!account) return;
      switch (notificationButtons(account, reason)[index]) {
        case 'topUp': {
          await browser.notifications.clear(id);
          const page = topUpPage(account);
          if (page) await browser.tabs.create({ url: page });
          return;
        }
        case 'snooze':
          // Silenced for a day: whatever else it is showing goes too (snooze clears them).
          await snooze(account.id, deps.now());
          return;
      }
    },
  };
}

export type Service = ReturnType<typeof createService>;

/** Registers every listener synchronously (MV3 wakes the worker for them), then starts. */
export function startService(deps: ServiceDeps = DEFAULT_DEPS) {
  const service = createService(deps);
  browser.storage.onChanged.addListener((changes, area) => service.onStorageChanged(changes, area));
  // Failures are stored per account; nothing here may become an unhandled rejection.
  browser.alarms.onAlarm.addListener((alarm) => void service.onAlarm(alarm).catch(() => undefined));
  browser.runtime.onMessage.addListener((raw, sender) => service.onMessage(raw, sender));
  browser.notifications.onClicked.addListener((id) => void service.onNotificationClicked(id).catch(() => undefined));
  // Firefox has neither buttons nor this event: there the click above is the way in.
  browser.notifications.onButtonClicked?.addListener(
    (id, index) => void service.onNotificationButtonClicked(id, index).catch(() => undefined),
  );
  const started = service.start().catch(() => undefined);
  // Firefox starts an event page at browser launch only if it listens to onStartup (and keeps alarms in
  // memory only), so without these the badge stays blank and refreshing stops after every restart.
  // The work itself is what every start does.
  browser.runtime.onStartup.addListener(() => void started);
  browser.runtime.onInstalled.addListener((details) => {
    void started;
    // A first install opens the settings page with its welcome: Chrome hides a new extension
    // behind the puzzle menu, and there is nothing to watch until a key is added.
    if (details.reason === 'install') void service.welcome().catch(() => undefined);
  });
  return { ...service, started };
}

