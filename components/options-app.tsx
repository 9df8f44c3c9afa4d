import { useSignal } from '@preact/signals';
import type { Account } from '@/lib/account';
import { t } from '@/lib/i18n';
import type { Formatter } from '@/lib/format';
import { AccountEditor } from './account-editor';
import { AccountList } from './account-list';
import { GeneralSettings } from './general-settings';
import { Welcome } from './welcome';
import type { OptionsModel } from './options-model';

export function OptionsApp({ model, f }: { model: OptionsModel; f: Formatter }) {
  const editing = useSignal<Account | undefined>(undefined);
  // Opened by the install (see lib/background/service.ts): the first-run card until dismissed.
  const welcome = useSignal(new URLSearchParams(location.search).has('welcome'));
  return (
    <main class="options">
      <h1>{t('optionsTitle')}</h1>
      {welcome.value && (
        <Welcome
          onDone={() => {
            welcome.value = false;
            history.replaceState(null, '', location.pathname);
            document.getElementById('f-provider')?.focus();
          }}
        />
      )}
      <AccountEditor
        editing={editing.value}
        save={(account) => model.saveAccount(account)}
        onDone={() => (editing.value = undefined)}
        f={f}
      />
      <section aria-labelledby="accounts-title">
        <h2 id="accounts-title">{t('accountsHeading')}</h2>
        <AccountList
          items={model.items.value}
          f={f}
          onEdit={(account) => {
            editing.value = account;
            document.getElementById('editor-title')?.scrollIntoView();
            document.getElementById('f-name')?.focus();
          }}
          onPause={(account, paused) => model.setPaused(account, paused)}
          onRemove={async (account) => {
            // An open editor must not save a removed account back.
            if (editing.value?.id === account.id) editing.value = undefined;
            await model.removeAccount(account);
          }}
        />
      </section>
      <GeneralSettings settings={model.settings.value} save={(next) => model.saveSettings(next)} />
    </main>
  );
}
