import { describe, expect, it } from 'vitest';
import { parseCsv } from '../testing';
import { numberCell, textCell, toCsv, type CsvReading } from './csv';

const reading = (account: string, extra: Partial<CsvReading> = {}): CsvReading => ({
  at: Date.UTC(2026, 11, 6, 10, 15, 0, 450),
  account,
  provider: 'Apertis',
  measure: 'balance',
  value: 12.5,
  unit: 'USD',
  ...extra,
});

describe('textCell', () => {
  it.each([
    ['plain text stays as it is', 'Work key', 'Work key'],
    ['a comma is quoted', 'Team, prod', '"Team, prod"'],
    ['a quote is doubled inside quotes', 'the "big" key', '"the ""big"" key"'],
    ['a new line is quoted', 'line one\nline two', '"line one\nline two"'],
    ['a formula is made inert', '=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['a leading plus is made inert', '+1 555', "'+1 555"],
    ['a leading minus is made inert', '-cmd', "'-cmd"],
    ['a leading at sign is made inert', '@SUM(A1)', "'@SUM(A1)"],
    ['a leading tab is made inert', '\tx', "'\tx"],
    ['an equals sign inside is harmless', 'a=b', 'a=b'],
    ['a formula after spaces is made inert', '  =1+1', "'  =1+1"],
    ['a full-width equals sign is made inert', '\uFF1D1+1', "'\uFF1D1+1"],
    ['Cyrillic stays as it is', 'Рабочий ключ', 'Рабочий ключ'],
  ])('%s', (_, text, expected) => {
    expect(textCell(text)).toBe(expected);
  });
});

describe('numberCell', () => {
  it.each([
    [12.5, '12.5'],
    [-3.25, '-3.25'],
    [0.1 + 0.2, '0.3'],
    [-0, '0'],
    [1234567.891, '1234567.891'],
    [Number.NaN, ''],
    [Number.POSITIVE_INFINITY, ''],
  ])('%s is written %s', (value, expected) => {
    expect(numberCell(value)).toBe(expected);
  });
});

describe('toCsv', () => {
  it('writes the header, then one line per reading in UTC to the second, CRLF after each', () => {
    expect(toCsv([reading('Work')])).toBe('time,account,provider,measure,value,unit\r\n2026-12-06T10:15:00Z,Work,Apertis,balance,12.5,USD\r\n');
  });

  it('names with commas, quotes and new lines read back exactly', () => {
    const names = ['Team, prod', 'the "big" key', 'two\r\nlines', 'Рабочий ключ', ' padded '];
    const rows = parseCsv(toCsv(names.map((name) => reading(name))));
    expect(rows[0]).toEqual(['time', 'account', 'provider', 'measure', 'value', 'unit']);
    expect(rows.slice(1).map((row) => row[1])).toEqual(names);
    expect(rows.slice(1).every((row) => row.length === 6)).toBe(true);
  });

  it('negative balances stay numbers; limits are percents', () => {
    const rows = parseCsv(toCsv([reading('A', { value: -0.5 }), reading('B', { measure: 'limit:five_hour', value: 42, unit: '%' })]));
    expect(rows[1]![4]).toBe('-0.5');
    expect(rows[2]!.slice(3)).toEqual(['limit:five_hour', '42', '%']);
  });

  it('an empty selection is the header alone', () => {
    expect(toCsv([])).toBe('time,account,provider,measure,value,unit\r\n');
  });
});
