import { useSignal } from '@preact/signals';
import { t } from '@/lib/i18n';
import { clampInterval } from '@/lib/store/schema';
import type { Settings } from '@/lib/store/storage';

export function GeneralSettings({ settings, save }: { settings: Settings; save: (patch: Partial<Settings>) => Promise<void> }) {
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
      <p class="muted" role="status" aria-live="polite">
        {saved.value}
      </p>
    </section>
  );
}
