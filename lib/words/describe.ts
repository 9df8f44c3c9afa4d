// Words for an account's state, shared by the tooltip, notifications and popup.
import type { Cycle, Limit } from '../model/balance';
import { describeError, describeReset, limitName } from './describe-row';
import { NEEDS_ATTENTION, worstFirst, type Assessment, type Health } from '../judge/assess';
import type { BalanceError } from '../model/errors';
import type { Formatter } from './format';
import type { Translate } from './i18n';


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
  now: number = Date.now(),
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
  // A signed-in site: "Claude Max: weekly 92% used, resets Tue 9:00 AM".
  const binding = a.lead === 'limit' ? a.limits[0] : undefined;
  if (binding) {
    const args = [limitNameInSentence(binding.limit, t), f.percentUsed(binding.limit.usedPercent)];
    const reset = describeReset(binding.limit, t, f, now);
    return `${name}: ${reset ? t('tooltipLimit', [...args, reset]) : t('tooltipLimitNoReset', args)}`;
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

/** A limit's name in the middle of a sentence: "weekly", "5-hour" (a scope like "Sonnet" keeps its case). */
export function limitNameInSentence(limit: Limit, t: Translate): string {
  const name = limitName(limit, t);
  return name.charAt(0).toLocaleLowerCase() + name.slice(1);
}

/**
 * A recorded limit's name from its id (the History page): as the account's current reading
 * names it, else by the id's known name ("5-hour"), else the id in words ("seven day opus").
 */
export function limitNameOf(id: string, current: readonly Limit[] | undefined, t: Translate): string {
  const limit = current?.find((candidate) => candidate.id === id);
  if (limit) return limitName(limit, t);
  // A kind no known id falls back to: what comes back is the id's own name, or that kind's word.
  const named = limitName({ id, kind: 'spend', usedPercent: 0 }, t);
  return named === t('limitSpend') ? id.replace(/_/g, ' ') : named;
}
