// The forecast words and the sparkline under an account's figures, and the
// histories they are drawn from. Loaded after the popup's first paint (see
// trend-loader.ts): the balances never wait for it.
import type { Signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import type { Account } from '@/lib/account';
import { fingerprint } from '@/lib/store/fingerprint';
import { parseHistory, readHistories } from '@/lib/store/histories';
import type { Assessment } from '@/lib/judge/assess';
import type { Cycle } from '@/lib/balance';
import { forecastBalance, forecastCycle } from '@/lib/forecast';
import type { Formatter } from '@/lib/format';
import { sparklinePoints, type History } from '@/lib/history';
import type { Translate } from '@/lib/i18n';
import { Sparkline } from './sparkline';

export { CycleDetails, Facts } from './account-details';
// Provider names come with the details: the registry (a dozen providers' data) would not fit
// the popup's first load, and a balance never waits for the name of its provider.
export { providerLabel } from '@/lib/providers/registry';

export function Trend(props: { a: Assessment; cycle?: Cycle; history?: History; now: number; t: Translate; f: Formatter }) {
  const { a, cycle: currentCycle, history, now, t, f } = props;
  const lines: string[] = [];
  const balance = a.balance !== null ? forecastBalance(history, now) : null;
  // An empty balance is already said by the card; "runs out in less than an hour" would not help.
  if (balance?.kind === 'runs-out' && balance.days > 0) {
    lines.push(`${t('forecastRunsOut', f.duration(balance.days))} (${t('burnPerDay', f.amount(balance.perDay, a.unit))})`);
  } else if (balance?.kind === 'steady') lines.push(t('forecastSteady'));
  const cycle = currentCycle ? forecastCycle(history, currentCycle, now) : null;
  if (cycle?.kind === 'over-quota') lines.push(t('forecastOverQuota', [f.percent(cycle.percent), f.date(cycle.at)]));
  else if (cycle?.kind === 'lasts') lines.push(t('forecastLasts', f.percent(cycle.percent)));
  const points = sparklinePoints(history, now);
  const first = points[0];
  const last = points.at(-1);
  if (!lines.length && points.length < 2) return null;
  return (
    <div class="trend">
      {first && last && points.length >= 2 && (
        <Sparkline points={points} label={t('historyLabel', [f.amount(first[1], a.unit), f.amount(last[1], a.unit)])} />
      )}
      {lines.map((line) => (
        <p class="forecast" key={line}>
          {line}
        </p>
      ))}
    </div>
  );
}

const HISTORY = 'history:';

/**
 * Fills `histories` for the accounts and keeps it current: each result that
 * lands rewrites its account's history key. Returns the unwatch function.
 */
export function followHistories(
  accounts: Signal<Account[]>,
  histories: Signal<Record<string, History | undefined>>,
): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local') return;
    let next: Record<string, History | undefined> | undefined;
    for (const [key, { newValue }] of Object.entries(changes)) {
      const account = key.startsWith(HISTORY) ? accounts.value.find((a) => a.id === key.slice(HISTORY.length)) : undefined;
      if (!account) continue;
      next ??= { ...histories.value };
      next[account.id] = parseHistory(newValue, fingerprint(account));
    }
    if (next) histories.value = next;
  };
  browser.storage.onChanged.addListener(listener);
  // A change that lands while this first read is out is newer: it wins.
  void readHistories(accounts.value).then((read) => (histories.value = { ...read, ...histories.value }));
  return () => browser.storage.onChanged.removeListener(listener);
}

