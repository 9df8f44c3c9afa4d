// The History page (issue 21): per unit, each account's balance as a line with
// its top-ups marked, spend per day as stacked bars, the totals, and a table of
// spend per day that is also the charts' text alternative; each limit's percent
// used; the CSV of what is shown.
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { browser } from '@/lib/browser-api';
import { providerLabel } from '@/lib/providers/registry';
import { RANGE_IDS, type RangeId } from '@/lib/store/history-view';
import { toCsv } from '@/lib/words/csv';
import type { Formatter } from '@/lib/words/format';
import { t, type MessageKey } from '@/lib/words/i18n';
import { limitNameOf } from '@/lib/words/describe';
import { Chart, type ChartSpec } from './chart';
import { CYCLE_LIMIT, type HistoryView, type LimitLine, type Point, type UnitGroup } from './history-data';
import type { HistoryModel } from './history-model';

const RANGE_WORDS: Record<RangeId, { name: MessageKey; spent: MessageKey }> = {
  '24h': { name: 'range24h', spent: 'spentIn24h' },
  '7d': { name: 'range7d', spent: 'spentIn7d' },
  '30d': { name: 'range30d', spent: 'spentIn30d' },
  '90d': { name: 'range90d', spent: 'spentIn90d' },
  '1y': { name: 'range1y', spent: 'spentIn1y' },
};

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

/** "credits" as a heading: "Credits". */
const capitalized = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);

/** The spend chart stacks this many accounts apart, the biggest spenders; the rest are one bar. */
const STACKED = 8;

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
          {!view.groups.length && !view.limits ? (
            <p class="none">{t('historyNoneInRange')}</p>
          ) : (
            <>
              {view.groups.map((group) => (
                <UnitSection key={group.unit} group={group} range={range} f={f} scheme={scheme} />
              ))}
              {view.limits && <LimitsSection view={view} model={model} range={range} f={f} scheme={scheme} />}
            </>
          )}
        </>
      )}
    </main>
  );
}

