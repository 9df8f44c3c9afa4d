// Words for an account's state, shared by the tooltip, notifications and popup.
import type { BalanceSnapshot, Cycle } from './balance';
import { worstFirst, type Assessment, type Health } from './judge/assess';
import type { BalanceError, ErrorKind } from './errors';
import type { Formatter } from './format';
import type { MessageKey, Translate } from './i18n';

const ERROR_WORDS: Record<ErrorKind, MessageKey> = {
  auth: 'errorAuth',
  insufficient: 'errorInsufficient',
  'not-found': 'errorNotFound',
  'invalid-request': 'errorInvalidRequest',
  'rate-limited': 'errorRateLimited',
  maintenance: 'errorMaintenance',
  server: 'errorServer',
  disabled: 'errorDisabled',
  storage: 'errorStorage',
  timeout: 'errorTimeout',
  network: 'errorNetwork',
  redirect: 'errorRedirect',
  'bad-response': 'errorBadResponse',
  'bad-url': 'errorBadUrl',
  permission: 'errorPermission',
};

/** "API key rejected", "Rate limited, next try at 14:05", ... */
export function describeError(
  error: Pick<BalanceError, 'kind' | 'retryAt'>,
  t: Translate,
  f: Formatter,
  now: number = Date.now(),
): string {
  if (error.kind === 'rate-limited' && error.retryAt !== undefined) {
    return t('errorRateLimitedUntil', f.when(error.retryAt, now));
  }
  return t(ERROR_WORDS[error.kind]);
}

/** The short balance text: "$12.50 left", "Unlimited", "1,200 credits left". */
export function describeBalance(a: Assessment, t: Translate, f: Formatter): string {
  // A subscription that never falls back to PAYG stops on its quota: its dollars say nothing.
  if (a.lead === 'quota' && a.cycleLeft !== null) return t('cycleLeft', f.percent(a.cycleLeft));
  if (a.balance === null) {
    if (a.cycleLeft !== null) return t('cycleLeft', f.percent(a.cycleLeft));
    // A key without a cap (OpenRouter) is not unlimited money: the account behind it still runs out.
    return a.unlimited ? t('unlimited') : t('noKeyLimit');
  }
  const parts = [a.overdrawn ? t('overdrawnBy', f.amount(-a.balance, a.unit)) : t('amountLeft', f.amount(a.balance, a.unit))];
  if (a.cycleLeft !== null) parts.push(t('cycleLeft', f.percent(a.cycleLeft)));
  return parts.join(' · ');
}

/** One tooltip line per account: its balance, or its problem. */
export function describeAccountLine(
  a: Assessment,
  error: BalanceError | undefined,
  t: Translate,
  f: Formatter,
): string {
  const name = a.account.name;
  if (a.health === 'paused') return `${name}: ${t('statusPaused')}`;
  if (a.health === 'pending') return `${name}: ${t('notReadYet')}`;
  if (error && !(a.health === 'low' && error.kind === 'insufficient')) {
    const problem = describeError(error, t, f);
    return a.balance !== null || a.cycleLeft !== null
      ? `${name}: ${problem} (${t('lastKnown', describeBalance(a, t, f))})`
      : `${name}: ${problem}`;
  }
  const balance = describeBalance(a, t, f);
  const mark =
    a.health === 'low'
      ? ` — ${t('lowMark')}`
      : a.cycleEnded && a.health === 'close' && a.cycleEnd !== undefined
        ? ` — ${t('cycleEndedMark', f.date(a.cycleEnd))}`
        : a.stale
          ? ` — ${t('staleMark')}`
          : '';
  return `${name}: ${balance}${mark}`;
}

const DAY = 86_400_000;

/** The cycle's end in words that never promise a renewal the plan will not get. */
export function describeCycleEnd(
  cycle: Pick<Cycle, 'end' | 'status'>,
  now: number,
  t: Translate,
  f: Formatter,
): { term: string; value: string } {
  const status = cycle.status.toLowerCase();
  if (status === 'suspended') return { term: t('labelCycleEnd'), value: t('cycleSuspended') };
  const cancelled = status === 'cancelled' || status === 'canceled';
  if (now >= cycle.end) {
    return { term: t('labelCycleEnded'), value: t(cancelled ? 'cycleEndedCancelled' : 'cycleEndedWaiting', f.date(cycle.end)) };
  }
  const left = t('timeLeft', f.duration((cycle.end - now) / DAY));
  if (cancelled) return { term: t('labelCycleEnd'), value: t('cycleCancelled', [f.date(cycle.end), left]) };
  return { term: t('labelCycleEnd'), value: `${f.date(cycle.end)} (${left})` };
}

