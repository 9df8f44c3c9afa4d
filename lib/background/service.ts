// The background's behaviour, composed from the small modules: what happens on
// install, startup, alarm, message and notification click. The entrypoint only
// calls `startService`.
import { browser } from 'wxt/browser';
import type { Account } from '../account';
import { assess, type Assessment } from '../judge/assess';
import { applyBadge, renderBadge } from './badge';
import { originPattern } from '../base-url';
import { describeAccountLine } from '../describe';
import { createEngine, type AlertEvent, type Engine } from '../refresh/engine';
import { daysLeft } from '../forecast';
import { createFormatter } from '../format';
import { t, uiLocale } from '../i18n';
import { isFromThisExtension, parseMessage, type Message } from '../messages';
import { NOTIFICATION_REASONS, notificationContent, notificationId, parseNotificationId } from '../notify';
import { createBalanceApi } from '../providers';
import { ensureRefreshAlarm, missedRefresh, REFRESH_ALARM } from './schedule';
import { accountsItem, engineItem, getHistories, getSettings, readItems, settingsItem, statesItem, withDefaults } from '../store/storage';

export interface ServiceDeps {
  fetch: typeof fetch;
  now: () => number;
  random: () => number;
}

async function hasPermission(account: Account): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins: [originPattern(account.baseUrl)] });
  } catch {
    return false;
  }
}

export function createService(deps: ServiceDeps) {
  const formatter = createFormatter(uiLocale(), t);

  /** Every worker start and every cycle end: one storage read, plus histories only where needed. */
  async function render(): Promise<void> {
    const [accounts, states, stored] = await readItems(accountsItem, statesItem, settingsItem);
    const settings = withDefaults(stored);
    const now = deps.now();
    // Histories are only needed for the opt-in "days left" threshold.
    const histories = await getHistories(accounts.filter((a) => a.warnDaysLeft !== undefined).map((a) => a.id));
    const assessments = accounts.map((a) =>
      assess(a, states[a.id], now, settings.intervalMinutes, daysLeft(histories[a.id], now, states[a.id]?.snapshot?.cycle)),
    );
    const lines = assessments.map((a) => describeAccountLine(a, states[a.account.id]?.error, t, formatter));
    const title = lines.length ? [t('extName'), ...lines].join('\n') : t('tooltipEmpty');
    await applyBadge(browser.action, renderBadge(assessments, { showLowest: settings.badgeShowsLowest, title }));
  }

  async function notify(event: AlertEvent, a: Assessment): Promise<void> {
    const { reason } = event;
    const content = notificationContent(event, a, t, formatter);
    await browser.notifications.create(notificationId(a.account.id, reason), {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: content.title,
      message: content.message,
      priority: reason === 'keyRejected' || reason === 'cycleOut' ? 2 : 1,
    });
  }

  const engine: Engine = createEngine({
    api: createBalanceApi({ fetch: deps.fetch, now: deps.now }),
    now: deps.now,
    random: deps.random,
    hasPermission,
    notify,
    render,
  });

  async function handle(message: Message): Promise<void> {
    switch (message.type) {
      case 'refresh':
        await engine.refresh({ reason: 'manual', ids: message.ids });
        return;
      case 'popup-opened':
        await engine.refresh({ reason: 'popup' });
        return;
      case 'account-saved':
        if (message.keyChanged) await engine.forget([message.id]);
        await engine.refresh({ reason: 'account', ids: [message.id] });
        return;
      case 'account-removed':
        await engine.forget([message.id]);
        await Promise.all(
          NOTIFICATION_REASONS.map((reason) => browser.notifications.clear(notificationId(message.id, reason))),
        );
        return;
      case 'settings-saved':
        await ensureRefreshAlarm(browser.alarms, (await getSettings()).intervalMinutes);
        await engine.render();
        return;
    }
  }

  /** Runs at every worker start: the alarm, the badge, and a catch-up after sleep. */
  async function start(): Promise<void> {
    const [stored, { lastCycleAt }] = await readItems(settingsItem, engineItem);
    const { intervalMinutes } = withDefaults(stored);
    await ensureRefreshAlarm(browser.alarms, intervalMinutes);
    await engine.render();
    if (missedRefresh(lastCycleAt, deps.now(), intervalMinutes)) {
      await engine.refresh({ reason: 'catch-up' });
    }
  }

  return {
    start,
    engine,
    onAlarm: (alarm: { name: string }) =>
      alarm.name === REFRESH_ALARM ? engine.refresh({ reason: 'alarm' }).then(() => undefined) : Promise.resolve(),
    onMessage: (raw: unknown, sender: { id?: string; url?: string }): Promise<Reply> | undefined => {
      if (!isFromThisExtension(sender, browser.runtime.id, browser.runtime.getURL('/'))) return undefined;
      const message = parseMessage(raw);
      if (!message) return undefined;
      return handle(message).then(
        () => ({ ok: true }),
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
  };
}

type Reply = { ok: boolean };
export type Service = ReturnType<typeof createService>;

/** Registers every listener synchronously (MV3 wakes the worker for them), then starts. */
export function startService(deps: ServiceDeps = { fetch: (...a) => fetch(...a), now: Date.now, random: Math.random }) {
  const service = createService(deps);
  // Failures are stored per account; nothing here may become an unhandled rejection.
  browser.alarms.onAlarm.addListener((alarm) => void service.onAlarm(alarm).catch(() => undefined));
  browser.runtime.onMessage.addListener((raw, sender) => service.onMessage(raw, sender));
  browser.notifications.onClicked.addListener((id) => void service.onNotificationClicked(id).catch(() => undefined));
  const started = service.start().catch(() => undefined);
  // Firefox starts an event page at browser launch only if it listens to onStartup (and keeps alarms in
  // memory only), so without these the badge stays blank and refreshing stops after every restart.
  // The work itself is what every start does.
  browser.runtime.onStartup.addListener(() => void started);
  browser.runtime.onInstalled.addListener(() => void started);
  return { ...service, started };
}

