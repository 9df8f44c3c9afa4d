// An account's figures beside what is left: the key's own quota, used, total,
// monthly cap, the provider's facts and notes, and a subscription's cycle.
// Part of the chunk loaded after the popup's first paint (trend-loader.ts).
import { spendable, type BalanceSnapshot, type Cycle, type Note } from '@/lib/model/balance';
import type { Assessment } from '@/lib/judge/assess';
import { describeCycleEnd } from '@/lib/words/describe';
import { describeReset, limitName } from '@/lib/words/describe-row';
import type { Formatter } from '@/lib/words/format';
import type { MessageKey, Translate } from '@/lib/words/i18n';

const NOTE_WORDS: Record<Note, MessageKey> = {
  'key-limit-only': 'noteKeyLimitOnly',
  'no-key-limit': 'noteNoKeyLimit',
  'not-usable': 'noteNotUsable',
  'org-gone': 'noteOrgGone',
};

/** `warnUnit`: set when "Warn below" is in another unit than this reading, which is then said. */
// Known plan and status values in the UI's words; anything else the server sends is shown as it is.
const PLANS: Record<string, string> = { lite: 'Lite', pro: 'Pro', max: 'Max' };
const STATUSES: Record<string, MessageKey> = {
  active: 'planActive',
  suspended: 'planSuspended',
  cancelled: 'planCancelled',
  canceled: 'planCancelled',
};
const planName = (plan: string) => PLANS[plan.toLowerCase()] ?? plan;
const statusWords = (status: string, t: Translate) => {
  const key = Object.hasOwn(STATUSES, status.toLowerCase()) ? STATUSES[status.toLowerCase()] : undefined;
  return key ? t(key) : status;
};

/**
 * Every figure the reading holds, each named, including the one the row leads with: a subscriber's
 * row leads with its quota, so its pay-as-you-go balance is said here or nowhere (issue 19).
 */
export function Facts({ s, warnUnit, t, f }: { s: BalanceSnapshot; warnUnit?: string | undefined; t: Translate; f: Formatter }) {
  const usd = (n: number) => f.amount(n, s.unit);
  const canSpend = spendable(s);
  // The key's own remaining amount: a subscriber's pay-as-you-go money, a key bounded by its account
  // or a monthly cap (then not what it can spend), or simply what is left.
  const remainingTerm: MessageKey = s.cycle ? 'labelPaygLeft' : canSpend !== s.remaining ? 'labelKeyQuota' : 'labelLeft';
  return (
    <>
      {warnUnit && (
        <p class="problem note" role="status">
          {t('unitMismatch', [f.unitName(warnUnit), f.unitName(s.unit)])}
        </p>
      )}
      {s.notes?.map((note) => (
        <p class="muted note" key={note}>
          {t(NOTE_WORDS[note])}
        </p>
      ))}
      <dl class="facts">
        {s.unlimited && <Fact term={t(s.cycle ? 'labelPaygLeft' : 'labelKeyQuota')} value={t('unlimited')} />}
        {s.remaining !== null && <Fact term={t(remainingTerm)} value={usd(s.remaining)} />}
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
        {s.facts?.map((fact) => {
          const term = t(`fact_${fact.name}`);
          // A long name takes the whole line rather than pushing its figure onto the next.
          return <Fact key={fact.name} wide={term.length > 16} term={term} value={usd(fact.value)} />;
        })}
      </dl>
    </>
  );
}

export function CycleDetails(props: { id: string; cycle: Cycle; unit: string; low: boolean; now: number; t: Translate; f: Formatter }) {
  const { id, cycle: c, unit, low, now, t, f } = props;
  const labelId = `quota-${id}`;
  const fallback = !c.paygFallback
    ? t('fallbackOff')
    : c.paygLimitUsd !== undefined
      ? t('fallbackOnCap', [f.amount(c.paygSpentUsd ?? 0, unit), f.amount(c.paygLimitUsd, unit)])
      : t('fallbackOn', f.amount(c.paygSpentUsd ?? 0, unit));
  const usedPercent = c.limit > 0 ? Math.min(100, (c.used / c.limit) * 100) : 0;
  return (
    <div class="cycle">
      <dl class="facts">
        <Fact term={t('labelPlan')} value={planName(c.plan)} />
        <Fact term={t('labelStatus')} value={statusWords(c.status, t)} />
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
        <Fact term={t('labelQuotaLeft')} value={f.number(c.remaining)} />
        <Fact term={t('labelCycleStart')} value={f.date(c.start)} />
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

/**
 * A signed-in site's limits (issue 20): each with its bar (percent used, as a progressbar), when it
 * resets or fills at this pace, and its money where it is a spend cap; then windows the site sent in
 * a shape that could not be read, in words.
 */
export function LimitDetails(props: { id: string; a: Assessment; s: BalanceSnapshot; now: number; t: Translate; f: Formatter }) {
  const { id, a, s, now, t, f } = props;
  return (
    <div class="limits">
      {(s.plan || s.org) && <p class="muted">{[s.plan, s.org].filter(Boolean).join(' · ')}</p>}
      <ul class="limit-list">
        {a.limits.map((view, i) => {
          const { limit } = view;
          const labelId = `limit-${id}-${i}`;
          const name = limitName(limit, t);
          const used = f.percentUsed(limit.usedPercent);
          const money = limit.used !== undefined && limit.limit !== undefined ? t('ofValue', [f.amount(limit.used, s.unit), f.amount(limit.limit, s.unit)]) : '';
          const when = view.fullAt !== undefined && !view.low && typeof limit.resetsAt === 'number' ? t('limitPace', f.minutes(limit.resetsAt - view.fullAt)) : describeReset(limit, t, f, now);
          return (
            <li key={limit.id} class={view.low ? 'limit low' : view.close ? 'limit close' : 'limit'}>
              <p class="quota-line">
                <span id={labelId}>{name}</span>: {t('limitUsedShort', used)}
                {money && ` · ${money}`}
                {when && <span class="muted"> · {when}</span>}
              </p>
              <div
                class={view.low ? 'bar low' : view.close ? 'bar close' : 'bar'}
                role="progressbar"
                aria-labelledby={labelId}
                aria-valuenow={Math.round(limit.usedPercent)}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuetext={t('limitUsedShort', used)}
              >
                <div class="fill" style={{ width: `${limit.usedPercent}%` }} />
              </div>
            </li>
          );
        })}
      </ul>
      {s.dropped?.length ? (
        <p class="muted note">
          {t('limitsDropped')}: {s.dropped.join('; ')}
        </p>
      ) : null}
    </div>
  );
}
