import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { maskKey, newAccountId, type Account } from '@/lib/model/account';
import {
  emptyForm,
  formFromAccount,
  inferProvider,
  stripApiSuffix,
  switchProvider,
  validateAccountForm,
  withScheme,
  type AccountField,
  type AccountFormValues,
  type FieldErrors,
} from '@/lib/account-form';
import { normalizeBaseUrl, sameOrigin, siteOf } from '@/lib/net/base-url';
import type { BalanceSnapshot } from '@/lib/model/balance';
import { describeError } from '@/lib/words/describe-row';
import type { BalanceError, ErrorKind, Result } from '@/lib/model/errors';
import type { Formatter } from '@/lib/words/format';
import { t, type MessageKey } from '@/lib/words/i18n';
import { sendMessage } from '@/lib/background/messages';
import { readRecord } from '@/lib/store/account-record';
import { requestOriginAccess } from '@/lib/background/permissions';
import { accountUnit, PROVIDER_LIST, providerInfo, signInPage, topUpPage, type ProviderField, type ProviderInfo } from '@/lib/providers/registry';

interface Props {
  /** The account being edited, or undefined to add one. */
  editing?: Account;
  /** Every saved account: a key already watched is pointed out. */
  accounts: readonly Account[];
  /** Stores the account (and has it read, without waiting); `checked` is the read made before saving, if it answered. */
  save: (account: Account, checked: Result<BalanceSnapshot> | undefined) => Promise<string>;
  /** Saved (with the words saying how it went) or cancelled (no words). */
  onDone: (outcome?: string) => void;
  f: Formatter;
}

/** How long the form waits for its check before saving anyway and saying "still checking". */
export const CHECK_WAIT_MS = 3000;

/** Failures of a first read that mean this key or address is wrong, and the field each points at. */
const CHECK_FIELDS: Partial<Record<ErrorKind, [AccountField, MessageKey]>> = {
  auth: ['key', 'checkKeyRejected'],
  'not-found': ['baseUrl', 'checkNotFound'],
  network: ['baseUrl', 'checkUnreachable'],
  timeout: ['baseUrl', 'checkUnreachable'],
  redirect: ['baseUrl', 'checkRedirect'],
  'bad-url': ['baseUrl', 'urlInvalid'],
  permission: ['baseUrl', 'permissionDenied'],
};

/** The Provider control's groups, in list order: a group is named once, where its first member appears. */
const GROUPS = [
  { label: 'groupOfficial', has: (p: ProviderInfo) => !!p.baseUrl && !p.experimental && !p.session },
  { label: 'groupExperimental', has: (p: ProviderInfo) => !!p.experimental && !p.session },
  { label: 'groupGateways', has: (p: ProviderInfo) => !p.baseUrl },
  // Read with the browser's own login (issue 20): no key to paste.
  { label: 'groupSignedIn', has: (p: ProviderInfo) => !!p.session },
] as const;

/** A signed-in site's check that did not read: not signed in there, or a bot check wanting a tab. */
type SessionProblem = { kind: 'signed-out' | 'bot-check'; site: string; page: string };

/** A link the definition gives as a path is on the account's own site (a gateway's token page). */
function linkFor(url: string | undefined, baseUrl: string): string | undefined {
  if (!url) return undefined;
  if (!url.startsWith('/')) return url;
  const base = normalizeBaseUrl(withScheme(baseUrl));
  return base.ok ? new URL(base.value).origin + url : undefined;
}

