// Which account the badge follows (Settings.badgeFollows), as the settings page offers it.
import type { Account } from '../model/account';

/** The stored value for the default: the account that needs the user most. */
export const FOLLOW_WORST = '';

/**
 * The choice the settings page shows for the stored value. An account removed since shows the
 * default, because that is what the badge falls back to (lib/background/badge.ts).
 */
export function badgeFollowsChoice(follows: string, accounts: readonly Pick<Account, 'id'>[]): string {
  return accounts.some((a) => a.id === follows) ? follows : FOLLOW_WORST;
}
