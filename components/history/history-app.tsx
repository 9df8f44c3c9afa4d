// The History page (issue 21): per unit, each account's balance as a line with
// its top-ups marked, spend per day as stacked bars, the totals, and a table of
// spend per day that is also the charts' text alternative; each limit's percent
// used; the CSV of what is shown.
import { useSignal } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { browser } from '@/lib/browser-api';
import { isCurrency } from '@/lib/model/balance';
import { providerLabel } from '@/lib/providers/registry';
import { RANGE_IDS, type RangeId } from '@/lib/store/history-view';
import { toCsv } from '@/lib/words/csv';
import type { Formatter } from '@/lib/words/format';
import { t, type MessageKey } from '@/lib/words/i18n';
import { limitNameOf } from '@/lib/words/describe';
import { Chart, type ChartSpec } from './chart';
import { CYCLE_LIMIT, SPEND_STACKED, type HistoryView, type LimitLine, type Point, type UnitGroup } from './history-data';
import type { HistoryModel } from './history-model';

const DAY = 86_400_000;

const RANGE_WORDS: Record<RangeId, { name: MessageKey; spent: MessageKey }> = {
  '24h': { name: 'range24h', spent: 'spentIn24h' },
  '7d': { name: 'range7d', spent: 'spentIn7d' },
  '30d': { name: 'range30d', spent: 'spentIn30d' },
  '90d': { name: 'range90d', spent: 'spentIn90d' },
  '1y': { name: 'range1y', spent: 'spentIn1y' },
};

/** A readout names at most this many values, then "+N more": a screen reader hears it on every step. */
const READOUT_VALUES = 10;

