import { describe, expect, it } from 'vitest';
import en from '../../public/_locales/en/messages.json';
import ru from '../../public/_locales/ru/messages.json';
import { createFormatter } from '../words/format';
import { assess } from '../judge/assess';
import { buttonOptions, notificationButtons, notificationContent, type NotificationButton, type NotificationReason } from './notify';
import { catalogue, limitSnapshot, makeAccount, paygSnapshot, stateWith } from '../testing';

const NOW = Date.UTC(2026, 10, 22, 12);
const tEn = catalogue(en);
const fEn = createFormatter('en-US', tEn);
const tRu = catalogue(ru);
const fRu = createFormatter('ru', tRu);

describe('the low-balance notification says how long is left', () => {
  it.each<{ case: string; remaining: number; daysLeft?: number; message: string }>([
    {
      case: 'with a forecast, it follows the threshold',
      remaining: 3.12,
      daysLeft: 2.4,
      message: '$3.12 left, below your warning level of $5.00. At this pace it runs out in about 2 days.',
    },
    {
      case: 'under a day, in hours',
      remaining: 3.12,
      daysLeft: 0.8,
      message: '$3.12 left, below your warning level of $5.00. At this pace it runs out in about 19 hours.',
    },
    { case: 'without enough history, no forecast', remaining: 3.12, message: '$3.12 left, below your warning level of $5.00.' },
    { case: 'not going down (Infinity), no forecast', remaining: 3.12, daysLeft: Infinity, message: '$3.12 left, below your warning level of $5.00.' },
    { case: 'used up: the empty balance alone', remaining: 0, daysLeft: 0, message: 'The balance is used up: requests will fail until you top up.' },
  ])('$case', ({ remaining, daysLeft, message }) => {
    const a = assess(makeAccount(), stateWith(paygSnapshot(remaining, NOW), daysLeft === undefined ? {} : { daysLeft }), NOW, 5);
    expect(notificationContent({ reason: 'lowBalance' }, a, tEn, fEn)).toEqual({ title: 'Work: balance low', message });
  });

  it.each([
    { case: 'few (2 дня)', daysLeft: 2.4, forecast: 'В таком темпе закончится примерно через 2 дня.' },
    { case: 'many (5 дней)', daysLeft: 5.5, forecast: 'В таком темпе закончится примерно через 5 дней.' },
    { case: 'hours (19 часов)', daysLeft: 0.8, forecast: 'В таком темпе закончится примерно через 19 часов.' },
  ])('in Russian with its plural forms: $case', ({ daysLeft, forecast }) => {
    const a = assess(makeAccount(), stateWith(paygSnapshot(3.12, NOW), { daysLeft }), NOW, 5);
    expect(notificationContent({ reason: 'lowBalance' }, a, tRu, fRu).message).toBe(`Осталось 3,12\u00a0$ — ниже порога 5,00\u00a0$. ${forecast}`);
  });
});

describe('notification buttons', () => {
  const apertis = { provider: 'apertis', baseUrl: 'https://api.apertis.ai' };
  const noPage = { provider: 'custom', baseUrl: 'https://x.example' };
  it.each<{ case: string; account: typeof apertis; reason: NotificationReason; buttons: NotificationButton[] }>([
    { case: 'a low balance with a top-up page: Top up, then Snooze', account: apertis, reason: 'lowBalance', buttons: ['topUp', 'snooze'] },
    { case: 'running out soon offers the same', account: apertis, reason: 'daysLeft', buttons: ['topUp', 'snooze'] },
    { case: 'a quota running low can be bought more of', account: apertis, reason: 'lowCycle', buttons: ['topUp', 'snooze'] },
    { case: 'no top-up page: Snooze alone', account: noPage, reason: 'lowBalance', buttons: ['snooze'] },
    { case: 'a rejected key: paying does not fix it, Snooze alone', account: apertis, reason: 'keyRejected', buttons: ['snooze'] },
    { case: 'a top-up received asks nothing', account: apertis, reason: 'topUp', buttons: [] },
  ])('$case', ({ account, reason, buttons }) => {
    expect(notificationButtons(account, reason)).toEqual(buttons);
  });

  it.each<{ case: string; buttons: NotificationButton[]; supported: boolean; options: object }>([
    { case: 'Chrome gets the titles in order', buttons: ['topUp', 'snooze'], supported: true, options: { buttons: [{ title: 'Top up' }, { title: 'Snooze 24 h' }] } },
    { case: 'Chrome with one button', buttons: ['snooze'], supported: true, options: { buttons: [{ title: 'Snooze 24 h' }] } },
    { case: 'no buttons: no option at all', buttons: [], supported: true, options: {} },
    { case: 'Firefox: the option is left out entirely', buttons: ['topUp', 'snooze'], supported: false, options: {} },
  ])('$case', ({ buttons, supported, options }) => {
    expect(buttonOptions(buttons, tEn, supported)).toStrictEqual(options);
  });

  it('says them in Russian', () => {
    expect(buttonOptions(['topUp', 'snooze'], tRu, true)).toEqual({ buttons: [{ title: 'Пополнить' }, { title: 'Отложить на 24 ч' }] });
  });
});

describe('a signed-in site notifies in words (issue 20)', () => {
  const HOUR = 3_600_000;
  // NOW is a Sunday at noon UTC.
  const weekly = { id: 'seven_day', kind: 'weekly' as const, usedPercent: 90, resetsAt: NOW + 2 * 24 * HOUR - 3 * HOUR, windowMs: 7 * 24 * HOUR };
  const session = { id: 'five_hour', kind: 'session' as const, usedPercent: 2, resetsAt: NOW + 5 * HOUR, windowMs: 5 * HOUR };
  const a = assess(makeAccount({ name: 'Claude', provider: 'claude' }), stateWith(limitSnapshot([weekly], NOW)), NOW, 5);
  it.each([
    { case: 'a crossing, with its reset', event: { reason: 'limit' as const, limit: weekly }, t: tEn, f: fEn, content: { title: 'Claude: weekly limit 90% used', message: 'It resets Tue 9:00 AM.' } },
    { case: 'a reset', event: { reason: 'limitReset' as const, limit: session }, t: tEn, f: fEn, content: { title: 'Claude: your 5-hour limit has reset', message: 'It is at 2% used now.' } },
    { case: 'a crossing, in Russian', event: { reason: 'limit' as const, limit: weekly }, t: tRu, f: fRu, content: { title: 'Claude: лимит «неделя» — использовано 90\u00a0%', message: 'Лимит: сброс вт 09:00.' } },
  ])('$case', ({ event, t, f, content }) => {
    expect(notificationContent(event, a, t, f, NOW)).toEqual(content);
  });

  it('a full window offers only Snooze (paying does not reset it); a reset offers nothing', () => {
    expect([notificationButtons(a.account, 'limit'), notificationButtons(a.account, 'limitReset')]).toEqual([['snooze'], []]);
  });
});
