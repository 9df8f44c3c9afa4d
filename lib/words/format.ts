// Numbers, money, dates and relative times go through Intl in the UI locale.
import { isCurrency, type Unit } from '../model/balance';
import type { MessageKey, Translate } from './i18n';

/** Messages with plural forms: `<base>_one`, `_few`, `_many`, `_other` in every catalogue. */
export type PluralBase = MessageKey extends infer K ? (K extends `${infer B}_other` ? B : never) : never;

/** Count units the catalogues name, with their plural forms; any other label is shown as it is. */
const COUNT_WORDS: Record<string, PluralBase> = { credits: 'amountCredits', points: 'amountPoints', tokens: 'amountTokens' };
const UNIT_NAMES: Record<string, MessageKey> = { credits: 'unitCredits', points: 'unitPoints', tokens: 'unitTokens' };

export interface Formatter {
  /** Money in its currency ("$12.50", "¥110.00"), counts in words ("1 credit", "1,500 points"). */
  amount(value: number, unit: Unit): string;
  /** The unit on its own, for a field's label: "USD", "credits". */
  unitName(unit: Unit): string;
  percent(value: number): string;
  number(value: number): string;
  date(epochMs: number): string;
  time(epochMs: number): string;
  /** A moment to wait for: the time alone when it is today, with the date when it is not. */
  when(epochMs: number, now: number): string;
  /** "5 min ago", "in 3 days" */
  relative(epochMs: number, now: number): string;
  /** A span for forecasts: "3 days", "20 hours", "less than an hour" (plural rules from Intl). */
  duration(days: number): string;
  /** The same span in a row's few characters: "2d", "20h", "<1h" ("2 д", "20 ч" in Russian). */
  shortDuration(days: number): string;
  /** "3 accounts need attention": the count formatted, the words chosen by Intl.PluralRules. */
  plural(base: PluralBase, count: number): string;
  /** Percent of a limit used, rounded up: a window never looks emptier than it is ("92%"). */
  percentUsed(value: number): string;
  /** When a limit resets: "in 1 h 20 min" within a day, "Tue 9:00 AM" within a week, else "Oct 5". */
  resetWhen(epochMs: number, now: number): string;
  /** A span in words: "40 min", "1 h 20 min", or from a day on "2 days". */
  minutes(ms: number): string;
}

/** Builds an Intl formatter on first use: creating one is costly and the popup's first paint needs few. */
function lazy<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

export const relativeFormat = (locale: string) => new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });

/**
 * "this minute", "5 min. ago", "2 hr. ago", "yesterday". Its own function so the popup's early script words
 * a pre-rendered screen's age exactly as the app does, without the rest of the formatter.
 */
export function relativeWords(rel: Intl.RelativeTimeFormat, ms: number, now: number): string {
  const seconds = (ms - now) / 1000;
  const abs = Math.abs(seconds);
  if (abs < 60) return rel.format(0, 'minute');
  if (abs < 3600) return rel.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rel.format(Math.round(seconds / 3600), 'hour');
  return rel.format(Math.round(seconds / 86400), 'day');
}

export function createFormatter(locale: string, t: Translate): Formatter {
  const money = new Map<string, Intl.NumberFormat>();
  const moneyIn = (currency: string) => {
    let format = money.get(currency);
    if (!format) money.set(currency, (format = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' })));
    return format;
  };
  const int = lazy(() => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }));
  const num = lazy(() => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }));
  const pct = lazy(() => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }));
  const date = lazy(() => new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }));
  // The locale's own clock: "9:05 AM" in English, "9:05" in Russian, no forced leading zero.
  const time = lazy(() => new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }));
  const dateTime = lazy(() => new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }));
  const rel = lazy(() => relativeFormat(locale));
  const weekdayTime = lazy(() => new Intl.DateTimeFormat(locale, { weekday: 'short', hour: 'numeric', minute: '2-digit' }));
  const minutes = (ms: number): string => {
    // A day or more ahead is said in days ("1 day"): minutes would be false precision.
    if (ms >= 86_400_000) return dayUnit().format(wholeDays(ms / 86_400_000));
    const total = Math.max(1, Math.round(ms / 60_000));
    const h = Math.floor(total / 60);
    if (!h) return t('spanMinutes', int().format(total));
    return total % 60 ? t('spanHoursMinutes', [int().format(h), int().format(total % 60)]) : t('spanHours', int().format(h));
  };
  const unit = (u: 'day' | 'hour') =>
    lazy(() => new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'long', maximumFractionDigits: 0 }));
  const dayUnit = unit('day');
  const hourUnit = unit('hour');
  const narrow = (u: 'day' | 'hour') =>
    lazy(() => new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'narrow', maximumFractionDigits: 0 }));
  const dayNarrow = narrow('day');
  const hourNarrow = narrow('hour');
  const rules = lazy(() => new Intl.PluralRules(locale));
  const plural = (base: PluralBase, count: number) => {
    const key = `${base}_${rules().select(count)}` as MessageKey;
    const text = t(key, int().format(count));
    return text === key ? t(`${base}_other` as MessageKey, int().format(count)) : text;
  };
  return {
    plural,
    percentUsed: (value) => pct().format(Math.max(0, Math.ceil(value - 1e-9)) / 100),
    minutes,
    resetWhen: (ms, now) => {
      if (ms - now < 86_400_000) return t('inSpan', minutes(Math.max(0, ms - now)));
      return ms - now < 7 * 86_400_000 ? weekdayTime().format(ms) : date().format(ms);
    },
    amount: (value, unit) => {
      if (isCurrency(unit)) return moneyIn(unit).format(value);
      const words = COUNT_WORDS[unit];
      // Counts are rounded down: never more than is left.
      return words ? plural(words, Math.floor(value)) : `${num().format(value)} ${unit}`;
    },
    unitName: (unit) => (isCurrency(unit) ? unit : UNIT_NAMES[unit] ? t(UNIT_NAMES[unit]) : unit),
    // Rounded down, like the badge: "10% left" must not show while 9.6% is left.
    percent: (value) => pct().format(Math.floor(value) / 100),
    number: (value) => num().format(value),
    date: (ms) => date().format(ms),
    time: (ms) => time().format(ms),
    when: (ms, now) => (new Date(ms).toDateString() === new Date(now).toDateString() ? time() : dateTime()).format(ms),
    relative: (ms, now) => relativeWords(rel(), ms, now),
    // Whole units, rounded down like every other figure of what is left (badge, tooltip, rows agree).
    duration: (days) => {
      if (days >= 1) return dayUnit().format(wholeDays(days));
      const hours = Math.floor(days * 24 + 1e-9);
      return hours >= 1 ? hourUnit().format(hours) : t('lessThanHour');
    },
    shortDuration: (days) => {
      if (days >= 1) return dayNarrow().format(wholeDays(days));
      const hours = Math.floor(days * 24 + 1e-9);
      return hours >= 1 ? hourNarrow().format(hours) : `<${hourNarrow().format(1)}`;
    },
  };
}