/** The value a line shows at `index`: its point there, or the last one before it unless the line broke since. */
function valueAt(values: Point[], index: number): number | undefined {
  for (let i = index; i >= 0; i--) {
    const value = values[i];
    if (value === null) return undefined;
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The newest grid point any line has a value at: where the cursor starts. */
function newestIndex(lines: ReadonlyArray<{ values: Point[] }>, length: number): number {
  for (let i = length - 1; i >= 0; i--) if (lines.some((line) => typeof line.values[i] === 'number')) return i;
  return Math.max(0, length - 1);
}

const locale = () => document.documentElement.lang || undefined;

/** "credits" as a heading: "Credits". */
const capitalized = (text: string) => text.charAt(0).toLocaleUpperCase(locale()) + text.slice(1);

/** "Dec 6, 10:00 PM — A: $1.00 · B: $2.00 · +3 more". */
function readoutText(when: string, parts: string[]): string {
  const shown = parts.length > READOUT_VALUES + 1 ? [...parts.slice(0, READOUT_VALUES), t('readoutMore', String(parts.length - READOUT_VALUES))] : parts;
  return `${when} — ${shown.join(' · ') || t('noReading')}`;
}

function useScheme(): string {
  const scheme = useSignal(matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
  useEffect(() => {
    const query = matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => (scheme.value = query.matches ? 'dark' : 'light');
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return scheme.value;
}

export function HistoryApp({ model, f }: { model: HistoryModel; f: Formatter }) {
  const scheme = useScheme();
  if (!model.loaded.value) return null;
  const view = model.view.value;
  const range = model.range.value;
  const accounts = model.accounts.value;
  const noneChosen = model.selected.value?.size === 0;
  return (
    <main class="history">
      <header class="top">
        <h1>{t('historyTitle')}</h1>
        <a
          href="/options.html"
          onClick={(e) => {
            e.preventDefault();
            void browser.runtime.openOptionsPage();
          }}
        >
          {t('settings')}
        </a>
      </header>
      {view.nothingRecorded ? (
        <section class="empty">
          <h2>{t('historyEmpty')}</h2>
          <p class="muted">{accounts.length ? t('historyEmptyBody') : t('emptyBody')}</p>
        </section>
      ) : (
        <>
          <Controls model={model} range={range} f={f} />
          {noneChosen ? (
            <p class="none">{t('historyNoneChosen')}</p>
          ) : !view.groups.length && !view.limits ? (
            <p class="none">{t('historyNoneInRange')}</p>
          ) : (
            <>
              {view.groups.map((group, i) => (
                <UnitSection key={group.unit} id={`unit-${i}`} group={group} view={view} range={range} f={f} scheme={scheme} />
              ))}
              {view.limits && <LimitsSection view={view} model={model} range={range} f={f} scheme={scheme} />}
            </>
          )}
        </>
      )}
    </main>
  );
}

/** `credit-gauge-history-7d-2026-12-06.csv`, the date the user's own. */
function csvFileName(range: RangeId): string {
  const today = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `credit-gauge-history-${range}-${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}.csv`;
}

function Controls({ model, range, f }: { model: HistoryModel; range: RangeId; f: Formatter }) {
  const accounts = model.accounts.value;
  const selected = model.selected.value;
  const shown = selected ? accounts.filter((a) => selected.has(a.id)) : accounts;
  const filter = useRef<HTMLDetailsElement>(null);
  // The filter closes like a menu: Escape (focus back on its summary) or a click elsewhere.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !filter.current?.open) return;
      filter.current.open = false;
      filter.current.querySelector('summary')?.focus();
    };
    const onClick = (e: MouseEvent) => {
      if (filter.current?.open && !filter.current.contains(e.target as Node)) filter.current.open = false;
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('click', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('click', onClick);
    };
  }, []);
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected ?? accounts.map((a) => a.id));
    if (on) next.add(id);
    else next.delete(id);
    model.selected.value = next.size === accounts.length ? null : next;
  };
  // The filter lists accounts under their unit, since amounts in different units are never added.
  const units = new Map<string, typeof accounts>();
  for (const account of accounts) {
    const unit = model.unitOf(account) ?? '';
    units.set(unit, [...(units.get(unit) ?? []), account]);
  }
  const download = () => {
    const text = toCsv(model.csv((account) => providerLabel(account.provider, t)));
    const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = csvFileName(range);
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <div class="controls">
      <div class="ranges" role="group" aria-label={t('rangeLabel')}>
        {RANGE_IDS.map((id) => (
          <button type="button" key={id} aria-pressed={id === range} onClick={() => model.setRange(id)}>
            {t(RANGE_WORDS[id].name)}
          </button>
        ))}
      </div>
      <details class="filter" ref={filter}>
        <summary>
          {!selected
            ? t('filterAll', f.number(accounts.length))
            : shown.length === 1
              ? t('filterOne', shown[0]!.name)
              : shown.length === 0
                ? t('filterNone')
                : t('filterSome', [f.number(shown.length), f.number(accounts.length)])}
        </summary>
        <fieldset>
          <legend class="sr-only">{t('accountsFilter')}</legend>
          <label class="all">
            <input
              type="checkbox"
              checked={!selected}
              ref={(input) => {
                if (input) input.indeterminate = !!selected && shown.length > 0;
              }}
              onChange={(e) => (model.selected.value = (e.target as HTMLInputElement).checked ? null : new Set())}
            />
            {t('allAccounts')}
          </label>
          {[...units].map(([unit, members]) => (
            <div class="unit" key={unit} role="group" aria-label={unit ? f.unitName(unit) : t('unitUnknown')}>
              <p class="muted" aria-hidden="true">
                {unit ? f.unitName(unit) : t('unitUnknown')}
              </p>
              {members.map((account) => (
                <label key={account.id}>
                  <input
                    type="checkbox"
                    checked={!selected || selected.has(account.id)}
                    onChange={(e) => toggle(account.id, (e.target as HTMLInputElement).checked)}
                  />
                  {account.name}
                </label>
              ))}
            </div>
          ))}
        </fieldset>
      </details>
      <button type="button" class="primary" onClick={download}>
        {t('downloadCsv')}
      </button>
    </div>
  );
}

/** Dates, times and compact axis figures in the page's language, as fine as each range needs. */
function useFormats(range: RangeId, f: Formatter) {
  return useMemo(() => {
    const format = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale(), options);
    const clock = format({ hour: 'numeric', minute: '2-digit' });
    const dayHour = format({ month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
    const monthDay = format({ month: 'short', day: 'numeric' });
    const monthYear = format({ month: 'short', year: 'numeric' });
    const moment = format(
      range === '1y'
        ? { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' }
        : { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' },
    );
    const day = format({ weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
    // Labels as fine as their spacing: hours within a day, days within a month, months beyond.
    const axis = (seconds: number, step: number) => {
      const ms = seconds * 1000;
      if (step < 86_400) return (range === '24h' ? clock : dayHour).format(ms);
      if (step < 28 * 86_400) return monthDay.format(ms);
      return monthYear.format(ms);
    };
    const compact = new Map<string, Intl.NumberFormat>();
    // "$1.2K", "40K": the unit is the section's heading, the exact figures are in the readout.
    const axisAmount = (unit: string) => {
      let number = compact.get(unit);
      if (!number) {
        number = new Intl.NumberFormat(locale(), {
          notation: 'compact',
          maximumFractionDigits: 1,
          ...(isCurrency(unit) ? { style: 'currency', currency: unit, currencyDisplay: 'narrowSymbol' } : {}),
        });
        compact.set(unit, number);
      }
      return (value: number) => number.format(value);
    };
    return {
      axis,
      axisAmount,
      percent: (value: number) => f.percentUsed(value),
      moment: (seconds: number) => moment.format(seconds * 1000),
      day: (ms: number) => day.format(ms),
    };
  }, [range, f]);
}

function UnitSection(props: { id: string; group: UnitGroup; view: HistoryView; range: RangeId; f: Formatter; scheme: string }) {
  const { id, group, view, range, f, scheme } = props;
  const formats = useFormats(range, f);
  const unit = group.unit;
  const money = (value: number) => f.amount(value, unit);
  // Lines end at now; the bars run to the end of today, so today's bar stands whole beside the others.
  const xRange: [number, number] = [view.from / 1000, view.to / 1000];
  const balance = useMemo(
    (): ChartSpec => ({
      label: t('chartBalance', f.unitName(unit)),
      x: group.x,
      series: [
        ...group.lines.map((line) => ({ label: line.name, color: line.color, values: line.values, kind: 'line' as const })),
        { label: t('topUps'), color: -1, values: group.topUpAt, kind: 'marks' as const },
      ],
      axisY: formats.axisAmount(unit),
      axisX: formats.axis,
      readout: (index) => {
        const values = group.lines.flatMap((line) => {
          const value = valueAt(line.values, index);
          return value === undefined ? [] : [`${line.name}: ${money(value)}`];
        });
        const marks = (group.topUpMarks.get(index) ?? []).map((mark) => t('topUpMark', [money(mark.amount), mark.account]));
        return readoutText(formats.moment(group.x[index]!), [...marks, ...values]);
      },
      start: newestIndex(group.lines, group.x.length),
      xRange,
    }),
    [group, formats],
  );
  // Stacked: the biggest spenders apart (the group lists them first) and the rest as one grey bar, each bar
  // drawn from zero to the sum of it and those above it, the tallest first.
  const apart = group.lines.slice(0, group.lines.length > SPEND_STACKED + 1 ? SPEND_STACKED : SPEND_STACKED + 1).map((_, k) => k);
  const rest = group.lines.map((_, k) => k).slice(apart.length);
  const spend = useMemo((): ChartSpec => {
    const layers = [...apart.map((k) => [k]), ...(rest.length ? [rest] : [])];
    const dayTotal = (members: number[], d: number) => members.reduce((sum, k) => sum + group.spend[k]![d]!, 0);
    const stacks = layers.map((_, i) => group.days.map((__, d) => layers.slice(i).reduce((sum, members) => sum + dayTotal(members, d), 0)));
    // Each bar in the middle of its whole day; the axis spans whole days, today's included, so no bar is cut.
    const whole = range !== '24h';
    const mid = (start: number, end: number) => (whole ? start + DAY / 2 : (start + end) / 2) / 1000;
    return {
      label: t('chartSpend', f.unitName(unit)),
      x: group.days.map((day) => mid(day.start, day.end)),
      series: layers.map((members, i) => ({
        label: members.length > 1 || rest.includes(members[0]!) ? t('otherAccounts') : group.lines[members[0]!]!.name,
        color: members.length > 1 || rest.includes(members[0]!) ? -2 : group.lines[members[0]!]!.color,
        values: stacks[i]!,
        kind: 'bars' as const,
      })),
      axisY: formats.axisAmount(unit),
      axisX: formats.axis,
      readout: (d) => {
        const parts = apart.flatMap((k) => (group.spend[k]![d]! > 0 ? [`${group.lines[k]!.name}: ${money(group.spend[k]![d]!)}`] : []));
        const others = dayTotal(rest, d);
        if (others > 0) parts.push(`${t('otherAccounts')}: ${money(others)}`);
        const day = group.days[d];
        return readoutText(day ? formats.day(day.start) : '', [t('spentThatDay', money(dayTotal([...apart, ...rest], d))), ...parts]);
      },
      start: Math.max(0, group.days.length - 1),
      xRange: [view.from / 1000, view.axisTo / 1000],
      height: 160,
    };
  }, [group, formats]);
  return (
    <section class="unit-group" aria-labelledby={id}>
      <div class="unit-head">
        <h2 id={id}>{capitalized(f.unitName(unit))}</h2>
        <p class="total">{t(RANGE_WORDS[range].spent, money(group.total))}</p>
      </div>
      <ul class="legend">
        {group.lines.map((line, k) => (
          <li key={line.id}>
            <span class={`swatch c${line.color % 10}`} aria-hidden="true" />
            <span class="name">{line.name}</span>
            <span class="muted">{t('spentShort', money(group.spendTotals[k]!))}</span>
          </li>
        ))}
      </ul>
      <h3>{t('chartBalanceTitle')}</h3>
      <Chart spec={balance} scheme={scheme} />
      <h3>{t('spendPerDay')}</h3>
      {rest.length > 0 && (
        <p class="muted note">
          <span class="swatch other" aria-hidden="true" /> {t('otherAccountsNote', [f.number(SPEND_STACKED), f.number(rest.length)])}
        </p>
      )}
      <Chart spec={spend} scheme={scheme} />
      <SpendTable group={group} money={money} day={formats.day} label={t('chartSpend', f.unitName(unit))} />
    </section>
  );
}

/** Spend per day as a table (day × account): the charts' text alternative, built only when opened. */
function SpendTable(props: { group: UnitGroup; money: (value: number) => string; day: (ms: number) => string; label: string }) {
  const { group, money, day, label } = props;
  const open = useSignal(false);
  return (
    <details class="table" onToggle={(e) => (open.value = (e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{t('spendTable')}</summary>
      {open.value && (
        <div class="scroll" tabIndex={0} role="region" aria-label={label}>
          <table>
            <caption class="sr-only">{label}</caption>
            <thead>
              <tr>
                <th scope="col">{t('columnDay')}</th>
                {group.lines.map((line) => (
                  <th scope="col" key={line.id}>
                    {line.name}
                  </th>
                ))}
                <th scope="col">{t('columnTotal')}</th>
              </tr>
            </thead>
            <tbody>
              {group.days
                .map((d, i) => ({ d, i }))
                .reverse()
                .map(({ d, i }) => (
                  <tr key={d.key}>
                    <th scope="row">{day(d.start)}</th>
                    {group.spend.map((row, k) => (
                      <td key={k}>{money(row[i]!)}</td>
                    ))}
                    <td>{money(group.spend.reduce((sum, row) => sum + row[i]!, 0))}</td>
                  </tr>
                ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('columnTotal')}</th>
                {group.spendTotals.map((total, k) => (
                  <td key={k}>{money(total)}</td>
                ))}
                <td>{money(group.total)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </details>
  );
}

function LimitsSection(props: { view: HistoryView; model: HistoryModel; range: RangeId; f: Formatter; scheme: string }) {
  const { view, model, range, f, scheme } = props;
  const formats = useFormats(range, f);
  const limits = view.limits!;
  const states = model.states.peek();
  const name = (line: LimitLine) => {
    const what = line.limit === CYCLE_LIMIT ? t('labelQuota') : limitNameOf(line.limit, states[line.id]?.snapshot?.limits, t);
    return `${line.name} · ${what}`;
  };
  const spec = useMemo(
    (): ChartSpec => ({
      label: t('chartLimits'),
      x: limits.x,
      series: limits.lines.map((line) => ({ label: name(line), color: line.color, values: line.values, kind: 'line' as const, variant: line.variant })),
      yRange: [0, 100],
      axisY: formats.percent,
      axisX: formats.axis,
      readout: (index) => {
        const parts = limits.lines.flatMap((line) => {
          const value = valueAt(line.values, index);
          return value === undefined ? [] : [t('limitReadout', [name(line), f.percentUsed(value)])];
        });
        return readoutText(formats.moment(limits.x[index]!), parts);
      },
      start: newestIndex(limits.lines, limits.x.length),
      xRange: [view.from / 1000, view.to / 1000],
    }),
    [limits, formats],
  );
  return (
    <section class="unit-group" aria-labelledby="limits-title">
      <div class="unit-head">
        <h2 id="limits-title">{t('limitsHeading')}</h2>
      </div>
      <ul class="legend">
        {limits.lines.map((line) => (
          <li key={`${line.id}:${line.limit}`}>
            <span class={`swatch c${line.color % 10} v${line.variant % 4}`} aria-hidden="true" />
            <span class="name">{name(line)}</span>
          </li>
        ))}
      </ul>
      <Chart spec={spec} scheme={scheme} />
    </section>
  );
}
