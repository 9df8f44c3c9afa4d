import { useSignal } from '@preact/signals';
import { DEFAULT_LIMIT_WARN_PERCENT, maskKey, type Account } from '@/lib/model/account';
import type { Assessment } from '@/lib/judge/assess';
import { describeAccountLine } from '@/lib/words/describe';
import { providerInfo, providerLabel } from '@/lib/providers/registry';
import type { Formatter } from '@/lib/words/format';
import { t } from '@/lib/words/i18n';
import type { AccountState } from '@/lib/store/storage';

interface Props {
  items: Array<{ assessment: Assessment; state?: AccountState }>;
  f: Formatter;
  onEdit: (account: Account) => void;
  onRemove: (account: Account) => Promise<void>;
  onPause: (account: Account, paused: boolean) => Promise<void>;
}

/** "Warn below $5 · 10% of the quota · 3 days", in the account's own unit; "Warn at 90% of a limit" for a signed-in site. */
function thresholds(a: Account, readingUnit: string, f: Formatter): string {
  if (providerInfo(a.provider)?.limits) return t('limitWarnShort', f.percent(a.limitWarnPercent ?? DEFAULT_LIMIT_WARN_PERCENT));
  const unit = a.warnUnit ?? readingUnit;
  const parts = [t('warnBelowShort', unit ? f.amount(a.warnBelow, unit) : f.number(a.warnBelow))];
  if (a.warnDaysLeft !== undefined) parts.push(t('warnDaysShort', f.duration(a.warnDaysLeft)));
  return parts.join(' · ');
}

export function AccountList({ items, f, onEdit, onRemove, onPause }: Props) {
  const confirming = useSignal<string | null>(null);
  if (!items.length) return <p class="muted">{t('noAccounts')}</p>;
  return (
    <ul class="accounts">
      {items.map(({ assessment, state }) => {
        const a = assessment.account;
        // The status line starts with the name; the name is already the heading here.
        const status = describeAccountLine(assessment, state?.error, t, f).slice(a.name.length + 2);
        return (
          <li key={a.id} class={`account health-${assessment.health}`}>
            <div class="account-main">
              <h3>{a.name}</h3>
              <span class="muted">{providerLabel(a.provider, t)}</span>
              <span class={`status h-${assessment.health}`}>{status}</span>
            </div>
            <p class="muted account-sub">
              {providerInfo(a.provider)?.session ? t('signedInLogin') : <span class="mono">{maskKey(a.key)}</span>} · <span class="mono">{a.baseUrl}</span> ·{' '}
              {thresholds(a, assessment.unit, f)}
            </p>
            {confirming.value === a.id ? (
              <div class="confirm" role="group" aria-label={t('removeConfirm', a.name)}>
                <p>{t('removeConfirm', a.name)}</p>
                <button
                  type="button"
                  class="danger"
                  onClick={() => void onRemove(a).finally(() => (confirming.value = null)).catch(() => undefined)}
                >
                  {t('remove')}
                </button>
                <button type="button" onClick={() => (confirming.value = null)}>
                  {t('cancel')}
                </button>
              </div>
            ) : (
              <div class="actions">
                <button type="button" onClick={() => onEdit(a)} aria-label={`${t('edit')} ${a.name}`}>
                  {t('edit')}
                </button>
                <button
                  type="button"
                  onClick={() => void onPause(a, !a.paused).catch(() => undefined)}
                  aria-label={t(a.paused ? 'resumeLabel' : 'pauseLabel', a.name)}
                >
                  {t(a.paused ? 'resumeAccount' : 'pauseAccount')}
                </button>
                <button type="button" onClick={() => (confirming.value = a.id)} aria-label={`${t('remove')} ${a.name}`}>
                  {t('remove')}
                </button>
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
