import { useSignal } from '@preact/signals';
import type { Account } from '@/lib/model/account';
import { badgeFollowsChoice, FOLLOW_WORST } from '@/lib/judge/badge-follows';
import { t, type MessageKey } from '@/lib/words/i18n';
import { clampInterval } from '@/lib/store/schema';
import type { Settings } from '@/lib/store/storage';
import type { PopupOrder } from '@/lib/store/types';

/** The popup's orders, as the settings page offers them. */
const POPUP_ORDERS: ReadonlyArray<[PopupOrder, MessageKey]> = [
  ['worst', 'orderWorst'],
  ['mine', 'orderMine'],
];

interface Props {
  settings: Settings;
  /** Every saved account: the badge can follow one of them. */
  accounts: readonly Account[];
  save: (patch: Partial<Settings>) => Promise<void>;
}

export function GeneralSettings({ settings, accounts, save }: Props) {
  const interval = useSignal(String(settings.intervalMinutes));
  const invalid = useSignal(false);
  const saved = useSignal('');
  const commit = async (next: Partial<Settings>) => {
    try {
      await save(next);
      saved.value = t('settingsSaved');
    } catch {
      saved.value = t('actionFailed');
    }
  };
  const onInterval = () => {
    const n = Number(interval.value);
    invalid.value = !Number.isInteger(n) || n < 1 || n > 60;
    if (!invalid.value) void commit({ intervalMinutes: clampInterval(n) });
  };
  return (
    <section class="general" aria-labelledby="general-title">
      <h2 id="general-title">{t('generalHeading')}</h2>
      <div class="row">
        <label for="s-interval">{t('labelInterval')}</label>
        <input
          id="s-interval"
          type="number"
          min={1}
          max={60}
          step={1}
          value={interval.value}
          aria-invalid={invalid.value || undefined}
          aria-describedby={invalid.value ? 'e-interval' : undefined}
          onInput={(e) => (interval.value = e.currentTarget.value)}
          onChange={onInterval}
        />
        {invalid.value && (
          <p id="e-interval" class="field-error" role="alert">
            {t('intervalInvalid')}
          </p>
        )}
      </div>
      <label class="check">
        <input
          type="checkbox"
          checked={settings.notifications}
          onChange={(e) => void commit({ notifications: e.currentTarget.checked })}
        />
        {t('labelNotifications')}
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={settings.badgeShowsLowest}
          onChange={(e) => void commit({ badgeShowsLowest: e.currentTarget.checked })}
        />
        {t('labelBadgeLowest')}
      </label>
      <div class="row">
        <label for="s-badge-follows">{t('labelBadgeFollows')}</label>
        <select
          id="s-badge-follows"
          value={badgeFollowsChoice(settings.badgeFollows, accounts)}
          onChange={(e) => void commit({ badgeFollows: e.currentTarget.value })}
        >
          <option value={FOLLOW_WORST}>{t('badgeFollowsWorst')}</option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </div>
      <div class="row">
        <label for="s-popup-order">{t('labelPopupOrder')}</label>
        <select
          id="s-popup-order"
          value={settings.popupOrder}
          onChange={(e) => {
            const order = POPUP_ORDERS.find(([value]) => value === e.currentTarget.value)?.[0];
            if (order) void commit({ popupOrder: order });
          }}
        >
          {POPUP_ORDERS.map(([value, label]) => (
            <option key={value} value={value}>
              {t(label)}
            </option>
          ))}
        </select>
      </div>
      <p class="muted" role="status" aria-live="polite">
        {saved.value}
      </p>
    </section>
  );
}