/**
 * Badge text of at most 4 characters. Values are rounded down so the badge
 * never shows more than is left.
 */
export function shortAmount(value: number, unit: Unit): string {
  const floor1 = (n: number) => (Math.floor(n * 10) / 10).toFixed(1).replace(/\.0$/, '');
  const compact = (n: number): string => {
    if (n < 1000) return String(Math.floor(n));
    if (n < 10_000) return `${floor1(n / 1000)}k`;
    if (n < 1_000_000) return `${Math.floor(n / 1000)}k`;
    if (n < 10_000_000) return `${floor1(n / 1_000_000)}M`;
    if (n < 1_000_000_000) return `${Math.floor(n / 1_000_000)}M`;
    return '1B+';
  };
  const $ = currencySymbol(unit);
  if (value < 0) return overdrawnBadge(Math.ceil(-value), $);
  if (!$) return compact(value);
  if (value < 10) return `${$}${(Math.floor(value * 10) / 10).toFixed(1)}`;
  if (value < 1000) return `${$}${Math.floor(value)}`;
  if (value < 100_000) return `${$}${Math.floor(value / 1000)}k`;
  // Past $99k a fifth character would be cut off: tenths of a million or billion, then "$1B+".
  if (value < 1_000_000) return `${$}.${Math.floor(value / 100_000)}M`;
  if (value < 100_000_000) return `${$}${Math.floor(value / 1_000_000)}M`;
  if (value < 1_000_000_000) return `${$}.${Math.floor(value / 100_000_000)}B`;
  return `${$}1B+`;
}

/**
 * A currency's one-character sign for the badge ("$", "¥", "€"), or '' for
 * counts and for currencies whose sign is longer (the badge has 4 characters).
 */
export function currencySymbol(unit: Unit): string {
  if (!isCurrency(unit)) return '';
  try {
    const parts = new Intl.NumberFormat('en', { style: 'currency', currency: unit, currencyDisplay: 'narrowSymbol' }).formatToParts(1);
    const sign = parts.find((part) => part.type === 'currency')?.value ?? '';
    return sign.length === 1 ? sign : '';
  } catch {
    return '';
  }
}

/** Days left as a whole number, rounded down: the one rounding the badge, tooltip and popup share. */
export function wholeDays(days: number): number {
  return Math.floor(days + 1e-9);
}

/**
 * Overdrawn: the sign first, then the debt rounded up (it never looks smaller
 * than it is) in the shortest of whole units or tenths of the next, in 4 characters.
 */
function overdrawnBadge(owed: number, sign: string): string {
  if (sign && owed < 100) return `-${sign}${owed}`;
  const steps = [
    [1, ''],
    [1e3, 'k'],
    [1e6, 'M'],
    [1e9, 'B'],
  ] as const;
  for (let i = 0; i < steps.length; i++) {
    const [scale, suffix] = steps[i]!;
    const whole = Math.ceil(owed / scale);
    if (String(whole).length + suffix.length <= 3) return `-${whole}${suffix}`;
    const next = steps[i + 1];
    const tenths = next ? Math.ceil(owed / (next[0] / 10)) : Infinity;
    if (next && tenths <= 9) return `-.${tenths}${next[1]}`;
  }
  return '-1T+';
}

export function shortPercent(value: number): string {
  return `${Math.floor(value)}%`;
}