export function AccountEditor({ editing, accounts, save, onDone, f }: Props) {
  const values = useSignal<AccountFormValues>(editing ? formFromAccount(editing) : emptyForm());
  const errors = useSignal<FieldErrors>({});
  const showKey = useSignal(false);
  const busy = useSignal(false);
  const outcome = useSignal('');
  const advancedOpen = useSignal(false);
  /** The user picked the provider themselves: a pasted key no longer changes it. */
  const providerChosen = useSignal(false);
  /** Said once when a pasted key or address picked the provider. */
  const inferred = useSignal('');
  const preview = useSignal('');
  /** The check said the key or address is wrong, or the key is already watched: the user may still insist. */
  const canForce = useSignal(false);
  /** A signed-in site's check: not signed in (or a bot check), with the page that fixes it. */
  const sessionProblem = useSignal<SessionProblem | null>(null);
  /** A signed-in site's organisations, when the login has several: the choice is asked before saving. */
  const orgChoices = useSignal<Array<{ id: string; name: string }>>([]);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    values.value = editing ? formFromAccount(editing) : emptyForm();
    errors.value = {};
    providerChosen.value = !!editing;
    inferred.value = '';
    preview.value = '';
    sessionProblem.value = null;
    orgChoices.value = [];
    advancedOpen.value = !!editing && editing.baseUrl !== emptyForm(editing.provider).baseUrl;
    // Editing a signed-in site whose login has several organisations: offer them again, the one read now chosen.
    if (editing && providerInfo(editing.provider)?.session) {
      void readRecord(editing.id).then(({ state }) => {
        const orgs = state?.snapshot?.orgs ?? [];
        if (orgs.length < 2 || values.value.provider !== editing.provider) return;
        const current = editing.options?.['org'] ?? state?.snapshot?.via?.replace(/^org:/, '') ?? orgs[0]!.id;
        orgChoices.value = orgs;
        values.value = { ...values.value, options: { ...values.value.options, org: orgs.some((o) => o.id === current) ? current : orgs[0]!.id } };
      });
    }
  }, [editing?.id]);

  const v = values.value;
  const info = providerInfo(v.provider) ?? PROVIDER_LIST[0]!;
  const unitNow = accountUnit(v);
  const unit = unitNow ? f.unitName(unitNow) : t('unitFromSite');
  const keyLink = linkFor(info.keyUrl, v.baseUrl);
  const set = (field: AccountField, value: string) => {
    if (field.startsWith('options.')) {
      const name = field.slice('options.'.length);
      values.value = { ...values.value, options: { ...values.value.options, [name]: value } };
    } else {
      values.value = { ...values.value, [field]: value };
    }
    if (errors.value[field]) errors.value = { ...errors.value, [field]: undefined };
    preview.value = '';
    canForce.value = false;
  };
  const setProvider = (provider: string) => {
    values.value = switchProvider(values.value, provider);
    preview.value = '';
    sessionProblem.value = null;
    orgChoices.value = [];
    outcome.value = '';
  };
  /** A key or address only one provider issues picks it, unless the user already chose. */
  const inferFrom = (key: string, baseUrl: string) => {
    if (providerChosen.value) return;
    const id = inferProvider(key, baseUrl);
    if (!id || id === values.value.provider) return;
    setProvider(id);
    inferred.value = t('providerInferred', providerInfo(id)!.label);
  };

  const runPreview = () => {
    const draft = values.value;
    const base = normalizeBaseUrl(stripApiSuffix(draft.provider, withScheme(draft.baseUrl)));
    if (!base.ok) {
      errors.value = { ...errors.value, baseUrl: draft.baseUrl.trim() ? 'errorBadUrl' : 'fieldRequired' };
      return;
    }
    // Asked inside the click, like saving: the preview reads the site too.
    const granted = requestOriginAccess(base.value);
    preview.value = t('previewReading');
    void (async () => {
      if (!(await granted)) {
        preview.value = t('permissionDenied');
        return;
      }
      // The saved key only goes where saving would let it: the same provider and origin.
      const keepSaved = editing && editing.provider === draft.provider && sameOrigin(editing.baseUrl, base.value);
      const key = draft.key.trim() || (keepSaved ? editing.key : '');
      if (!key) {
        errors.value = { ...errors.value, key: editing ? 'keyRequiredForNewOrigin' : 'fieldRequired' };
        preview.value = '';
        return;
      }
      const options = Object.fromEntries(Object.entries(draft.options).map(([name, value]) => [name, value.trim()]));
      const reply = await sendMessage({
        type: 'preview',
        account: { provider: draft.provider, baseUrl: base.value, key, options },
      }).catch(() => undefined);
      const result = reply?.result;
      if (!result) preview.value = t('actionFailed');
      else if (!result.ok) preview.value = errorWords(result.error);
      else {
        const s = result.value;
        preview.value = t(
          'previewReads',
          s.remaining === null ? t(s.unlimited ? 'unlimited' : 'noKeyLimit') : f.amount(s.remaining, s.unit),
        );
      }
    })();
  };

  /** The error in the UI's words, then the server's own detail unless it only says the same. */
  const errorWords = (error: BalanceError) => {
    const words = describeError(error, t, f);
    const detail = error.message.trim();
    return !detail || detail.toLowerCase().startsWith(words.toLowerCase()) ? words : `${words}: ${detail}`;
  };

  const focusFirstError = (names: string[]) => {
    // The first field in error in page order, not in the order the rules ran.
    const invalid = names.map((name) => form.current?.querySelector<HTMLElement>(`[name="${name}"]`));
    const first = [...(form.current?.querySelectorAll<HTMLElement>('[name]') ?? [])].find((el) => invalid.includes(el));
    if (first && !first.offsetParent) advancedOpen.value = true;
    // After the render that opens "Advanced", if it was closed.
    setTimeout(() => first?.focus());
  };

  /** `force`: "Save anyway", past a failed check or a duplicate key. */
  const submit = (force: boolean) => {
    const result = validateAccountForm(values.value, editing?.id ?? newAccountId(), editing);
    if (!result.ok) {
      errors.value = result.errors;
      focusFirstError(Object.keys(result.errors));
      return;
    }
    const account = result.account;
    // The same key at the same place; for a signed-in site (no key), the same site and organisation:
    // one login holds a second account only for another organisation (sessions.md §0), so that is
    // said in words, with no "Save anyway".
    const twin = accounts.find(
      (a) =>
        a.id !== account.id &&
        a.provider === account.provider &&
        a.key === account.key &&
        sameOrigin(a.baseUrl, account.baseUrl) &&
        (!info.session || (a.options?.['org'] ?? '') === (account.options?.['org'] ?? '')),
    );
    if (twin && info.session) {
      outcome.value = t('duplicateSite', twin.name);
      return;
    }
    if (twin && !force) {
      errors.value = { key: 'keyDuplicate' };
      outcome.value = t('keyDuplicateOf', twin.name);
      canForce.value = true;
      focusFirstError(['key']);
      return;
    }
    // Asked synchronously, inside the click: browsers only prompt from a user gesture.
    const granted = requestOriginAccess(account.baseUrl);
    busy.value = true;
    canForce.value = false;
    outcome.value = t('checking');
    void (async () => {
      try {
        if (!(await granted)) {
          errors.value = { baseUrl: 'permissionDenied' };
          outcome.value = '';
          return;
        }
        // A new key or address is read before it is saved, so a wrong one is caught while the form is
        // still filled. The check waits a few seconds at most: a slow gateway is saved and read on.
        let checked: Result<BalanceSnapshot> | undefined;
        if (result.keyChanged && !force) {
          const reply = sendMessage({ type: 'preview', account: { ...account, options: account.options ?? {} } }).catch(() => undefined);
          const answer = await Promise.race([reply, new Promise<undefined>((r) => setTimeout(r, CHECK_WAIT_MS))]);
          checked = answer?.result;
          sessionProblem.value = null;
          // A signed-in site: signed out (or a bot check) keeps the form open with the page that fixes it.
          if (info.session && checked && !checked.ok && (checked.error.kind === 'signed-out' || checked.error.kind === 'bot-check')) {
            const kind = checked.error.kind;
            const site = checked.error.site ?? siteOf(account.baseUrl);
            sessionProblem.value = { kind, site, page: (kind === 'signed-out' ? signInPage(account) : topUpPage(account, '/')) ?? account.baseUrl };
            outcome.value = describeError(checked.error, t, f);
            canForce.value = true;
            return;
          }
          // Several organisations and none chosen yet: ask which one before saving.
          const orgs = checked?.ok ? (checked.value.orgs ?? []) : [];
          if (info.session && orgs.length > 1 && !account.options?.['org']) {
            orgChoices.value = orgs;
            values.value = { ...values.value, options: { ...values.value.options, org: orgs[0]!.id } };
            outcome.value = t('chooseOrganization', describeSignedIn(checked));
            setTimeout(() => form.current?.querySelector<HTMLElement>('[name="options.org"]')?.focus());
            return;
          }
          const wrong = checked && !checked.ok ? CHECK_FIELDS[checked.error.kind] : undefined;
          if (checked && !checked.ok && wrong) {
            const [name, words] = wrong;
            errors.value = { [name]: words };
            outcome.value = errorWords(checked.error);
            canForce.value = true;
            focusFirstError([name]);
            return;
          }
        }
        const words = await save(account, checked);
        // The next account starts from the default provider: a sticky choice filed keys under the wrong one.
        values.value = emptyForm();
        errors.value = {};
        showKey.value = false;
        providerChosen.value = false;
        inferred.value = '';
        preview.value = '';
        outcome.value = '';
        sessionProblem.value = null;
        orgChoices.value = [];
        onDone(words);
      } catch {
        outcome.value = t('actionFailed');
      } finally {
        busy.value = false;
      }
    })();
  };

  const onSubmit = (event: Event) => {
    event.preventDefault();
    submit(false);
  };

  const field = (name: AccountField) => ({
    id: `f-${name.replace('.', '-')}`,
    name,
    'aria-invalid': errors.value[name] ? true : undefined,
    'aria-describedby': [errors.value[name] ? `e-${name}` : '', hints[name] ?? ''].filter(Boolean).join(' ') || undefined,
  });
  const hints: Partial<Record<AccountField, string>> = {
    provider: 'h-provider',
    warnBelow: 'h-unit',
    key: editing ? 'h-key h-keykind' : 'h-keykind',
    baseUrl: 'h-base',
    ...Object.fromEntries((info.fields ?? []).filter((o) => o.hint).map((o) => [`options.${o.name}`, `h-opt-${o.name}`])),
  };
  const error = (name: AccountField) =>
    errors.value[name] ? (
      <p id={`e-${name}`} class="field-error" role="alert">
        {t(errors.value[name]!)}
      </p>
    ) : null;

  function baseUrlRow() {
    return (
      <div class="row">
        <label for="f-baseUrl">{t('labelBaseUrl')}</label>
        <input
          {...field('baseUrl')}
          type="url"
          spellcheck={false}
          placeholder={info.baseUrl ? undefined : 'https://gateway.example.com'}
          value={v.baseUrl}
          onInput={(e) => {
            set('baseUrl', e.currentTarget.value);
            inferFrom(values.value.key, e.currentTarget.value);
          }}
        />
        <p id="h-base" class="hint">
          {t(info.session ? 'baseUrlSessionHint' : info.baseUrl ? 'baseUrlHint' : 'baseUrlSiteHint')}
        </p>
        {error('baseUrl')}
      </div>
    );
  }

  /** A threshold typed as a number (a decimal comma is fine), its label and its error. */
  function numberRow(name: 'limitWarnPercent' | 'cycleWarnPercent' | 'warnDaysLeft' | 'closeDaysLeft', label: MessageKey) {
    return (
      <div class="row">
        <label for={`f-${name}`}>{t(label)}</label>
        <input {...field(name)} type="text" inputMode="decimal" value={v[name]} onInput={(e) => set(name, e.currentTarget.value)} />
        {error(name)}
      </div>
    );
  }

  function optionRow(o: ProviderField) {
    const name: AccountField = `options.${o.name}`;
    const value = v.options[o.name] ?? '';
    return (
      <div class="row" key={o.name}>
        <label for={`f-options-${o.name}`}>{t(o.label)}</label>
        {o.choices ? (
          <select {...field(name)} value={value} onChange={(e) => set(name, e.currentTarget.value)}>
            {o.choices.map((choice) => (
              <option value={choice} key={choice}>
                {choice}
              </option>
            ))}
          </select>
        ) : (
          <input
            {...field(name)}
            type="text"
            spellcheck={false}
            autoComplete="off"
            placeholder={o.placeholder}
            value={value}
            onInput={(e) => set(name, e.currentTarget.value)}
          />
        )}
        {o.hint && (
          <p id={`h-opt-${o.name}`} class="hint">
            {t(o.hint)}
          </p>
        )}
        {error(name)}
      </div>
    );
  }

  return (
    <form ref={form} class="editor" onSubmit={onSubmit} noValidate aria-labelledby="editor-title">
      <h2 id="editor-title">{editing ? t('editAccountHeading') : t('addAccountHeading')}</h2>
      <div class="row">
        <label for="f-provider">{t('labelProvider')}</label>
        <select
          {...field('provider')}
          value={v.provider}
          onChange={(e) => {
            providerChosen.value = true;
            inferred.value = '';
            setProvider(e.currentTarget.value);
          }}
        >
          {GROUPS.map((group) => (
            <optgroup label={t(group.label)} key={group.label}>
              {PROVIDER_LIST.filter(group.has).map((p) => (
                <option value={p.id} key={p.id}>
                  {p.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <p id="h-provider" class="hint" role="status">
          {info.experimental ? `${t('experimental')}: ` : ''}
          {inferred.value}
        </p>
      </div>
      {!info.baseUrl && baseUrlRow()}
      <div class="row">
        <label for="f-name">{t('labelName')}</label>
        <input {...field('name')} type="text" maxLength={60} autoComplete="off" value={v.name} onInput={(e) => set('name', e.currentTarget.value)} />
        {error('name')}
      </div>
      {info.session ? (
        <p id="h-keykind" class="hint session-hint">
          {t(info.keyHint)}
        </p>
      ) : (
      <div class="row">
        <label for="f-key">{t('labelKey')}</label>
        <span class="with-button">
          <input
            {...field('key')}
            // Preact's input types are a union keyed on `type`; both branches are plain text inputs.
            type={(showKey.value ? 'text' : 'password') as 'text'}
            autoComplete="off"
            spellcheck={false}
            value={v.key}
            onInput={(e) => {
              set('key', e.currentTarget.value);
              inferFrom(e.currentTarget.value, values.value.baseUrl);
            }}
          />
          <button type="button" aria-pressed={showKey.value} aria-controls="f-key" onClick={() => (showKey.value = !showKey.value)}>
            {showKey.value ? t('hideKey') : t('showKey')}
          </button>
        </span>
        <p id="h-keykind" class="hint">
          {t(info.keyHint)}{' '}
          {keyLink && (
            <a href={keyLink} target="_blank" rel="noopener noreferrer">
              {t('getKeyLink', info.label)}
            </a>
          )}
        </p>
        {editing && (
          <p id="h-key" class="hint">
            {t('keyKeepHint', maskKey(editing.key))}
          </p>
        )}
        {error('key')}
      </div>
      )}
      {orgChoices.value.length > 1 && (
        <div class="row">
          <label for="f-options-org">{t('labelOrganization')}</label>
          <select {...field('options.org')} value={v.options['org'] ?? ''} onChange={(e) => set('options.org', e.currentTarget.value)}>
            {orgChoices.value.map((o) => (
              <option value={o.id} key={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {(info.fields ?? []).map((o) => optionRow(o))}
      {!info.baseUrl && (
        <div class="row">
          <button type="button" onClick={runPreview}>
            {t('previewButton')}
          </button>
          <p class="outcome" role="status" aria-live="polite">
            {preview.value}
          </p>
        </div>
      )}
      {info.limits ? (
        <>
          {numberRow('limitWarnPercent', 'labelLimitWarn')}
          <label class="check">
            <input
              name="limitResetNotify"
              type="checkbox"
              checked={v.limitResetNotify}
              onChange={(e) => (values.value = { ...values.value, limitResetNotify: e.currentTarget.checked })}
            />
            {t('labelLimitReset')}
          </label>
        </>
      ) : (
        <>
          <div class="row">
            <label for="f-warnBelow">{t('labelWarnBelow')}</label>
            <span class="with-button">
              <input {...field('warnBelow')} type="text" inputMode="decimal" value={v.warnBelow} onInput={(e) => set('warnBelow', e.currentTarget.value)} />
              <span id="h-unit" class="unit">
                {unit}
              </span>
            </span>
            {error('warnBelow')}
          </div>
          {info.cycle && numberRow('cycleWarnPercent', 'labelCycleWarn')}
          {numberRow('warnDaysLeft', 'labelWarnDays')}
          {numberRow('closeDaysLeft', 'labelCloseDays')}
        </>
      )}
      {info.baseUrl && (
        <details
          class="advanced"
          open={advancedOpen.value || !!errors.value.baseUrl}
          onToggle={(e) => (advancedOpen.value = e.currentTarget.open)}
        >
          <summary>{t('advanced')}</summary>
          {baseUrlRow()}
        </details>
      )}
      {sessionProblem.value && (
        <p class="session-problem">
          <a href={sessionProblem.value.page} target="_blank" rel="noopener noreferrer">
            {sessionProblem.value.kind === 'signed-out' ? t('signInTo', sessionProblem.value.site) : t('actionOpenSite', sessionProblem.value.site)}
          </a>
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy.value}>
          {sessionProblem.value ? t('checkAgain') : editing ? t('saveChanges') : t('saveAccount')}
        </button>
        {canForce.value && (
          <button type="button" onClick={() => submit(true)} disabled={busy.value}>
            {t('saveAnyway')}
          </button>
        )}
        <button type="button" onClick={() => onDone()}>
          {t('cancel')}
        </button>
      </div>
      <p class="outcome" role="status" aria-live="polite">
        {outcome.value}
      </p>
    </form>
  );
}

/** "Max 5x · jane@example.com's Organization": what a signed-in check found. */
function describeSignedIn(checked: Result<BalanceSnapshot> | undefined): string {
  return checked?.ok ? [checked.value.plan, checked.value.org].filter(Boolean).join(' · ') : '';
}
