// The words of a popup row, which its first paint needs: the error in words, the
// figure that matters, why the account has its status, its forecast. Kept apart
// from the tooltip's and settings page's sentences (describe.ts), which the
// popup's first load does without.
import type { BalanceSnapshot, Limit } from '../model/balance';
import type { Assessment, Health, LimitView } from '../judge/assess';
import type { BalanceError, ErrorKind } from '../model/errors';
import type { Formatter } from './format';
import type { MessageKey, Translate } from './i18n';

const DAY = 86_400_000;

/** `not-found` → `NotFound`: a kind's or health's name in a message key ("errorNotFound", "markSignedOut"). */
const pascal = (name: string) => name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());

/** Every error kind's words are the message `error<Kind>` (checked for each kind in both catalogues). */
export const errorWords = (kind: ErrorKind) => `error${pascal(kind)}` as MessageKey;

/** "API key rejected", "Rate limited, next try at 14:05", ... */
export function describeError(
  error: Pick<BalanceError, 'kind' | 'retryAt' | 'site'>,
  t: Translate,
  f: Formatter,
  now: number = Date.now(),
): string {
  if (error.kind === 'rate-limited' && error.retryAt !== undefined) {
    return t('errorRateLimitedUntil', f.when(error.retryAt, now));
  }
  // "Not signed in to claude.ai": the site is the one this account reads (stored, so checked as text).
  if (error.site && (error.kind === 'signed-out' || error.kind === 'bot-check')) {
    return t(error.kind === 'signed-out' ? 'errorSignedOutAt' : 'errorBotCheckAt', error.site);
  }
  return t(errorWords(error.kind));
}

const HOUR = 3_600_000;
/** Known limits by id, else by kind: "5-hour", "Weekly", "Extra usage". */
const LIMIT_IDS: Record<string, MessageKey> = { five_hour: 'limitFiveHour', seven_day: 'limitWeekly', plan: 'limitPlan', extra_usage: 'limitExtraUsage', on_demand: 'limitOnDemand' };
const LIMIT_KINDS: Record<Limit['kind'], MessageKey> = { session: 'limitSession', weekly: 'limitWeekly', monthly: 'limitMonthly', spend: 'limitSpend' };

/** A limit's name in words, its scope after it: "5-hour", "Weekly Sonnet", "On-demand Team". */
export function limitName(limit: Limit, t: Translate): string {
  const byId = Object.hasOwn(LIMIT_IDS, limit.id) ? LIMIT_IDS[limit.id] : undefined;
  const base = byId ?? (limit.kind === 'session' && limit.windowMs === 5 * HOUR ? 'limitFiveHour' : LIMIT_KINDS[limit.kind]);
  return limit.scope ? t('limitScoped', [t(base), limit.scope]) : t(base);
}

/** "resets in 1 h 20 min", "resets Tue 9:00 AM", "not started"; '' when the site does not say. */
export function describeReset(limit: Limit, t: Translate, f: Formatter, now: number): string {
  if (limit.resetsAt === null) return t('limitNotStarted');
  if (limit.resetsAt !== undefined && limit.resetsAt <= now) return t('limitResetSince');
  return limit.resetsAt === undefined ? '' : t('limitResets', f.resetWhen(limit.resetsAt, now));
}

/** "Weekly 82% used · resets Tue 9:00 AM", with the threshold when it is crossed and the pace when it will be. */
export function describeLimit(view: LimitView, warn: number, t: Translate, f: Formatter, now: number): string {
  const { limit } = view;
  const used = t('limitUsed', [limitName(limit, t), f.percentUsed(limit.usedPercent)]);
  const head = view.low ? `${used} ${t('limitWarnAbove', f.percent(warn))}` : used;
  const tail =
    !view.low && view.fullAt !== undefined && typeof limit.resetsAt === 'number'
      ? t('limitPace', f.minutes(limit.resetsAt - view.fullAt))
      : describeReset(limit, t, f, now);
  return tail ? `${head} · ${tail}` : head;
}

/** The one figure a popup row shows: the quota left for a subscriber without fallback, else the balance. */
export function describeValue(a: Assessment, snapshot: BalanceSnapshot | undefined, t: Translate, f: Formatter): string {
  // Amounts exist only with a reading: before one, the reason's words say it alone.
  if (!snapshot) return '';
  // A signed-in site: the percent used of the limit that binds first (its name is in the reason).
  const binding = a.lead === 'limit' ? a.limits[0] : undefined;
  if (binding) return f.percentUsed(binding.limit.usedPercent);
  if (a.lead === 'quota' && snapshot.cycle) return t('quotaLeftValue', f.number(Math.max(0, snapshot.cycle.remaining)));
  if (a.balance !== null) return f.amount(a.balance, a.unit);
  return a.unlimited ? t('unlimited') : t('noKeyLimit');
}

