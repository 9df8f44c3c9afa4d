import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../public/_locales/en/messages.json';
import ru from '../../public/_locales/ru/messages.json';
import { accountUnit, PROVIDER_LIST, providerInfo, topUpPage } from './registry';

const LABELS = [
  'Apertis',
  'Apikley',
  'DeepSeek',
  'OpenRouter',
  'Moonshot (international)',
  'Moonshot (China)',
  'Vercel AI Gateway',
  'Novita AI',
  'Poe',
  'AIHubMix',
  'new-api / one-api gateway',
  'Custom endpoint',
  'Claude (signed in)',
  'ChatGPT Codex (signed in)',
  'Cursor (signed in)',
  'Anthropic Console (signed in)',
];

describe('the provider registry', () => {
  it('lists every provider of the catalogue under the label the Provider control shows, in order', () => {
    expect(PROVIDER_LIST.map((p) => p.label)).toEqual(LABELS);
  });

  it('gives each provider a unique id that is also its file name', () => {
    const ids = PROVIDER_LIST.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const files = readdirSync(__dirname);
    for (const id of ids) expect(files, id).toContain(`${id}.ts`);
  });

  it.each(PROVIDER_LIST.map((p) => ({ id: p.id, p })))('$id: an https origin or none, links, words in both languages', ({ p }) => {
    if (p.baseUrl) expect(new URL(p.baseUrl).protocol).toBe('https:');
    if (p.baseUrl) expect(new URL(p.baseUrl).origin).toBe(p.baseUrl);
    for (const link of [p.keyUrl, p.topUpUrl]) {
      if (link && !link.startsWith('/')) expect(new URL(link).protocol).toBe('https:');
    }
    const keys = [p.keyHint, ...(p.fields ?? []).flatMap((f) => [f.label, ...(f.hint ? [f.hint] : [])])];
    for (const key of keys) {
      expect(en, key).toHaveProperty(key);
      expect(ru, key).toHaveProperty(key);
    }
    expect(p.warnBelow).toBeGreaterThan(0);
  });

  it('grants only the founding providers at install', () => {
    expect(PROVIDER_LIST.filter((p) => p.grantedAtInstall).map((p) => p.id)).toEqual(['apertis', 'apikley']);
  });

  it('marks only the providers read from observed clients as experimental', () => {
    expect(PROVIDER_LIST.filter((p) => p.experimental).map((p) => p.label)).toEqual(['AIHubMix', 'Anthropic Console (signed in)']);
  });

  it('knows an unknown id as unknown', () => {
    expect(providerInfo('siliconflow')).toBeUndefined();
    expect(providerInfo('__proto__')).toBeUndefined();
  });

  it.each<{ case: string; account: { provider: string; options?: Record<string, string> }; unit: string | undefined }>([
    { case: 'a fixed unit', account: { provider: 'poe' }, unit: 'points' },
    { case: 'a chosen currency', account: { provider: 'deepseek', options: { currency: 'CNY' } }, unit: 'CNY' },
    { case: 'a custom label', account: { provider: 'custom', options: { unit: 'kWh' } }, unit: 'kWh' },
    { case: "a gateway's unit comes from the site", account: { provider: 'newapi' }, unit: undefined },
  ])('the unit before any reading: $case', ({ account, unit }) => {
    expect(accountUnit(account)).toBe(unit);
  });
});

/** Every source file the extension is built from, outside lib/providers/. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) && name !== 'testing.ts' ? [file] : [];
  });
}

describe('adding a provider touches only lib/providers/', () => {
  const root = path.resolve(__dirname, '../..');
  const files = ['lib', 'components', 'entrypoints']
    .flatMap((dir) => sources(path.join(root, dir)))
    .filter((file) => !file.includes(`${path.sep}lib${path.sep}providers${path.sep}`));

  it.each(PROVIDER_LIST.map((p) => ({ id: p.id })))('no view, rule or store file names "$id"', ({ id }) => {
    const naming = files.filter((file) => new RegExp(`['"\`]${id}['"\`]`).test(readFileSync(file, 'utf8')));
    expect(naming.map((file) => path.relative(root, file))).toEqual([]);
  });
});

describe('topUpPage', () => {
  it.each([
    { case: "a provider's own page", account: { provider: 'deepseek', baseUrl: 'https://api.deepseek.com' }, page: 'https://platform.deepseek.com/top_up' },
    { case: "a gateway's page on its own site", account: { provider: 'newapi', baseUrl: 'https://gw.example.org/api' }, page: 'https://gw.example.org/topup' },
    { case: 'a loopback gateway over http', account: { provider: 'newapi', baseUrl: 'http://127.0.0.1:8080' }, page: 'http://127.0.0.1:8080/topup' },
    { case: 'a gateway on plain http elsewhere: none', account: { provider: 'newapi', baseUrl: 'http://gw.example.org' }, page: undefined },
    { case: 'a broken base URL: none', account: { provider: 'newapi', baseUrl: '' }, page: undefined },
    { case: 'a provider without one: none', account: { provider: 'custom', baseUrl: 'https://x.example' }, page: undefined },
    { case: 'an unknown provider: none', account: { provider: 'nope', baseUrl: 'https://x.example' }, page: undefined },
  ])('$case', ({ account, page }) => {
    expect(topUpPage(account)).toBe(page);
  });
});
