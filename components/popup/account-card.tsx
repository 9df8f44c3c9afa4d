import type { Assessment } from '@/lib/judge/assess';
import { spendable, type BalanceSnapshot } from '@/lib/balance';
import { describeError } from '@/lib/describe';
import type { Formatter } from '@/lib/format';
import type { History } from '@/lib/history';
import type { Translate } from '@/lib/i18n';
import type { AccountState } from '@/lib/store/storage';
import { LazyDetails } from './trend-loader';

interface Props {
  assessment: Assessment;
  /** A refresh is reading this account right now. */
  reading?: boolean;
  state?: AccountState;
  history?: History;
  now: number;
  t: Translate;
  f: Formatter;
}


/** One account: heading is exactly its name; every server string is rendered as text. */
export function AccountCard({ assessment: a, reading, state, history, now, t, f }: Props) {
  const snapshot = state?.snapshot;
  const error = state?.error;
  const headingId = `acc-${a.account.id}`;
  const Details = LazyDetails.value;
  return (
    <section class={`card health-${a.health}`} aria-labelledby={headingId}>
      <header class="card-head">
        <h2 id={headingId}>{a.account.name}</h2>
        <span class="muted provider">{Details?.providerLabel(a.account.provider, t)}</span>
        <HealthPill a={a} t={t} />
      </header>
      {reading && (
        <p class="muted reading" role="status">
          {t('readingNow')}
        </p>
      )}
      {error && (
        <p class="problem" role="status">
          <span aria-hidden="true">⚠ </span>
          {describeError(error, t, f, now)}
          {snapshot && <span class="muted"> · {t('lastGoodAge', f.relative(snapshot.readAt, now))}</span>}
        </p>
      )}
      {snapshot && <Remaining s={snapshot} t={t} f={f} />}
      {snapshot && Details && <Details.Facts s={snapshot} warnUnit={a.unitMismatch ? a.account.warnUnit : undefined} t={t} f={f} />}
      {snapshot?.cycle && Details && (
        <Details.CycleDetails id={a.account.id} cycle={snapshot.cycle} unit={snapshot.unit} low={a.cycleLow} now={now} t={t} f={f} />
      )}
      {snapshot && Details && <Details.Trend a={a} cycle={snapshot.cycle} history={history} now={now} t={t} f={f} />}
      {!snapshot && !error && !reading && <p class="muted">{t('notReadYet')}</p>}
    </section>
  );
}

function HealthPill({ a, t }: { a: Assessment; t: Translate }) {
  const words: Record<Assessment['health'], Parameters<Translate>[0] | null> = {
    ok: 'statusHealthy',
    close: 'statusClose',
    low: 'statusLow',
    failing: null,
    rejected: null,
    pending: null,
    paused: 'statusPaused',
  };
  const key = a.overdrawn
    ? 'statusOverdrawn'
    : a.health === 'close' && a.cycleEnded && !a.balanceClose && !a.cycleClose
      ? 'statusCycleEnded'
      : words[a.health];
  // Colour is never the only signal: the pill carries words.
  return key ? <span class={`pill h-${a.health}`}>{t(key)}</span> : null;
}

/** What is left, in the reading's own unit; the figures beside it come with the details chunk. */
function Remaining({ s, t, f }: { s: BalanceSnapshot; t: Translate; f: Formatter }) {
  // An unlimited key still stops when the account balance runs out: show what can be spent.
  const canSpend = spendable(s);
  return (
    <p class="big">
      <span class="label">{t('labelRemaining')}</span>{' '}
      <strong>{canSpend !== null ? f.amount(canSpend, s.unit) : s.unlimited ? t('unlimited') : t('noKeyLimit')}</strong>
    </p>
  );
}
