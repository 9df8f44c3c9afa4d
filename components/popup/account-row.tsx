// One account as a compact row: a mark that is a glyph as well as a colour, the
// name, the number that matters with its unit, a small bar where there is a
// limit or quota, the forecast, and in words why it has its status. The row
// expands (click, Enter or Space) to its details and actions, which come with
// the chunk loaded after the first paint (trend-loader.ts).
import type { Assessment, Health } from '@/lib/judge/assess';
import type { BalanceSnapshot } from '@/lib/model/balance';
import { describeForecast, describeReason, describeValue, healthWords } from '@/lib/words/describe-row';
import type { Formatter } from '@/lib/words/format';
import type { Translate } from '@/lib/words/i18n';
import type { RowItem } from './row-item';
import { LazyDetails } from './trend-loader';

interface Props {
  item: RowItem;
  /** A refresh is reading this account right now. */
  reading: boolean;
  expanded: boolean;
  onToggle: () => void;
  now: number;
  t: Translate;
  f: Formatter;
}

/** Shapes tell the states apart without colour. */
const MARKS: Record<Health, string> = {
  rejected: '✕',
  'signed-out': '⊘',
  low: '▼',
  failing: '!',
  close: '◆',
  pending: '…',
  ok: '✓',
  paused: '‖',
};

/**
 * How much is left of the limit the row's figure runs against, in percent: a subscription's cycle
 * quota, or a monthly spend cap. A PAYG key's "total" (what was ever loaded) is no such limit: a
 * nearly full bar beside a low balance would say the opposite of the row.
 */
export function meterOf(a: Assessment, s: BalanceSnapshot | undefined): number | null {
  if (!s) return null;
  const fraction = (left: number, of: number) => (of > 0 ? Math.max(0, Math.min(100, (left / of) * 100)) : null);
  if (a.lead === 'quota' && s.cycle) return fraction(s.cycle.remaining, s.cycle.limit);
  // A signed-in site's window that binds first: what is left of it, like a quota.
  if (a.lead === 'limit' && a.limits[0]) return fraction(100 - a.limits[0].limit.usedPercent, 100);
  if (s.monthly) return fraction(s.monthly.limit - s.monthly.used, s.monthly.limit);
  return null;
}

export function AccountRow({ item, reading, expanded, onToggle, now, t, f }: Props) {
  const { assessment: a, state } = item;
  const s = state?.snapshot;
  const id = a.account.id;
  const Details = LazyDetails.value;
  const meter = meterOf(a, s);
  const status = t(healthWords(a.health));
  const why = reading ? t('readingNow') : describeReason(a, state?.error, t, f, now);
  const forecast = describeForecast(a, f);
  return (
    <li class={`row s-${a.health}`} data-account={id}>
      <button type="button" class="row-head" aria-expanded={expanded} aria-controls={`d-${id}`} onClick={onToggle}>
        <span class="mark" aria-hidden="true" title={status}>
          {MARKS[a.health]}
        </span>
        <span class="name">
          {a.account.pinned && (
            <>
              <span class="pin" aria-hidden="true" title={t('pinnedMark')}>
                ◈{' '}
              </span>
              <span class="sr-only">{t('pinnedMark')}: </span>
            </>
          )}
          {a.account.name}
        </span>
        <span class="value">{describeValue(a, s, t, f)}</span>
        {/* "~2d" is for the eye; a screen reader hears "Runs out in about 2 days". */}
        <span class="fc" aria-hidden="true">
          {forecast}
        </span>
        {forecast && a.daysLeft !== null && <span class="sr-only">{t('forecastRunsOut', f.duration(a.daysLeft))}</span>}
        <span class="why">
          {/* The status in words for screen readers, unless the reason already starts with it. A row
              that is simply OK says so to them alone: one line each, so more rows fit. */}
          {why === status && a.health === 'ok' && !a.snoozed ? (
            <span class="sr-only">{why}</span>
          ) : (
            <>
              {!why.startsWith(status) && <span class="sr-only">{status}: </span>}
              {why}
            </>
          )}
          {a.snoozed && a.account.snoozedUntil !== undefined && ` · ${t('snoozedUntil', f.when(a.account.snoozedUntil, now))}`}
        </span>
        {meter !== null && (
          <span class="meter" aria-hidden="true">
            <span style={{ width: `${meter}%` }} />
          </span>
        )}
      </button>
      <div id={`d-${id}`} class="details" hidden={!expanded}>
        {expanded && (Details ? <Details.RowDetails item={item} now={now} t={t} f={f} /> : <p class="muted">{t('loadingDetails')}</p>)}
      </div>
    </li>
  );
}
