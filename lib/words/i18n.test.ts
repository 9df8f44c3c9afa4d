import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import en from '../../public/_locales/en/messages.json';
import ru from '../../public/_locales/ru/messages.json';

const placeholders = (message: string) => [...message.matchAll(/\$\d/g)].map((m) => m[0]).sort();

describe('message catalogues', () => {
  it('Russian has exactly the English message names', () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(Object.keys(en))('%s: both languages use the same placeholders and neither is empty', (key) => {
    const english = (en as Record<string, { message: string }>)[key]!.message;
    const russian = (ru as Record<string, { message: string }>)[key]!.message;
    expect(english.trim()).not.toBe('');
    expect(russian.trim()).not.toBe('');
    expect(placeholders(russian)).toEqual(placeholders(english));
  });

  // The Chrome Web Store and the manifest cap an extension's description at 132 characters (issue 23).
  it.each([
    ['en', en],
    ['ru', ru],
  ])('%s: the store description (the manifest\'s) fits in 132 characters and names more than the founding providers', (_, catalogue) => {
    const description = catalogue.extDescription.message;
    expect(description.length).toBeLessThanOrEqual(132);
    expect(description).toMatch(/Claude/);
    expect(description).not.toMatch(/Apertis|Apikley/);
  });

  it.each([
    ['en', en, 'docs/store/listing.en.md'],
    ['ru', ru, 'docs/store/listing.ru.md'],
  ])('%s: the store listing gives the same short description as the manifest', (_, catalogue, file) => {
    const listing = readFileSync(file, 'utf8');
    const short = listing.split(/^## .*\n\n/m)[2]?.split('\n')[0];
    expect(short).toBe(catalogue.extDescription.message);
  });
});
