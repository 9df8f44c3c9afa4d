// What a popup row is drawn from: the one assessment of the account, and what
// is stored about it. Its own module, so the row and its lazily loaded details
// both name it without importing each other.
import type { Assessment } from '@/lib/judge/assess';
import type { History } from '@/lib/store/types';
import type { AccountState } from '@/lib/store/storage';

export interface RowItem {
  assessment: Assessment;
  state?: AccountState | undefined;
  history?: History | undefined;
}
