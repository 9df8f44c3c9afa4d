// What the popup shows, derived from what is stored and a clock: one derivation
// read by the live popup (popup-model.ts) and by the first screen the background
// renders ahead of time (popup-screen.tsx), so both draw the same rows.
import { computed, type ReadonlySignal } from '@preact/signals';
import { assess, popupOrder, totalsByUnit } from '@/lib/judge/assess';
import type { Account } from '@/lib/model/account';
import type { AccountState, Activity, Settings } from '@/lib/store/storage';
import type { History } from '@/lib/store/types';
import type { RowItem } from './row-item';

/** A read marked as started longer ago than this was cut off (the worker stopped): not shown as running. */
const READ_GIVE_UP_MS = 30_000;

export interface StoredSignals {
  accounts: ReadonlySignal<Account[]>;
  settings: ReadonlySignal<Settings>;
  activity: ReadonlySignal<Activity>;
  states: ReadonlySignal<Record<string, AccountState>>;
}

export function derivePopupView(store: StoredSignals, clock: ReadonlySignal<number>, histories: ReadonlySignal<Record<string, History | undefined>>) {
  const assessments = computed((): RowItem[] => {
    const interval = store.settings.value.intervalMinutes;
    const items = store.accounts.value.map((account) => {
      const state = store.states.value[account.id];
      return {
        assessment: assess(account, state, clock.value, interval),
        state,
        history: histories.value[account.id],
      };
    });
    return popupOrder(items, store.settings.value.popupOrder);
  });

  return {
    assessments,
    /** Accounts a refresh is reading now, whose result has not landed yet. */
    reading: computed(() => {
      const { reading: started } = store.activity.value;
      const ids = new Set<string>();
      for (const [id, since] of Object.entries(started)) {
        const last = store.states.value[id]?.lastAttemptAt ?? -Infinity;
        if (since > last && clock.value - since < READ_GIVE_UP_MS) ids.add(id);
      }
      return ids;
    }),
    /** When a balance was last actually read: a cycle that read nothing does not count. */
    lastReadAt: computed(() => {
      const times = Object.values(store.states.value).flatMap((s) => (s.snapshot ? [s.snapshot.readAt] : []));
      return times.length ? Math.max(...times) : undefined;
    }),
    /** Watched accounts whose latest read failed: "Updated 2 min ago · 3 failed". */
    failedCount: computed(() => assessments.value.filter(({ assessment: a, state }) => a.health !== 'paused' && state?.error).length),
    totals: computed(() => totalsByUnit(assessments.value.map((i) => i.assessment))),
  };
}

export type PopupView = ReturnType<typeof derivePopupView>;
