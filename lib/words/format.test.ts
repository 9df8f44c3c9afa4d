import { describe, expect, it } from 'vitest';
import { createFormatter, shortAmount, shortPercent } from './format';

describe('shortAmount fits the badge (4 characters) and never rounds up', () => {
  it.each([
    [0, 'USD', '$0.0'],
    [0.46, 'USD', '$0.4'],
    [4.99, 'USD', '$4.9'],
    [12.5, 'USD', '$12'],
    [999.99, 'USD', '$999'],
    [1500, 'USD', '$1k'],
    [45_000, 'USD', '$45k'],
    [99_500, 'USD', '$99k'],
    [100_000, 'USD', '$.1M'],
    [999_999, 'USD', '$.9M'],
    [3_000_000, 'USD', '$3M'],
    [99_999_999, 'USD', '$99M'],
    [250_000_000, 'USD', '$.2B'],
    [1_000_000_000, 'USD', '$1B+'],
    [-3.2, 'USD', '-$4'],
    [-45, 'USD', '-$45'],
    [-5, 'credits', '-5'],
    [-1500, 'credits', '-2k'],
    [-450, 'USD', '-450'],
    [-2_000_000, 'USD', '-2M'],
    [-99_001, 'credits', '-.1M'],
    [-150_000, 'USD', '-.2M'],
    [-999_999, 'credits', '-1M'],
    [-1_500_000, 'credits', '-2M'],
    [-99_500_000, 'USD', '-.1B'],
    [-5e9, 'credits', '-5B'],
    [0, 'credits', '0'],
    [3, 'credits', '3'],
    [999, 'credits', '999'],
    [1299, 'credits', '1.2k'],
    [10_000, 'credits', '10k'],
    [999_999, 'credits', '999k'],
    [1_250_000, 'credits', '1.2M'],
    [25_000_000, 'credits', '25M'],
    [5e9, 'credits', '1B+'],
    // Per unit: a one-character sign where the currency has one, plain counts otherwise.
    [31.9, 'CNY', '¥31'],
    [4.99, 'EUR', '€4.9'],
    [-3.2, 'CNY', '-¥4'],
    [1500, 'points', '1.5k'],
    [12, 'CHF', '12'],
    [12, 'kWh', '12'],
  ] as const)('%s %s → %s', (value, unit, text) => {
    const out = shortAmount(value, unit);
    expect(out).toBe(text);
    expect(out.length).toBeLessThanOrEqual(4);
  });

  it.each([
    [9.7, '9%'],
    [0, '0%'],
    [10, '10%'],
  ])('percent %s → %s', (value, text) => expect(shortPercent(value)).toBe(text));
});

describe('createFormatter', () => {
  const t = (key: string, subs?: string | string[]) => `${key}:${[subs].flat().join(',')}`;
  const en = createFormatter('en-US', t as never);
  const ru = createFormatter('ru-RU', t as never);

  it.each([
    ['en USD', en.amount(12.5, 'USD'), '$12.50'],
    ['ru USD', ru.amount(12.5, 'USD'), '12,50\u00a0$'],
    ['en credits use the catalogue, rounded down', en.amount(1234.9, 'credits'), 'amountCredits_other:1,234'],
    ['en one credit is singular', en.amount(1, 'credits'), 'amountCredits_one:1'],
    ['ru credits take the few form', ru.amount(3, 'credits'), 'amountCredits_few:3'],
    ['en points', en.amount(1500, 'points'), 'amountPoints_other:1,500'],
    ['en yuan', en.amount(110, 'CNY'), '¥110.00'],
    ['ru yuan', ru.amount(110, 'CNY'), '110,00\u00a0¥'],
    ['en euro', en.amount(12.34, 'EUR'), '€12.34'],
    ['a custom label is shown as it is', en.amount(12.5, 'kWh'), '12.5 kWh'],
    ['a currency code names itself', en.unitName('CNY'), 'CNY'],
    ['a count names itself in words', en.unitName('points'), 'unitPoints:'],
    ['en percent', en.percent(42), '42%'],
    ['en minutes ago', en.relative(0, 5 * 60_000), '5 min. ago'],
    ['en just now', en.relative(0, 10_000), 'this minute'],
    ['en in days', en.relative(3 * 86_400_000, 0), 'in 3 days'],
    ['en duration in days, rounded down like the badge', en.duration(2.6), '2 days'],
    ['en duration of exactly 3 days is 3 days', en.duration(3), '3 days'],
    ['en duration in hours', en.duration(20 / 24), '20 hours'],
    ['en duration in hours rounds down', en.duration(20.9 / 24), '20 hours'],
    ['en duration under an hour', en.duration(0.01), 'lessThanHour:'],
    ['ru duration uses Russian plurals', ru.duration(3), '3 дня'],
    ['ru duration in hours', ru.duration(5 / 24), '5 часов'],
  ])('%s', (_case, actual, expected) => expect(actual).toBe(expected));
});

describe('when: a retry time says its date once it is not today', () => {
  const t = (key: string) => key;
  const en = createFormatter('en-US', t as never);
  const ru = createFormatter('ru-RU', t as never);
  const late = new Date(2026, 10, 22, 23, 50).getTime();
  it.each([
    ['later today: the time alone, no leading zero', en.when(new Date(2026, 10, 22, 23, 55).getTime(), late), '11:55 PM'],
    ['past midnight: with the date', en.when(new Date(2026, 10, 23, 0, 10).getTime(), late), 'Nov 23, 12:10 AM'],
    ['morning, same day, no leading zero', en.when(new Date(2026, 10, 22, 9, 0).getTime(), new Date(2026, 10, 22, 8, 0).getTime()), '9:00 AM'],
    ['Russian: 24-hour clock', ru.when(new Date(2026, 10, 22, 9, 5).getTime(), new Date(2026, 10, 22, 8, 0).getTime()), '9:05'],
  ])('%s', (_case, actual, expected) => expect(actual.replace(/\u202f|\u00a0/g, ' ')).toBe(expected));

  it('Russian past midnight names the day', () => {
    expect(ru.when(new Date(2026, 10, 23, 0, 10).getTime(), late)).toMatch(/^23 нояб\.?, 0:10$/);
  });
});