function Controls({ model, range, f }: { model: HistoryModel; range: RangeId; f: Formatter }) {
  const accounts = model.accounts.value;
  const selected = model.selected.value;
  const shown = selected ? accounts.filter((a) => selected.has(a.id)) : accounts;
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected ?? accounts.map((a) => a.id));
    if (on) next.add(id);
    else next.delete(id);
    model.selected.value = next.size === accounts.length ? null : next;
  };
  // The filter lists accounts under their unit, since amounts in different units are never added.
  const units = new Map<string, typeof accounts>();
  for (const account of accounts) {
    const unit = model.states.value[account.id]?.snapshot?.unit ?? '';
    units.set(unit, [...(units.get(unit) ?? []), account]);
  }
  const download = () => {
    const text = toCsv(model.csv((account) => providerLabel(account.provider, t)));
    const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `credit-gauge-history-${range}-${new Date().toISOString().slice(0, 10)}.csv`;
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
      <details class="filter">
        <summary>
          {selected && shown.length === 1
            ? t('filterOne', shown[0]!.name)
            : selected
              ? t('filterSome', [f.number(shown.length), f.number(accounts.length)])
              : t('filterAll', f.number(accounts.length))}
        </summary>
        <fieldset>
          <legend class="sr-only">{t('accountsFilter')}</legend>
          <label class="all">
            <input
              type="checkbox"
              checked={!selected}
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

function useFormats(range: RangeId) {
  return useMemo(() => {
    const locale = document.documentElement.lang || undefined;
    const format = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, options);
    const clock = format({ hour: 'numeric', minute: '2-digit' });
    const weekdayHour = format({ weekday: 'short', hour: 'numeric' });
    const weekdayDay = format({ weekday: 'short', day: 'numeric' });
    const monthDay = format({ month: 'short', day: 'numeric' });
    const monthYear = format({ month: 'short', year: '2-digit' });
    const moment = format(
      range === '1y' || range === '90d'
        ? { year: 'numeric', month: 'short', day: 'numeric' }
        : { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' },
    );
    const day = format({ weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
    // Labels as fine as their spacing: hours within a day, days within a month, months beyond.
    const axis = (seconds: number, step: number) => {
      const ms = seconds * 1000;
      if (step < 86_400) return (range === '24h' ? clock : weekdayHour).format(ms);
      if (step < 28 * 86_400) return (range === '7d' ? weekdayDay : monthDay).format(ms);
      return monthYear.format(ms);
    };
    return { axis, moment: (seconds: number) => moment.format(seconds * 1000), day: (ms: number) => day.format(ms) };
  }, [range]);
}

function UnitSection({ group, range, f, scheme }: { group: UnitGroup; range: RangeId; f: Formatter; scheme: string }) {
  const formats = useFormats(range);
  const unit = group.unit;
  const money = (value: number) => f.amount(value, unit);
  const balance = useMemo((): ChartSpec => {
    const readout = (index: number) => {
      const values = group.lines.flatMap((line) => {
        const value = valueAt(line.values, index);
        return value === undefined ? [] : [`${line.name}: ${money(value)}`];
      });
      const marks = (group.topUpMarks.get(index) ?? []).map((mark) => t('topUpMark', [money(mark.amount), mark.account]));
      return `${formats.moment(group.x[index]!)} — ${[...values, ...marks].join(' · ') || t('noReading')}`;
    };
    return {
      label: t('chartBalance', f.unitName(unit)),
      x: group.x,
      series: [
        ...group.lines.map((line) => ({ label: line.name, color: line.color, values: line.values, kind: 'line' as const })),
        { label: t('topUps'), color: -1, values: group.topUpAt, kind: 'marks' as const },
      ],
      axisY: (value) => f.amount(value, unit),
      axisX: formats.axis,
      readout,
      start: newestIndex(group.lines, group.x.length),
    };
  }, [group, formats]);
  const spend = useMemo((): ChartSpec => {
    // Stacked, the accounts that spent most over the range apart and the rest as one: each bar is drawn from
    // zero to the sum of it and those above it, the tallest first, so at most STACKED + 1 bars overlap a day.
    const ranked = group.lines.map((_, k) => k).sort((a, b) => group.spendTotals[b]! - group.spendTotals[a]!);
    const apart = ranked.slice(0, ranked.length > STACKED + 1 ? STACKED : STACKED + 1).filter((k) => group.spendTotals[k]! > 0);
    const rest = ranked.filter((k) => !apart.includes(k));
    const layers = [...apart.map((k) => [k]), ...(rest.length ? [rest] : [])];
    const dayTotal = (members: number[], d: number) => members.reduce((sum, k) => sum + group.spend[k]![d]!, 0);
    const stacks = layers.map((_, i) => group.days.map((__, d) => layers.slice(i).reduce((sum, members) => sum + dayTotal(members, d), 0)));
    const x = group.days.map((day) => (day.start + (day.end - day.start) / 2) / 1000);
    return {
      label: t('chartSpend', f.unitName(unit)),
      x,
      series: layers.map((members, i) => ({
        label: members.length > 1 || rest.includes(members[0]!) ? t('otherAccounts') : group.lines[members[0]!]!.name,
        color: members.length > 1 || rest.includes(members[0]!) ? -2 : group.lines[members[0]!]!.color,
        values: stacks[i]!,
        kind: 'bars' as const,
      })),
      axisY: (value) => f.amount(value, unit),
      axisX: formats.axis,
      readout: (d) => {
        const parts = apart.flatMap((k) => (group.spend[k]![d]! > 0 ? [`${group.lines[k]!.name}: ${money(group.spend[k]![d]!)}`] : []));
        const others = dayTotal(rest, d);
        if (others > 0) parts.push(`${t('otherAccounts')}: ${money(others)}`);
        const day = group.days[d];
        return `${day ? formats.day(day.start) : ''} — ${t('spentThatDay', money(dayTotal(ranked, d)))}${parts.length ? ` (${parts.join(' · ')})` : ''}`;
      },
      start: Math.max(0, group.days.length - 1),
      height: 160,
    };
  }, [group, formats]);
  return (
    <section class="unit-group" aria-labelledby={`unit-${unit}`}>
      <h2 id={`unit-${unit}`}>{capitalized(f.unitName(unit))}</h2>
      <p class="total">{t(RANGE_WORDS[range].spent, money(group.total))}</p>
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
      <Chart spec={spend} scheme={scheme} />
      <SpendTable group={group} money={money} day={formats.day} />
    </section>
  );
}

/** Spend per day as a table (day × account): the charts' text alternative, built only when opened. */
function SpendTable({ group, money, day }: { group: UnitGroup; money: (value: number) => string; day: (ms: number) => string }) {
  const open = useSignal(false);
  return (
    <details class="table" onToggle={(e) => (open.value = (e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{t('spendTable')}</summary>
      {open.value && (
        <div class="scroll" tabIndex={0} role="region" aria-label={t('spendTable')}>
          <table>
            <caption class="sr-only">{t('chartSpend', group.unit)}</caption>
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

function LimitsSection({
  view,
  model,
  range,
  f,
  scheme,
}: {
  view: HistoryView;
  model: HistoryModel;
  range: RangeId;
  f: Formatter;
  scheme: string;
}) {
  const formats = useFormats(range);
  const limits = view.limits!;
  const states = model.states.value;
  const name = (line: LimitLine) => {
    const what = line.limit === CYCLE_LIMIT ? t("labelQuota") : limitNameOf(line.limit, states[line.id]?.snapshot?.limits, t);
    return `${line.name} · ${what}`;
  };
  const spec = useMemo(
    (): ChartSpec => ({
      label: t('chartLimits'),
      x: limits.x,
      series: limits.lines.map((line) => ({ label: name(line), color: line.color, values: line.values, kind: 'line' as const, variant: line.variant })),
      yRange: [0, 100],
      axisY: (value) => f.percentUsed(value),
      axisX: formats.axis,
      readout: (index) => {
        const parts = limits.lines.flatMap((line) => {
          const value = valueAt(line.values, index);
          return value === undefined ? [] : [`${name(line)}: ${f.percentUsed(value)}`];
        });
        return `${formats.moment(limits.x[index]!)} — ${parts.join(' · ') || t('noReading')}`;
      },
      start: newestIndex(limits.lines, limits.x.length),
    }),
    [limits, formats, states],
  );
  return (
    <section class="unit-group" aria-labelledby="limits-title">
      <h2 id="limits-title">{t('limitsHeading')}</h2>
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
