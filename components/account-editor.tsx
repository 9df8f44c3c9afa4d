import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { maskKey, newAccountId, type Account } from '@/lib/account';
import {
  emptyForm,
  formFromAccount,
  validateAccountForm,
  type AccountField,
  type AccountFormValues,
  type FieldErrors,
} from '@/lib/account-form';
import type { ProviderId } from '@/lib/balance';
import { t } from '@/lib/i18n';
import { requestOriginAccess } from '@/lib/permissions';
import { PROVIDERS } from '@/lib/providers/registry';

interface Props {
  /** The account being edited, or undefined to add one. */
  editing?: Account;
  /** Stores the account and reads it once; resolves to the words to show. */
  save: (account: Account, keyChanged: boolean) => Promise<string>;
  onDone: () => void;
}

export function AccountEditor({ editing, save, onDone }: Props) {
  const values = useSignal<AccountFormValues>(editing ? formFromAccount(editing) : emptyForm());
  const errors = useSignal<FieldErrors>({});
  const showKey = useSignal(false);
  const busy = useSignal(false);
  const outcome = useSignal('');
  const advancedOpen = useSignal(false);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    values.value = editing ? formFromAccount(editing) : emptyForm();
    errors.value = {};
    advancedOpen.value = !!editing && editing.baseUrl !== emptyForm(editing.provider).baseUrl;
  }, [editing?.id]);

  const v = values.value;
  const unit = PROVIDERS[v.provider].unit === 'USD' ? t('unitUsd') : t('unitCredits');
  const set = (field: AccountField, value: string) => {
    values.value = { ...values.value, [field]: value };
    if (errors.value[field]) errors.value = { ...errors.value, [field]: undefined };
  };
  const setProvider = (provider: ProviderId) => {
    const before = emptyForm(values.value.provider);
    const after = emptyForm(provider);
    const current = values.value;
    values.value = {
      ...current,
      provider,
      // Follow the provider's defaults unless the user changed them.
      baseUrl: current.baseUrl === before.baseUrl ? after.baseUrl : current.baseUrl,
      warnBelow: current.warnBelow === before.warnBelow ? after.warnBelow : current.warnBelow,
    };
  };

  const onSubmit = (event: Event) => {
    event.preventDefault();
    const result = validateAccountForm(values.value, editing?.id ?? newAccountId(), editing);
    if (!result.ok) {
      errors.value = result.errors;
      const first = Object.keys(result.errors)[0];
      form.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    // Asked synchronously, inside the click: browsers only prompt from a user gesture.
    const granted = requestOriginAccess(result.account.baseUrl);
    busy.value = true;
    outcome.value = t('checking');
    void (async () => {
      try {
        if (!(await granted)) {
          errors.value = { baseUrl: 'permissionDenied' };
          outcome.value = '';
          return;
        }
        outcome.value = await save(result.account, result.keyChanged);
        values.value = emptyForm(result.account.provider);
        errors.value = {};
        showKey.value = false;
        onDone();
      } catch {
        outcome.value = t('actionFailed');
      } finally {
        busy.value = false;
      }
    })();
  };

  const field = (name: AccountField) => ({
    id: `f-${name}`,
    name,
    'aria-invalid': errors.value[name] ? true : undefined,
    'aria-describedby': [errors.value[name] ? `e-${name}` : '', hints[name] ?? ''].filter(Boolean).join(' ') || undefined,
  });
  const hints: Partial<Record<AccountField, string>> = {
    warnBelow: 'h-unit',
    ...(editing ? { key: 'h-key' } : {}),
    baseUrl: 'h-base',
  };
  const error = (name: AccountField) =>
    errors.value[name] ? (
      <p id={`e-${name}`} class="field-error" role="alert">
        {t(errors.value[name]!)}
      </p>
    ) : null;

  return (
    <form ref={form} class="editor" onSubmit={onSubmit} noValidate aria-labelledby="editor-title">
      <h2 id="editor-title">{editing ? t('editAccountHeading') : t('addAccountHeading')}</h2>
      <div class="row">
        <label for="f-provider">{t('labelProvider')}</label>
        <select {...field('provider')} value={v.provider} onChange={(e) => setProvider(e.currentTarget.value as ProviderId)}>
          {Object.values(PROVIDERS).map((p) => (
            <option value={p.id} key={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <div class="row">
        <label for="f-name">{t('labelName')}</label>
        <input {...field('name')} type="text" maxLength={60} autoComplete="off" value={v.name} onInput={(e) => set('name', e.currentTarget.value)} />
        {error('name')}
      </div>
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
            onInput={(e) => set('key', e.currentTarget.value)}
          />
          <button type="button" aria-pressed={showKey.value} aria-controls="f-key" onClick={() => (showKey.value = !showKey.value)}>
            {showKey.value ? t('hideKey') : t('showKey')}
          </button>
        </span>
        {editing && (
          <p id="h-key" class="hint">
            {t('keyKeepHint', maskKey(editing.key))}
          </p>
        )}
        {error('key')}
      </div>
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
      {v.provider === 'apertis' && (
        <div class="row">
          <label for="f-cycleWarnPercent">{t('labelCycleWarn')}</label>
          <input
            {...field('cycleWarnPercent')}
            type="text"
            inputMode="decimal"
            value={v.cycleWarnPercent}
            onInput={(e) => set('cycleWarnPercent', e.currentTarget.value)}
          />
          {error('cycleWarnPercent')}
        </div>
      )}
      <div class="row">
        <label for="f-warnDaysLeft">{t('labelWarnDays')}</label>
        <input {...field('warnDaysLeft')} type="text" inputMode="decimal" value={v.warnDaysLeft} onInput={(e) => set('warnDaysLeft', e.currentTarget.value)} />
        {error('warnDaysLeft')}
      </div>
      <details
        class="advanced"
        open={advancedOpen.value || !!errors.value.baseUrl}
        onToggle={(e) => (advancedOpen.value = e.currentTarget.open)}
      >
        <summary>{t('advanced')}</summary>
        <div class="row">
          <label for="f-baseUrl">{t('labelBaseUrl')}</label>
          <input {...field('baseUrl')} type="url" spellcheck={false} value={v.baseUrl} onInput={(e) => set('baseUrl', e.currentTarget.value)} />
          <p id="h-base" class="hint">
            {t('baseUrlHint')}
          </p>
          {error('baseUrl')}
        </div>
      </details>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy.value}>
          {editing ? t('saveChanges') : t('addAccount')}
        </button>
        {editing && (
          <button type="button" onClick={onDone}>
            {t('cancel')}
          </button>
        )}
      </div>
      <p class="outcome" role="status" aria-live="polite">
        {outcome.value}
      </p>
    </form>
  );
}
