// The forecast words and the sparkline under an account's figures, with the
// scale and period it is drawn over.
import type { Assessment } from '@/lib/judge/assess';
import type { Cycle } from '@/lib/model/balance';
import { forecastBalance, forecastCycle } from '@/lib/judge/forecast';
import type { Formatter } from '@/lib/words/format';
import { sparklinePoints } from '@/lib/judge/history';
import type { History } from '@/lib/store/types';
import type { Translate } from '@/lib/words/i18n';
import { Sparkline } from './sparkline';

const DAY = 86_400_000;

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
  const values = points.map(([, v]) => v);
  return (
    <div class="trend">
      {first && last && points.length >= 2 && (
        <figure class="spark">
          <Sparkline points={points} label={t('historyLabel', [f.amount(first[1], a.unit), f.amount(last[1], a.unit)])} />
          {/* The scale and period the line is drawn over. */}
          <figcaption class="muted">
            {t('sparkCaption', [f.duration((last[0] - first[0]) / DAY), f.amount(Math.min(...values), a.unit), f.amount(Math.max(...values), a.unit)])}
          </figcaption>
        </figure>
      )}
      {lines.map((line) => (
        <p class="forecast" key={line}>
          {line}
        </p>
      ))}
    </div>
  );
}
