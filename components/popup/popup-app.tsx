import { useEffect, useMemo } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { createFormatter } from '@/lib/format';
import { t, uiLocale } from '@/lib/i18n';
import { AccountCard } from './account-card';
import type { PopupModel } from './popup-model';

export function PopupApp({ model }: { model: PopupModel }) {
  const f = useMemo(() => createFormatter(uiLocale(), t), []);
  // Painted from stored state first; only then ask for fresh data.
  useEffect(() => {
    void model.refreshIfStale();
    void model.loadTrend();
  }, [model]);
  if (!model.loaded.value) return null;
  const items = model.assessments.value;
  const now = model.clock.value;
  const openOptions = (e: Event) => {
    e.preventDefault();
    void browser.runtime.openOptionsPage();
  };
  const last = model.lastReadAt.value;
  const reading = model.reading.value;
  return (
    <main class="popup">
      <header class="bar-top">
        <h1>{t('extName')}</h1>
        <a href="/options.html" onClick={openOptions}>
          {t('settings')}
        </a>
      </header>
      {items.length === 0 ? (
        <section class="empty">
          <h2>{t('emptyTitle')}</h2>
          <p class="muted">{t('emptyBody')}</p>
          <button type="button" class="primary" onClick={openOptions}>
            {t('addFirstAccount')}
          </button>
        </section>
      ) : (
        <>
          {items.map(({ assessment, state, history }) => (
            <AccountCard
              key={assessment.account.id}
              assessment={assessment}
              reading={reading.has(assessment.account.id)}
              state={state}
              history={history}
              now={now}
              t={t}
              f={f}
            />
          ))}
          <footer class="bar-bottom">
            <span class="muted" aria-live="polite">
              {reading.size
                ? f.plural('stillReading', reading.size)
                : model.refreshing.value
                  ? t('refreshing')
                : model.failed.value
                  ? t('actionFailed')
                  : last
                    ? t('updatedAgo', f.relative(last, now))
                    : t('neverUpdated')}
            </span>
            <button type="button" class="primary" onClick={() => void model.refresh()} disabled={model.refreshing.value}>
              {t('refresh')}
            </button>
          </footer>
        </>
      )}
    </main>
  );
}
