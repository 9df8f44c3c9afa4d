// Render-only: turns assessments into the toolbar badge and its tooltip.
import type { browser } from 'wxt/browser';
import type { Assessment } from '../judge/assess';
import { thresholdRatio, worstFirst } from '../judge/assess';
import { shortAmount, shortPercent, wholeDays } from '../words/format';

export interface BadgeView {
  text: string;
  /** Badge background. */
  color: string;
  textColor: string;
  title: string;
}

export const BADGE_COLORS = {
  low: '#c5221f', // red: below a threshold
  close: '#f9ab00', // amber: under twice a threshold
  rejected: '#7b1fa2', // purple: the key was rejected
  failing: '#5f6368', // grey: keeps failing
  stale: '#80868b',
  lowest: '#188038', // green: opt-in lowest balance while all is well
} as const;

/** The 4-character value of the measure that made the account low or close. */
export function badgeValue(a: Assessment): string {
  const balance = a.balance !== null ? shortAmount(a.balance, a.unit) : null;
  const cycle = a.cycleLeft !== null ? shortPercent(a.cycleLeft) : null;
  // A signed-in site's window that binds first: its percent used, rounded up ("92%").
  const binding = a.limits[0];
  const limit = binding ? `${Math.min(100, Math.ceil(binding.limit.usedPercent - 1e-9))}%` : null;
  if (a.limitLow && limit) return limit;
  if (a.balanceLow && balance) return balance;
  if (a.cycleLow && cycle) return cycle;
  if (a.balanceClose && balance) return balance;
  if (a.cycleClose && cycle) return cycle;
  if (a.limitClose && limit) return limit;
  // Only the forecast is short: the days left, in 4 characters at most.
  if ((a.daysLow || a.daysClose) && a.daysLeft !== null) return `${Math.min(999, wholeDays(a.daysLeft))}d`;
  // All is well: the measure the account leads with (a subscriber without fallback, its quota).
  if (a.lead === 'limit' && limit) return limit;
  return (a.lead === 'quota' ? (cycle ?? balance) : (balance ?? cycle)) ?? '∞';
}

export function renderBadge(
  all: readonly Assessment[],
  options: { showLowest: boolean; title: string; follows?: string },
): BadgeView {
  // Paused accounts never reach the badge; one the user chose to follow is all it looks at.
  const watched = all.filter((a) => a.health !== 'paused');
  const followed = options.follows ? watched.filter((a) => a.account.id === options.follows) : [];
  const assessments = followed.length ? followed : watched;
  const view = (text: string, color: string, textColor = '#ffffff'): BadgeView => ({
    text,
    color,
    textColor,
    title: options.title,
  });
  const worst = worstFirst(assessments)[0];
  if (!worst) return view('', BADGE_COLORS.lowest);
  switch (worst.health) {
    case 'rejected':
      // Its own glyph as well as its own colour: colour is never the only signal.
      return view('✕', BADGE_COLORS.rejected);
    case 'signed-out':
      return view('⊘', BADGE_COLORS.rejected);
    case 'low':
      return view(badgeValue(worst), BADGE_COLORS.low);
    case 'failing':
      return view('!', BADGE_COLORS.failing);
    case 'close':
      return view(badgeValue(worst), BADGE_COLORS.close, '#000000');
  }
  if (assessments.some((a) => a.stale)) return view('?', BADGE_COLORS.stale);
  if (options.showLowest) {
    // Units differ between accounts, so "lowest" means closest to its own threshold.
    const lowest = [...assessments].sort((a, b) => thresholdRatio(a) - thresholdRatio(b))[0] ?? worst;
    return view(worst.health === 'pending' ? '' : badgeValue(lowest), BADGE_COLORS.lowest);
  }
  return view('', BADGE_COLORS.lowest);
}

export async function applyBadge(action: typeof browser.action, badge: BadgeView): Promise<void> {
  await Promise.all([
    action.setBadgeText({ text: badge.text }),
    action.setBadgeBackgroundColor({ color: badge.color }),
    action.setTitle({ title: badge.title }),
    // Firefox < 63 and old Chromium lack a badge text colour; the default white is fine there.
    action.setBadgeTextColor?.({ color: badge.textColor }),
  ]);
}
