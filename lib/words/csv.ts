// The History page's "Download CSV" (issue 21): one row per reading and measure,
// RFC 4180 (quoted where needed, CRLF line ends), safe to open in a spreadsheet.

export const CSV_HEADER = ['time', 'account', 'provider', 'measure', 'value', 'unit'] as const;

/** One figure of one reading. `measure` is `balance`, `quota_left` or `limit:<id>` (percent used). */
export interface CsvReading {
  at: number;
  account: string;
  provider: string;
  measure: string;
  value: number;
  unit: string;
}

/**
 * A text cell: a leading `=`, `+`, `-`, `@` (also after spaces, or in their full-width forms), a tab
 * or a CR would make a spreadsheet run it as a formula (an account named `=HYPERLINK(...)`), so it gets
 * a `'` in front (OWASP's advice; the name then reads "'-staging" in every program, a price worth
 * paying); then quoted when it holds a comma, a quote or a line break.
 */
const FORMULA = /^(\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|[\t\r])/;

export function textCell(text: string): string {
  const inert = FORMULA.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

/** A number as plain digits (no exponent for the amounts we keep), at most six decimals. */
export function numberCell(value: number): string {
  if (!Number.isFinite(value)) return '';
  const rounded = Math.round(value * 1e6) / 1e6;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** `2026-12-06T10:15:00Z`: ISO 8601 in UTC, to the second. */
export const isoSecond = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export function csvLine(reading: CsvReading): string {
  const { at, account, provider, measure, value, unit } = reading;
  return [isoSecond(at), textCell(account), textCell(provider), textCell(measure), numberCell(value), textCell(unit)].join(',');
}

/** The whole file: the header, then each reading's line, CRLF after every line. */
export function toCsv(readings: Iterable<CsvReading>): string {
  const lines = [CSV_HEADER.join(',')];
  for (const reading of readings) lines.push(csvLine(reading));
  return `${lines.join('\r\n')}\r\n`;
}
