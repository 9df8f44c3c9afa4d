// The links into the settings page that other views open, built and read in
// one place: the settings page must not import the popup to learn the name.
import type { Account } from './model/account';

/** `options.html?fix=<account id>`: the popup's "Fix key" (issue 11) opens that account's form on its key. */
export const FIX_KEY_QUERY = 'fix';

export const fixKeyPath = (accountId: string) => `/options.html?${new URLSearchParams({ [FIX_KEY_QUERY]: accountId })}` as const;

/** The account a "Fix key" link names; none when there is no such link or the account is gone since. */
export function accountToFix(search: string, accounts: readonly Account[]): Account | undefined {
  const id = new URLSearchParams(search).get(FIX_KEY_QUERY);
  return id === null ? undefined : accounts.find((a) => a.id === id);
}

/** The query with the "Fix key" link taken out, so a reload doesn't reopen the form; anything else stays. */
export function withoutFixKey(search: string): string {
  const rest = new URLSearchParams(search);
  if (!rest.has(FIX_KEY_QUERY)) return search;
  rest.delete(FIX_KEY_QUERY);
  const query = rest.toString();
  return query ? `?${query}` : '';
}

/** `balance-history.html?account=<id>`: an open row's "History" shows that account alone (issue 21). */
export const HISTORY_ACCOUNT_QUERY = 'account';

export const historyPath = (accountId: string) => `/balance-history.html?${new URLSearchParams({ [HISTORY_ACCOUNT_QUERY]: accountId })}` as const;
