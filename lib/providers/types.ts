// The shape of a provider definition. A provider file exports two things:
// `info`, plain data the views and the manifest read (labels, links, units,
// form fields), and `read`, the requests and parsing only the background runs.
// Keeping them apart keeps parsers out of the popup's bundle.
import type { BalanceSnapshot, Unit } from '../model/balance';
import type { Result } from '../model/errors';
import type { HttpDeps } from '../net/http';
import type { MessageKey } from '../words/i18n';

/** An extra form field a provider needs (custom endpoint mapping, preferred currency). */
export interface ProviderField {
  /** Key in `account.options`. */
  name: string;
  label: MessageKey;
  hint?: MessageKey;
  /** A select's choices; the first is the default. Labels are shown as they are. */
  choices?: readonly string[];
  /** Example shown inside an empty text field. */
  placeholder?: string;
  /** Default for a new account; '' when unset. */
  initial?: string;
  /** Checks the trimmed value ('' when left empty); a message key saying what is wrong. */
  check?: (value: string) => MessageKey | undefined;
}

export interface ProviderInfo {
  id: string;
  /** The Provider control's option label. */
  label: string;
  /** Read from what open-source clients observed, not from official docs: said in the UI. */
  experimental?: boolean;
  /**
   * Official base URL, or '' when the user gives the site (gateways, custom
   * endpoints): then the Base URL field is required and shown up front.
   */
  baseUrl: string;
  /** The founding providers' origins are granted at install; every other origin is asked for from a click. */
  grantedAtInstall?: boolean;
  /** Says which key to paste ("management key", "sk- token of that site"). */
  keyHint: MessageKey;
  /** Where the user makes that key. */
  keyUrl?: string;
  /** The provider's top-up or billing dashboard. */
  topUpUrl?: string;
  /** The unit of every amount, when it is fixed; else `unitOption` or the answer decides. */
  unit?: Unit;
  /** The option field whose value is the unit (a chosen currency, a custom label). */
  unitOption?: string;
  /** Default "Warn below", in the account's unit. */
  warnBelow: number;
  /** Key shapes only this provider issues: a pasted key with one preselects it. */
  keyMarks?: readonly RegExp[];
  /** An OpenAI-style API prefix users paste after the origin (`/v1`), dropped from the base URL. */
  apiSuffix?: RegExp;
  fields?: readonly ProviderField[];
  /** Has a subscription cycle quota: the form offers its % threshold. */
  cycle?: boolean;
  /**
   * A signed-in site (issue 20): read with the browser's own login, no key. `loginPath` is where
   * "Sign in" takes the user, on the account's own site. The base URL accepts only the official
   * origin, or loopback (the e2e fakes).
   */
  session?: { loginPath: string };
  /** Reads plan windows (percent used): the form offers "Warn when a limit is above (%)" and reset notices. */
  limits?: boolean;
}

/** Everything one read gets: injected I/O, the account's own destination and options, and what the last read learned. */
export interface ReadContext {
  http: HttpDeps;
  /** Normalized: `https://host[/prefix]`, no trailing slash. */
  baseUrl: string;
  key: string;
  options: Readonly<Record<string, string>>;
  /** The last good snapshot's `via`: how it was read. */
  via?: string;
  /** The last good snapshot itself (stored data: the provider's own checks still apply to `via`). */
  last?: BalanceSnapshot;
  /**
   * Whether an action limited per site may run now: true at most once per `everyMs`
   * for the same `name`, and then it counts as run.
   */
  throttle: (name: string, everyMs: number) => boolean;
}

export type ProviderRead = (ctx: ReadContext) => Promise<Result<BalanceSnapshot>>;
