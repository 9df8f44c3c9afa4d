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
});