/** Tooltip: a summary line, then the accounts worst first, at most `maxLines`, then how many more. */
export function describeToolbar(
  assessments: readonly Assessment[],
  errors: Readonly<Record<string, BalanceError | undefined>>,
  t: Translate,
  f: Formatter,
  maxLines = 10,
): string {
  if (!assessments.length) return t('tooltipEmpty');
  // Paused accounts are not watched: only counted, at the end.
  const paused = assessments.filter((a) => a.health === 'paused').length;
  const sorted = worstFirst(assessments.filter((a) => a.health !== 'paused'));
  const attention = sorted.filter((a) => NEEDS_ATTENTION.has(a.health)).length;
  const shown = sorted.slice(0, maxLines);
  const rest = sorted.slice(maxLines);
  const lines = [
    `${t('extName')}: ${attention ? f.plural('attention', attention) : t('allOk')}`,
    ...shown.map((a) => describeAccountLine(a, errors[a.account.id], t, f)),
  ];
  if (rest.length) lines.push(f.plural(rest.every((a) => a.health === 'ok') ? 'moreOk' : 'more', rest.length));
  if (paused) lines.push(f.plural('pausedCount', paused));
  return lines.join('\n');
}

const NEEDS_ATTENTION: ReadonlySet<Health> = new Set<Health>(['rejected', 'low', 'failing', 'close']);

/** The one figure a popup row shows: the quota left for a subscriber without fallback, else the balance. */
export function describeValue(a: Assessment, snapshot: BalanceSnapshot | undefined, t: Translate, f: Formatter): string {
  if (!snapshot) return a.balance !== null && a.unit ? f.amount(a.balance, a.unit) : '';
  if (a.lead === 'quota' && snapshot.cycle) return t('quotaLeftValue', f.number(Math.max(0, snapshot.cycle.remaining)));
  if (a.balance !== null) return f.amount(a.balance, a.unit);
  return a.unlimited ? t('unlimited') : t('noKeyLimit');
}

/** How a row names its health, in words (its mark is a glyph too: colour is never the only signal). */
export const HEALTH_WORDS: Record<Health, MessageKey> = {
  rejected: 'markRejected',
  low: 'markLow',
  failing: 'markFailing',
  close: 'markClose',
  pending: 'markPending',
  ok: 'markOk',
  paused: 'markPaused',
};

/**
 * Why a row has its health, naming the measure and its threshold: "Quota 5% left (warn < 10%)",
 * "$3.12 (warn < $5.00)", "Runs out in ~20h (warn < 1d)". The measure the account leads with is
 * named first; a failed last read that did not change the verdict is added after it.
 */
export function describeReason(a: Assessment, error: Pick<BalanceError, 'kind' | 'retryAt'> | undefined, t: Translate, f: Formatter, now: number): string {
  const warn = a.account.warnBelow;
  const money = (n: number) => (a.unit ? f.amount(n, a.unit) : f.number(n));
  const quota = (limit: number) => t('reasonQuota', [f.percent(a.cycleLeft ?? 0), f.percent(limit)]);
  const balance = () =>
    a.overdrawn && a.balance !== null ? t('reasonOverdrawn', [money(-a.balance), money(warn)]) : t('reasonBalance', [money(a.balance ?? 0), money(warn)]);
  const days = (limit: number) => t('reasonDays', [f.shortDuration(a.daysLeft ?? 0), f.shortDuration(limit)]);
  let main: string;
  switch (a.health) {
    case 'paused':
    case 'pending':
      return t(HEALTH_WORDS[a.health]);
    case 'rejected':
    case 'failing':
      return error ? describeError(error, t, f, now) : t(HEALTH_WORDS[a.health]);
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
          ? t('cycleEndedWaiting', f.date(a.cycleEnd))
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
          ? t('reasonStale', f.duration((now - a.snapshotAt) / DAY))
          : a.lead === 'quota' && a.cycleRenews && a.cycleEnd !== undefined && a.cycleEnd > now
            ? `${t('markOk')} · ${t('renewsIn', f.shortDuration((a.cycleEnd - now) / DAY))}`
            : t('markOk');
  }
  return error ? `${main} · ${t('reasonLastError', describeError(error, t, f, now))}` : main;
}

/** The row's forecast: "~2d" until the measure it leads with runs out, when there is enough history. */
export function describeForecast(a: Assessment, f: Formatter): string {
  return a.daysLeft !== null && Number.isFinite(a.daysLeft) && a.health !== 'paused' ? `~${f.shortDuration(a.daysLeft)}` : '';
}
