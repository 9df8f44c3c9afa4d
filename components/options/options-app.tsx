import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { Account } from '@/lib/model/account';
import type { Formatter } from '@/lib/words/format';
import { t } from '@/lib/words/i18n';
import { accountToFix, withoutFixKey } from '@/lib/options-link';
import { AccountEditor } from './account-editor';
import { AccountList } from './account-list';
import { GeneralSettings } from './general-settings';
import { TransferSettings } from './transfer-settings';
import type { OptionsModel } from './options-model';
import { Welcome } from './welcome';

/** Past this many accounts the list gets a filter box. */
export const FILTER_FROM = 11;

export function OptionsApp({ model, f }: { model: OptionsModel; f: Formatter }) {
  /** The open editor: undefined when closed, null to add, an account to edit. */
  const editing = useSignal<Account | null | undefined>(undefined);
  const filter = useSignal('');
  const saved = useSignal('');
  // Opened by the install (see lib/background/service.ts): the first-run card until dismissed.
  const welcome = useSignal(new URLSearchParams(location.search).has('welcome'));
  const dialog = useRef<HTMLDialogElement>(null);
  /** What had focus when the editor opened: it gets it back when the editor closes. */
  const opener = useRef<HTMLElement | null>(null);
  /** The field the editor opens on, when not its first one. */
  const firstField = useRef<string | undefined>(undefined);

  const open = (account: Account | null, field?: string) => {
    opener.current = document.activeElement as HTMLElement | null;
    firstField.current = field;
    editing.value = account;
  };
  const close = (outcome?: string) => {
    if (outcome) saved.value = outcome;
    editing.value = undefined;
    dialog.current?.close();
    opener.current?.focus();
  };
  useEffect(() => {
    const d = dialog.current;
    if (editing.value !== undefined && d && !d.open) {
      d.showModal();
      d.querySelector<HTMLElement>(firstField.current ?? (editing.value ? '#f-name' : '#f-provider'))?.focus();
    }
  }, [editing.value]);
  // The popup's "Fix key" (lib/options-link.ts): that account's form, on its key. The link is used
  // once: taken out of the address, so a reload shows just the list. An account removed since: just the list.
  useEffect(() => {
    const search = location.search;
    const rest = withoutFixKey(search);
    if (rest === search) return;
    history.replaceState(null, '', location.pathname + rest + location.hash);
    const account = accountToFix(search, model.items.value.map((i) => i.assessment.account));
    if (account) open(account, '#f-key');
  }, []);

  const items = model.items.value;
  const query = filter.value.trim().toLowerCase();
  const shown = query
    ? items.filter(({ assessment: { account: a } }) => `${a.name} ${a.provider} ${a.baseUrl}`.toLowerCase().includes(query))
    : items;
  return (
    <main class="options">
      <h1>{t('optionsTitle')}</h1>
      <nav class="sections" aria-label={t('sectionsNav')}>
        <a href="#accounts-title">{t('accountsHeading')}</a>
        <a href="#general-title">{t('generalHeading')}</a>
        <a href="#transfer-title">{t('transferHeading')}</a>
        <a href="/balance-history.html">{t('history')}</a>
      </nav>
      {welcome.value && (
        <Welcome
          onDone={() => {
            welcome.value = false;
            history.replaceState(null, '', location.pathname);
            document.getElementById('add-account')?.focus();
          }}
        />
      )}
      <section aria-labelledby="accounts-title">
        <div class="section-head">
          <h2 id="accounts-title">{t('accountsHeading')}</h2>
          <button id="add-account" type="button" class="primary" onClick={() => open(null)}>
            {t('addAccount')}
          </button>
        </div>
        <p class="outcome saved" role="status" aria-live="polite">
          {saved.value}
        </p>
        {items.length >= FILTER_FROM && (
          <div class="row filter">
            <label for="filter">{t('filterLabel')}</label>
            <input id="filter" type="search" value={filter.value} onInput={(e) => (filter.value = e.currentTarget.value)} />
          </div>
        )}
        <AccountList
          items={shown}
          f={f}
          onEdit={(account) => open(account)}
          onPause={(account, paused) => model.setPaused(account, paused)}
          onRemove={async (account) => {
            // An open editor must not save a removed account back.
            if (editing.value?.id === account.id) close();
            await model.removeAccount(account);
          }}
        />
      </section>
      <GeneralSettings
        settings={model.settings.value}
        accounts={items.map((i) => i.assessment.account)}
        save={(next) => model.saveSettings(next)}
      />
      <TransferSettings
        f={f}
        accounts={items.map((i) => i.assessment.account)}
        exportable={model.exportable}
        addAccounts={(added) => model.addAccounts(added)}
      />
      {/* Escape cancels: the dialog's own "cancel" event. */}
      <dialog ref={dialog} class="editor-dialog" aria-labelledby="editor-title" onCancel={(e) => (e.preventDefault(), close())}>
        {editing.value !== undefined && (
          <AccountEditor
            editing={editing.value ?? undefined}
            accounts={items.map((i) => i.assessment.account)}
            save={(account, checked) => model.saveAccount(account, checked)}
            onDone={close}
            f={f}
          />
        )}
      </dialog>
    </main>
  );
}
