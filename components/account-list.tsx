import { useSignal } from '@preact/signals';
import { maskKey, type Account } from '@/lib/account';
import type { Assessment } from '@/lib/judge/assess';
import { describeAccountLine } from '@/lib/describe';
import { providerLabel } from '@/lib/providers/registry';
import type { Formatter } from '@/lib/format';
import { t } from '@/lib/i18n';
import type { AccountState } from '@/lib/store/storage';

interface Props {
  items: Array<{ assessment: Assessment; state?: AccountState }>;
  f: Formatter;
  onEdit: (account: Account) => void;
  onRemove: (account: Account) => Promise<void>;
  onPause: (account: Account, paused: boolean) => Promise<void>;
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
            <h3>{a.name}</h3>
            <dl>
              <dt>{t('labelProvider')}</dt>
              <dd>{providerLabel(a.provider, t)}</dd>
              <dt>{t('labelKey')}</dt>
              <dd class="mono">{maskKey(a.key)}</dd>
              <dt>{t('labelBaseUrl')}</dt>
              <dd class="mono">{a.baseUrl}</dd>
              <dt>{t('statusLabel')}</dt>
              <dd class={`h-${assessment.health}`}>{status}</dd>
            </dl>
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
