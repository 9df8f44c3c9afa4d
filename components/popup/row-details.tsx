// An expanded row: every fact the account's reading holds, its cycle, the
// trend with its scale and period, the last error in words, and what can be
// done about it from here. Part of the chunk loaded after the first paint.
import { useSignal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { maskKey } from '@/lib/model/account';
import { siteOf } from '@/lib/net/base-url';
import { setPinned, snooze } from '@/lib/background/account-actions';
import { describeError } from '@/lib/words/describe-row';
import type { Formatter } from '@/lib/words/format';
import type { Translate } from '@/lib/words/i18n';
import { sendMessage } from '@/lib/background/messages';
import { fixKeyPath, historyPath } from '@/lib/options-link';
import { providerInfo, providerLabel, signInPage, topUpPage } from '@/lib/providers/registry';
import { CycleDetails, Facts, LimitDetails } from './account-details';
import type { RowItem } from './row-item';
import { Trend } from './trend';

export function RowDetails({ item, now, t, f }: { item: RowItem; now: number; t: Translate; f: Formatter }) {
  const { assessment: a, state, history } = item;
  const s = state?.snapshot;
  const error = state?.error;
  const account = a.account;
  const topUp = topUpPage(account);
  // A signed-in site: "Sign in" when signed out, "Open claude.ai" when it wants a human in a tab once.
  const session = providerInfo(account.provider)?.session;
  const site = error?.kind === 'signed-out' ? signInPage(account) : error?.kind === 'bot-check' ? topUpPage(account, '/') : undefined;
  const failed = useSignal(false);
  const act = (run: () => Promise<unknown>) => () => {
    failed.value = false;
    run().catch(() => (failed.value = true));
  };
  // "Fix key" where the key or its access is what is wrong; a timeout or a server error is not the key's.
  const keyTrouble = !session && (a.health === 'rejected' || error?.kind === 'permission');
  return (
    <>
      <p class="muted">
        {providerLabel(account.provider, t)}
        {session ? ` · ${t('signedInVia', siteOf(account.baseUrl))}` : <> · <span class="mono">{maskKey(account.key)}</span></>}
      </p>
      {error && (
        <p class="problem">
          {t('lastErrorLabel')}: {describeError(error, t, f, now)}
          {s && <span class="muted"> · {t('lastGoodAge', f.relative(s.readAt, now))}</span>}
        </p>
      )}
      {s && a.limits.length > 0 && <LimitDetails id={account.id} a={a} s={s} now={now} t={t} f={f} />}
      {s && <Facts s={s} warnUnit={a.unitMismatch ? account.warnUnit : undefined} t={t} f={f} />}
      {s?.cycle && <CycleDetails id={account.id} cycle={s.cycle} unit={s.unit} low={a.cycleLow} now={now} t={t} f={f} />}
      {s && <Trend a={a} cycle={s.cycle} history={history} now={now} t={t} f={f} />}
      <div class="actions" role="group" aria-label={t('actionsLabel', account.name)}>
        <button type="button" aria-label={`${t('refreshOne')} ${account.name}`} onClick={act(() => sendMessage({ type: 'refresh', ids: [account.id] }))}>
          {t('refreshOne')}
        </button>
        <button
          type="button"
          aria-label={t('historyOf', account.name)}
          onClick={act(() => browser.tabs.create({ url: browser.runtime.getURL(historyPath(account.id)) }))}
        >
          {t('history')}
        </button>
        {site && (
          <button type="button" onClick={act(() => browser.tabs.create({ url: site }))}>
            {error?.kind === 'signed-out' ? t('actionSignIn') : t('actionOpenSite', error?.site ?? '')}
          </button>
        )}
        {topUp && !providerInfo(account.provider)?.limits && (
          <button type="button" onClick={act(() => browser.tabs.create({ url: topUp }))}>
            {t('actionTopUp')}
          </button>
        )}
        <button
          type="button"
          onClick={act(() => browser.tabs.create({ url: browser.runtime.getURL(fixKeyPath(account.id)) }))}
        >
          {t(keyTrouble ? 'actionFixKey' : 'edit')}
        </button>
        <button type="button" title={a.snoozed ? undefined : t('actionSnoozeHint')} onClick={act(() => snooze(account.id, a.snoozed ? null : Date.now()))}>
          {t(a.snoozed ? 'actionUnsnooze' : 'actionSnooze')}
        </button>
        <button type="button" onClick={act(() => setPinned(account.id, !account.pinned))}>
          {t(account.pinned ? 'actionUnpin' : 'actionPin')}
        </button>
      </div>
      {failed.value && (
        <p class="problem" role="alert">
          {t('actionFailed')}
        </p>
      )}
    </>
  );
}
