// The History page's remembered choice of range (issue 21). Apart from storage.ts
// so the popup's first load does not carry it.
import { isObject } from './shape';
import { defineItem } from './storage';

export const RANGE_IDS = ['24h', '7d', '30d', '90d', '1y'] as const;
export type RangeId = (typeof RANGE_IDS)[number];

export interface HistoryViewChoice {
  range: RangeId;
}

const isRange = (x: unknown): x is RangeId => RANGE_IDS.includes(x as RangeId);

export const historyViewItem = defineItem<HistoryViewChoice>('historyView', {
  fallback: { range: '7d' },
  version: 1,
  parse: (raw) => ({ range: isObject(raw) && isRange(raw.range) ? raw.range : '7d' }),
});