/** How a row names its health, in words (its mark is a glyph too: colour is never the only signal). */
export const healthWords = (health: Health) => `mark${pascal(health)}` as MessageKey;

/**
 * Why a row has its health, naming the measure and its threshold: "Quota 5% left (warn < 10%)",
 * "$3.12 (warn < $5.00)", "Runs out in ~20h (warn < 1d)". The measure the account leads with is
 * named first; a failed last read that did not change the verdict is added after it.
 */
export function describeReason(a: Assessment, error: Pick<BalanceError, 'kind' | 'retryAt' | 'site'> | undefined, t: Translate, f: Formatter, now: number): string {
  const warn = a.account.warnBelow;
  const money = (n: number) => (a.unit ? f.amount(n, a.unit) : f.number(n));
  const quota = (limit: number) => t('reasonQuota', [f.percent(a.cycleLeft ?? 0), f.percent(limit)]);
  const balance = () =>
    a.overdrawn && a.balance !== null ? t('reasonOverdrawn', [money(-a.balance), money(warn)]) : t('reasonBalance', [money(a.balance ?? 0), money(warn)]);
  const days = (limit: number) => t('reasonDays', [approximately(a.daysLeft ?? 0, f), f.shortDuration(limit)]);
  let main: string;
  const binding = a.lead === 'limit' ? a.limits[0] : undefined;
  if (binding && (a.health === 'low' || a.health === 'close' || a.health === 'ok') && !(a.health === 'ok' && a.stale)) {
    // A signed-in site: the limit that binds first, how full, and when it resets or fills.
    main = describeLimit(binding, a.limitWarn, t, f, now);
    return error ? `${main} · ${t('reasonLastError', describeError(error, t, f, now))}` : main;
  }
  switch (a.health) {
    case 'paused':
    case 'pending':
      return t(healthWords(a.health));
    case 'rejected':
    case 'signed-out':
    case 'failing':
      return error ? describeError(error, t, f, now) : t(healthWords(a.health));
    case 'low': {
      const out = a.outOfCredits;
      const quotaWords = a.cycleOut
        ? a.cycleRenews && a.cycleEnd !== undefined
          ? t('reasonQuotaOut', f.date(a.cycleEnd))
          : t('reasonQuotaOutNoRenew')
        : a.cycleLow
          ? quota(a.account.cycleWarnPercent)
          : '';
      const balanceWords = out ? t(a.errorKind === 'insufficient' ? 'errorInsufficient' : 'noteNotUsable') : a.balanceLow ? balance() : '';
      const first = a.lead === 'quota' ? quotaWords || balanceWords : balanceWords || quotaWords;
      main = first || days(a.warnDays);
      if (out) return main;
      break;
    }
    case 'close':
      main = a.unitMismatch
        ? t('reasonUnit', [f.unitName(a.account.warnUnit ?? ''), f.unitName(a.unit)])
        : a.cycleEnded && !a.balanceClose && !a.cycleClose && a.cycleEnd !== undefined
          ? t('reasonCycleEnded', f.date(a.cycleEnd))
          : a.lead === 'quota' && a.cycleClose
            ? quota(a.account.cycleWarnPercent)
            : a.balanceClose
              ? balance()
              : a.cycleClose
                ? quota(a.account.cycleWarnPercent)
                : days(a.closeDays);
      break;
    case 'ok':
      main =
        a.stale && a.snapshotAt !== undefined
          ? t('reasonStale', f.relative(a.snapshotAt, now))
          : a.lead === 'quota' && a.cycleRenews && a.cycleEnd !== undefined && a.cycleEnd > now
            ? `${t('markOk')} · ${t('renewsIn', f.shortDuration((a.cycleEnd - now) / DAY))}`
            : t('markOk');
  }
  return error ? `${main} · ${t('reasonLastError', describeError(error, t, f, now))}` : main;
}

/** "~2d", "~20h", or "<1h" (not "~<1h"): a forecast is never exact. */
const approximately = (days: number, f: Formatter) => {
  const short = f.shortDuration(days);
  return short.startsWith('<') ? short : `~${short}`;
};

/** The row's forecast: "~2d" until the measure it leads with runs out, when there is enough history. */
export function describeForecast(a: Assessment, f: Formatter): string {
  return a.daysLeft !== null && Number.isFinite(a.daysLeft) && a.health !== 'paused' ? approximately(a.daysLeft, f) : '';
}
