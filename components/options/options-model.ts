// The options page's reads and writes. Accounts are written here (the user's
// own data); everything learned about them is the background's to change,
// except that removing an account erases its records at once.
import { computed } from '@preact/signals';
import { accountFlags, type Account } from '@/lib/model/account';
import type { BalanceSnapshot } from '@/lib/model/balance';
import type { Result } from '@/lib/model/errors';
import { fingerprint } from '@/lib/store/fingerprint';
import type { AccountState } from '@/lib/store/types';
import { describeAccountLine } from '@/lib/words/describe';
import type { Formatter } from '@/lib/words/format';
import { t } from '@/lib/words/i18n';
import { assess } from '@/lib/judge/assess';
import { sendMessage } from '@/lib/background/messages';
import { releaseUnusedOrigin } from '@/lib/background/permissions';
import { readRecord, removeRecords } from '@/lib/store/account-record';
import type { Settings } from '@/lib/store/storage';
import { updateAccounts, updateSettings } from '@/lib/store/writes';
import { createStoreBridge } from '../shared/stored';

export function createOptionsModel(f: Formatter, now: () => number = Date.now) {
  const store = createStoreBridge();

  const items = computed(() => {
    const interval = store.settings.value.intervalMinutes;
    const list = store.accounts.value.map((account) => {
      const state = store.states.value[account.id];
      return { assessment: assess(account, state, now(), interval), state };
    });
    // Paused accounts go to the end, dimmed (the sort is stable).
    return list.sort((a, b) => Number(!!a.assessment.account.paused) - Number(!!b.assessment.account.paused));
  });

  return {
    ready: store.ready,
    items,
    settings: store.settings,
    /**
     * Saves the account and has the background read it, without waiting for that read: the row
     * follows storage. The words say how the check before saving went, or "still checking".
     */
    async saveAccount(account: Account, checked?: Result<BalanceSnapshot>): Promise<string> {
      // Pause, pin and snooze are set elsewhere (the popup, a notification) and may have changed
      // while the form was open: the stored ones win.
      const { paused: _p, pinned: _n, snoozedUntil: _s, ...fields } = account;
      await updateAccounts((list) =>
        list.some((a) => a.id === account.id)
          ? list.map((a) => (a.id === account.id ? { ...fields, ...accountFlags(a) } : a))
          : [...list, account],
      );
      // Saved either way; if the background can't be reached the next alarm reads it.
      const fp = fingerprint(account);
      // A good check is the first reading: stored as it is, the provider is not asked twice.
      const handOver = checked?.ok ? { checked: { for: fp, snapshot: checked.value } } : {};
      void sendMessage({ type: 'account-saved', id: account.id, ...handOver }).catch(() => undefined);
      const state: AccountState | undefined = checked
        ? checked.ok
          ? { for: fp, snapshot: checked.value, failures: 0, alerts: {} }
          : { for: fp, error: { ...checked.error, at: now() }, failures: 1, alerts: {} }
        : (await readRecord(account.id)).state;
      if (!state) return t('savedStillChecking', account.name);
      const line = describeAccountLine(assess(account, state, now(), store.settings.value.intervalMinutes), state.error, t, f).slice(
        account.name.length + 2,
      );
      if (state.error && !state.snapshot) return t('accountSavedError', [account.name, line]);
      // A signed-in site says whose plan it found: "Max 5x · jane@example.com's Organization".
      const who = [state.snapshot?.plan, state.snapshot?.org].filter(Boolean).join(' · ');
      return who ? t('accountSavedSignedIn', [account.name, who, line]) : t('accountSaved', [account.name, line]);
    },
    /** Adds accounts (an import, pasted keys) in one write and has each read. Existing ones are never touched. */
    async addAccounts(added: Account[]): Promise<void> {
      const ids = new Set(added.map((a) => a.id));
      await updateAccounts((list) => [...list.filter((a) => !ids.has(a.id)), ...added]);
      if (added.length) await sendMessage({ type: 'refresh', ids: [...ids] }).catch(() => undefined);
    },
    /** Everything the export needs: the accounts with their keys and the settings, as stored. */
    exportable: () => ({ accounts: store.accounts.value, settings: store.settings.value }),
    /**
     * Pause keeps the key and everything learned but stops reading it; Resume
     * reads it at once. The background hears of both (badge, notifications).
     */
    async setPaused(account: Account, paused: boolean): Promise<void> {
      await updateAccounts((list) =>
        list.map((a) => {
          if (a.id !== account.id) return a;
          const { paused: _, ...rest } = a;
          return paused ? { ...rest, paused: true as const } : rest;
        }),
      );
      await sendMessage({ type: 'account-saved', id: account.id }).catch(() => undefined);
    },
    /** Erases the key and every stored value of the account, then tells the background (notifications). */
    async removeAccount(account: Account): Promise<void> {
      const remaining = await updateAccounts((list) => list.filter((a) => a.id !== account.id));
      await removeRecords([account.id]);
      await sendMessage({ type: 'account-removed', id: account.id }).catch(() => undefined);
      await releaseUnusedOrigin(account.baseUrl, remaining.map((a) => a.baseUrl));
    },
    /** Only the fields that changed are written, over what is stored now. */
    async saveSettings(patch: Partial<Settings>): Promise<void> {
      await updateSettings(patch);
      await sendMessage({ type: 'settings-saved' });
    },
  };
}

export type OptionsModel = ReturnType<typeof createOptionsModel>;
