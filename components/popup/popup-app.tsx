import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { browser } from '@/lib/browser-api';
import { createFormatter } from '@/lib/words/format';
import { t, uiLocale } from '@/lib/words/i18n';
import { NEEDS_ATTENTION } from '@/lib/judge/assess';
import { AccountRow } from './account-row';
import type { RowItem } from './row-item';
import type { PopupModel } from './popup-model';
import type { PopupView } from './popup-view';

/** What the app reads of its model: the live one, or the still one the background renders a first screen from. */
export type PopupAppModel = PopupView & Pick<PopupModel, 'loaded' | 'failed' | 'clock' | 'refreshing' | 'refresh' | 'loadTrend' | 'refreshIfStale'>;
type Formatter = ReturnType<typeof createFormatter>;

/** The header's status line; when it is "Updated 5 min ago", `readAt` and what follows the age are given too. */
export function statusLine(model: PopupAppModel, f: Formatter): [text: string, readAt?: number, suffix?: string] {
  const reading = model.reading.value;
  if (reading.size) return [f.plural('stillReading', reading.size)];
  if (model.refreshing.value) return [t('refreshing')];
  if (model.failed.value) return [t('actionFailed')];
  const last = model.lastReadAt.value;
  const failedCount = model.failedCount.value;
  const suffix = failedCount ? ` · ${f.plural('failedCount', failedCount)}` : '';
  return last === undefined ? [t('neverUpdated') + suffix] : [t('updatedAgo', f.relative(last, model.clock.value)) + suffix, last, suffix];
}

/** With more accounts than this, the healthy ones fold behind an "N OK" button. */
export const FOLD_AFTER = 6;

/**
 * `firstScreen`: at most this many rows, for the screen rendered ahead of time (popup-screen.tsx): what a
 * 600 px popup shows at once, so the first paint lays out no more than it must. The app itself shows all.
 */
export function PopupApp({ model, firstScreen }: { model: PopupAppModel; firstScreen?: number }) {
  const f = useMemo(() => createFormatter(uiLocale(), t), []);
  /** The one expanded row. */
  const open = useSignal<string | null>(null);
  const showOk = useSignal(false);
  // Painted from stored state first; only then ask for fresh data.
  useEffect(() => {
    void model.refreshIfStale();
    void model.loadTrend();
    // "r" refreshes, whatever has focus (the popup has no text fields), in any keyboard layout.
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || (e.key !== 'r' && e.key !== 'R' && e.code !== 'KeyR')) return;
      e.preventDefault();
      void model.refresh();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [model]);
  if (!model.loaded.value) return null;
  const items = model.assessments.value;
  const now = model.clock.value;
  const openOptions = (e: Event) => {
    e.preventDefault();
    void browser.runtime.openOptionsPage();
  };
  const openHistory = (e: Event) => {
    e.preventDefault();
    void browser.tabs.create({ url: browser.runtime.getURL('/balance-history.html') });
  };
  const reading = model.reading.value;
  const attention = items.filter((i) => NEEDS_ATTENTION.has(i.assessment.health)).length;
  const totals = model.totals.value;
  // Healthy and paused accounts fold away past FOLD_AFTER; a pinned one always shows.
  const foldable = (i: RowItem) => (i.assessment.health === 'ok' || i.assessment.health === 'paused') && !i.assessment.account.pinned;
  const fold = items.length > FOLD_AFTER;
  const all = fold ? items.filter((i) => !foldable(i)) : items;
  const shown = firstScreen !== undefined && all.length > firstScreen ? all.slice(0, firstScreen) : all;
  // A first screen cut short ends with its rows: the fold below them is off screen anyway.
  const folded = fold && shown === all ? items.filter(foldable) : [];
  const row = (item: RowItem) => {
    const id = item.assessment.account.id;
    return (
      <AccountRow
        key={id}
        item={item}
        reading={reading.has(id)}
        expanded={open.value === id}
        onToggle={() => (open.value = open.value === id ? null : id)}
        now={now}
        t={t}
        f={f}
      />
    );
  };
  return (
    <main class="popup">
      <header class="top">
        <div class="top-line">
          <h1>{!items.length ? t('extName') : attention ? f.plural('needAttention', attention) : t('allOk')}</h1>
          <nav>
            <a href="/balance-history.html" onClick={openHistory}>
              {t('history')}
            </a>
            <a href="/options.html" onClick={openOptions}>
              {t('settings')}
            </a>
          </nav>
        </div>
        {items.length > 0 && (
          <div class="top-line">
            <div>
              {/* Only what a refresh changes is announced; the ticking age and the totals are not. */}
              {/* The early script words this line again for the moment a pre-rendered screen is shown. */}
              <p id="status" class="muted" aria-live="polite">
                {statusLine(model, f)[0]}
              </p>
              {totals.length > 0 && <p class="muted">{t('totalLabel', totals.map(([unit, sum]) => f.amount(sum, unit)).join(' · '))}</p>}
            </div>
            {/* aria-disabled, not disabled: a disabled button would drop the keyboard focus on it. */}
            <button
              type="button"
              class="primary"
              title={t('refreshShortcut')}
              aria-keyshortcuts="r"
              onClick={() => void (model.refreshing.value || model.refresh())}
              aria-disabled={model.refreshing.value}
            >
              {t('refresh')}
            </button>
          </div>
        )}
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
          <ul class="rows">{shown.map(row)}</ul>
          {folded.length > 0 && (
            <>
              <button type="button" class="fold" aria-expanded={showOk.value} aria-controls="folded" onClick={() => (showOk.value = !showOk.value)}>
                {foldWords(folded, f)}
              </button>
              <ul id="folded" class="rows" hidden={!showOk.value}>
                {showOk.value && folded.map(row)}
              </ul>
            </>
          )}
        </>
      )}
    </main>
  );
}

/** "17 OK", "17 OK · 2 paused", "2 paused": only the parts there are. */
function foldWords(folded: readonly RowItem[], f: ReturnType<typeof createFormatter>): string {
  const ok = folded.filter((i) => i.assessment.health === 'ok').length;
  const paused = folded.length - ok;
  return [ok ? f.plural('foldOk', ok) : '', paused ? f.plural('pausedCount', paused) : ''].filter(Boolean).join(' · ');
}
