import type { Assessment } from '@/lib/judge/assess';
import { spendable, type BalanceSnapshot, type Cycle } from '@/lib/balance';
import { describeCycleEnd, describeError } from '@/lib/describe';
import type { Formatter } from '@/lib/format';
import type { History } from '@/lib/history';
import type { Translate } from '@/lib/i18n';
import { PROVIDERS } from '@/lib/providers/registry';
import type { AccountState } from '@/lib/store/storage';
import { LazyTrend } from './trend-loader';

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
  const Trend = LazyTrend.value;
  return (
    <section class={`card health-${a.health}`} aria-labelledby={headingId}>
      <header class="card-head">
        <h2 id={headingId}>{a.account.name}</h2>
        <span class="muted provider">{PROVIDERS[a.account.provider]?.label ?? a.account.provider}</span>
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
      {snapshot?.unit === 'USD' && <Payg s={snapshot} t={t} f={f} />}
      {snapshot?.unit === 'credits' && (
        <p class="big">
          <span class="label">{t('labelCredits')}</span> <strong>{f.number(snapshot.remaining ?? 0)}</strong>
        </p>
      )}
      {snapshot?.cycle && <CycleDetails id={a.account.id} cycle={snapshot.cycle} low={a.cycleLow} now={now} t={t} f={f} />}
      {snapshot && Trend && <Trend a={a} cycle={snapshot.cycle} history={history} now={now} t={t} f={f} />}
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
  };
  const key = a.overdrawn
    ? 'statusOverdrawn'
    : a.health === 'close' && a.cycleEnded && !a.balanceClose && !a.cycleClose
      ? 'statusCycleEnded'
      : words[a.health];
  // Colour is never the only signal: the pill carries words.
  return key ? <span class={`pill h-${a.health}`}>{t(key)}</span> : null;
}

function Payg({ s, t, f }: { s: BalanceSnapshot; t: Translate; f: Formatter }) {
  const usd = (n: number) => f.amount(n, 'USD');
  // An unlimited key still stops when the account balance runs out: show what can be spent.
  const canSpend = spendable(s);
  return (
    <>
      <p class="big">
        <span class="label">{t('labelRemaining')}</span>{' '}
        <strong>{canSpend === null ? t('unlimited') : usd(canSpend)}</strong>
      </p>
      <dl class="facts">
        {s.unlimited && canSpend !== null && <Fact term={t('labelKeyQuota')} value={t('unlimited')} />}
        {/* Bounded by the account or a monthly cap: the key's own figure is still worth seeing. */}
        {s.remaining !== null && canSpend !== s.remaining && <Fact term={t('labelKeyQuota')} value={usd(s.remaining)} />}
        {s.used !== undefined && <Fact term={t('labelUsed')} value={usd(s.used)} />}
        {typeof s.total === 'number' && <Fact term={t('labelTotal')} value={usd(s.total)} />}
        {s.accountBalance !== undefined && <Fact term={t('labelAccountBalance')} value={usd(s.accountBalance)} />}
        {s.monthly && (
          <Fact
            wide
            term={t('labelMonthly')}
            value={`${t('ofValue', [usd(s.monthly.used), usd(s.monthly.limit)])}${
              s.monthly.resetDay ? `, ${t('resetsOnDay', String(s.monthly.resetDay))}` : ''
            }`}
          />
        )}
      </dl>
    </>
  );
}

function CycleDetails(props: { id: string; cycle: Cycle; low: boolean; now: number; t: Translate; f: Formatter }) {
  const { id, cycle: c, low, now, t, f } = props;
  const labelId = `quota-${id}`;
  const fallback = !c.paygFallback
    ? t('fallbackOff')
    : c.paygLimitUsd !== undefined
      ? t('fallbackOnCap', [f.amount(c.paygSpentUsd ?? 0, 'USD'), f.amount(c.paygLimitUsd, 'USD')])
      : t('fallbackOn', f.amount(c.paygSpentUsd ?? 0, 'USD'));
  const usedPercent = c.limit > 0 ? Math.min(100, (c.used / c.limit) * 100) : 0;
  return (
    <div class="cycle">
      <dl class="facts">
        <Fact term={t('labelPlan')} value={c.plan} />
        <Fact term={t('labelStatus')} value={c.status} />
      </dl>
      <p class="quota-line">
        <span id={labelId}>{t('labelQuota')}</span>: {t('quotaUsedOf', [f.number(c.used), f.number(c.limit)])}
      </p>
      <div
        class={low ? 'bar low' : 'bar'}
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuenow={Math.min(c.used, c.limit)}
        aria-valuemin={0}
        aria-valuemax={c.limit}
        aria-valuetext={t('quotaUsedOf', [f.number(c.used), f.number(c.limit)])}
      >
        <div class="fill" style={{ width: `${usedPercent}%` }} />
      </div>
      <dl class="facts">
        <Fact wide {...describeCycleEnd(c, now, t, f)} />
        <Fact wide term={t('labelFallback')} value={fallback} />
      </dl>
    </div>
  );
}

function Fact({ term, value, wide }: { term: string; value: string; wide?: boolean }) {
  return (
    <div class={wide ? 'wide' : undefined}>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}
