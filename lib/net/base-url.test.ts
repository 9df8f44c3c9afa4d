import { describe, expect, it } from 'vitest';
import { normalizeBaseUrl, originPattern, sameOrigin, validateKey, sessionOriginAllowed } from './base-url';

describe('normalizeBaseUrl', () => {
  it.each([
    ['keeps an official https base as is', 'https://api.apertis.ai', 'https://api.apertis.ai'],
    ['trims surrounding whitespace', '  https://api.apikley.ru \n', 'https://api.apikley.ru'],
    ['strips one trailing slash', 'https://api.apertis.ai/', 'https://api.apertis.ai'],
    ['strips several trailing slashes', 'https://api.apertis.ai///', 'https://api.apertis.ai'],
    ['lowercases the host', 'https://API.Apertis.AI', 'https://api.apertis.ai'],
    ['keeps a path prefix for gateways mounted under a path', 'https://gw.example.com/apertis/', 'https://gw.example.com/apertis'],
    ['keeps a nested path prefix', 'https://gw.example.com/a/b', 'https://gw.example.com/a/b'],
    ['keeps a non-default port', 'https://gw.example.com:8443/x', 'https://gw.example.com:8443/x'],
    ['drops the default https port', 'https://gw.example.com:443', 'https://gw.example.com'],
    ['allows http on 127.0.0.1 with a port', 'http://127.0.0.1:3000/', 'http://127.0.0.1:3000'],
    ['allows http on localhost', 'http://localhost:8080/proxy', 'http://localhost:8080/proxy'],
    ['allows http on [::1]', 'http://[::1]:9000', 'http://[::1]:9000'],
    ['drops empty credentials, which send nothing', 'https://@gw.example.com', 'https://gw.example.com'],
  ])('%s', (_name, input, expected) => {
    expect(normalizeBaseUrl(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['rejects an empty string', '', 'Base URL is empty'],
    ['rejects whitespace only', '   ', 'Base URL is empty'],
    ['rejects text without a scheme', 'api.apertis.ai', 'Base URL is not a valid URL (it must start with https://)'],
    ['rejects plain http on a public host', 'http://api.apertis.ai', 'Base URL must use https:// (http:// is only allowed for localhost)'],
    ['rejects http on a LAN address', 'http://192.168.1.5:3000', 'Base URL must use https:// (http:// is only allowed for localhost)'],
    ['rejects a host that only starts like localhost', 'http://localhost.evil.com', 'Base URL must use https:// (http:// is only allowed for localhost)'],
    ['rejects ftp', 'ftp://api.apertis.ai', 'Base URL must start with https://'],
    ['rejects javascript:', 'javascript:alert(1)', 'Base URL must start with https://'],
    ['rejects host:port without a scheme', 'localhost:8080', 'Base URL must start with https://'],
    ['rejects a user name and password', 'https://user:pass@api.apertis.ai', 'Base URL must not contain a user name or password'],
    ['rejects a user name alone', 'https://user@api.apertis.ai', 'Base URL must not contain a user name or password'],
    ['rejects a query string', 'https://api.apertis.ai/?key=1', 'Base URL must not contain a query string'],
    ['rejects a bare question mark', 'https://api.apertis.ai/?', 'Base URL must not contain a query string'],
    ['rejects a fragment', 'https://api.apertis.ai/#x', 'Base URL must not contain a fragment'],
    ['rejects inner spaces', 'https://api.apertis.ai/a b', 'Base URL contains spaces or control characters'],
    ['rejects a newline that URL() would silently drop', 'https://api.aper\ntis.ai', 'Base URL contains spaces or control characters'],
    ['rejects an absurdly long URL', `https://a.example/${'x'.repeat(3000)}`, 'Base URL is too long'],
  ])('%s', (_name, input, message) => {
    expect(normalizeBaseUrl(input)).toEqual({ ok: false, error: { kind: 'bad-url', message } });
  });
});

describe('originPattern', () => {
  it.each([
    ['covers every path of an https host', 'https://api.apertis.ai', 'https://api.apertis.ai/*'],
    ['ignores a path prefix', 'https://gw.example.com/apertis', 'https://gw.example.com/*'],
    ['drops the port, which match patterns cannot name', 'https://gw.example.com:8443', 'https://gw.example.com/*'],
    ['keeps http for loopback', 'http://127.0.0.1:3000', 'http://127.0.0.1/*'],
    ['keeps IPv6 brackets', 'http://[::1]:9000', 'http://[::1]/*'],
  ])('%s', (_name, baseUrl, expected) => {
    expect(originPattern(baseUrl)).toBe(expected);
  });
});

describe('validateKey', () => {
  it.each([
    ['accepts an sk- key', 'sk-abc123', 'sk-abc123'],
    ['accepts an sk-sub- key', 'sk-sub-XYZ_09.~', 'sk-sub-XYZ_09.~'],
    ['trims pasted whitespace', '  sk-abc\n', 'sk-abc'],
    ['accepts exactly 512 characters', 'k'.repeat(512), 'k'.repeat(512)],
  ])('%s', (_name, input, expected) => {
    expect(validateKey(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['rejects an empty key', '', 'API key is empty'],
    ['rejects whitespace only', ' \t ', 'API key is empty'],
    ['rejects 513 characters', 'k'.repeat(513), 'API key is too long (at most 512 characters)'],
    ['rejects an inner space', 'sk-abc def', 'API key may only contain printable ASCII characters without spaces'],
    ['rejects a control character', 'sk-abc\u0000def', 'API key may only contain printable ASCII characters without spaces'],
    ['rejects a header-splitting newline', 'sk-abc\r\nX-Evil: 1', 'API key may only contain printable ASCII characters without spaces'],
    ['rejects non-ASCII', 'sk-ключ', 'API key may only contain printable ASCII characters without spaces'],
  ])('%s', (_name, input, message) => {
    const result = validateKey(input);
    expect(result).toEqual({ ok: false, error: { kind: 'auth', message } });
    // Messages never repeat the key.
    if (input.trim()) expect(JSON.stringify(result)).not.toContain(input.trim());
  });
});

describe('sameOrigin: where a saved key may go without being typed again', () => {
  it.each([
    ['https://gw.example', 'https://gw.example/v1', true],
    ['https://gw.example', 'https://gw.example:443', true],
    ['http://localhost:8080', 'http://localhost:8080/api', true],
    ['http://localhost:8080', 'http://localhost:9999', false],
    ['https://gw.example', 'https://gw.example:8443', false],
    ['http://localhost', 'http://localhost:80', true],
    ['http://localhost', 'http://127.0.0.1', false],
    ['https://gw.example', 'http://gw.example', false],
    ['https://gw.example', 'https://api.gw.example', false],
    ['not a url', 'https://gw.example', false],
  ])('%s and %s: %s', (a, b, same) => {
    expect(sameOrigin(a, b)).toBe(same);
  });
});

describe('sessionOriginAllowed: a login is read only at its own site', () => {
  it.each([
    { url: 'https://claude.ai', ok: true },
    { url: 'http://127.0.0.1:4123', ok: true },
    { url: 'https://claude.ai/x', ok: false },
    { url: 'https://claude.ai.evil.example', ok: false },
    { url: 'http://claude.ai', ok: false },
    { url: 'https://127.0.0.1:4123', ok: false },
    { url: 'not a url', ok: false },
  ])('$url: $ok', ({ url, ok }) => {
    expect(sessionOriginAllowed(url, 'https://claude.ai')).toBe(ok);
  });
});
