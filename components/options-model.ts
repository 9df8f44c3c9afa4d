// The options page's reads and writes. Accounts are written here (the user's
// own data); everything learned about them is the background's to change.
import { computed } from '@preact/signals';
import type { Account } from '@/lib/account';
import { assess } from '@/lib/judge/assess';
import { describeAccountLine } from '@/lib/describe';
import type { Formatter } from '@/lib/format';
import { t } from '@/lib/i18n';
import { sendMessage } from '@/lib/messages';
import { releaseUnusedOrigin } from '@/lib/permissions';
import { accountsItem, readItems, settingsItem, statesItem, withDefaults, type Settings } from '@/lib/store/storage';
import { storedSignal } from './stored';

export function createOptionsModel(f: Formatter, now: () => number = Date.now) {
  const accounts = storedSignal(accountsItem);
  const states = storedSignal(statesItem);
  const settings = storedSignal(settingsItem);
  const ready = readItems(accountsItem, statesItem, settingsItem).then(([a, st, se]) => {
    accounts.value.value = a;
    states.value.value = st;
    settings.value.value = se;
  });

  const items = computed(() =>
    accounts.value.value.map((account) => {
      const state = states.value.value[account.id];
      const interval = withDefaults(settings.value.value).intervalMinutes;
      return { assessment: assess(account, state, now(), interval), state };
    }),
  );

  return {
    ready,
    items,
    settings: computed(() => withDefaults(settings.value.value)),
    /** Saves the account, has the background read it at once, and says how that went. */
    async saveAccount(account: Account, keyChanged: boolean): Promise<string> {
      const list = await accountsItem.getValue();
      const at = list.findIndex((a) => a.id === account.id);
      await accountsItem.setValue(at >= 0 ? list.map((a) => (a.id === account.id ? account : a)) : [...list, account]);
      // Saved either way; if the background can't be reached the next alarm reads it.
      await sendMessage({ type: 'account-saved', id: account.id, keyChanged }).catch(() => undefined);
      const state = (await statesItem.getValue())[account.id];
      const interval = withDefaults(settings.value.value).intervalMinutes;
      const line = describeAccountLine(assess(account, state, now(), interval), state?.error, t, f).slice(account.name.length + 2);
      return state?.error && !state.snapshot ? t('accountSavedError', [account.name, line]) : t('accountSaved', [account.name, line]);
    },
    /** Erases the key and, through the background, every stored value of the account. */
    async removeAccount(account: Account): Promise<void> {
      const remaining = (await accountsItem.getValue()).filter((a) => a.id !== account.id);
      await accountsItem.setValue(remaining);
      await sendMessage({ type: 'account-removed', id: account.id });
      await releaseUnusedOrigin(account.baseUrl, remaining.map((a) => a.baseUrl));
    },
    async saveSettings(next: Settings): Promise<void> {
      await settingsItem.setValue(next);
      await sendMessage({ type: 'settings-saved' });
    },
  };
}

export type OptionsModel = ReturnType<typeof createOptionsModel>;
