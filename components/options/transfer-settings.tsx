// Export, import and "Paste keys": moving accounts between machines without retyping every key.
// The file format and its encryption live in lib/store/transfer.ts; this is the page around them.
import { useSignal } from '@preact/signals';
import { maskKey, newAccountId, type Account } from '@/lib/model/account';
import { emptyForm, validateAccountForm, withScheme } from '@/lib/account-form';
import type { Formatter } from '@/lib/words/format';
import { t, type MessageKey } from '@/lib/words/i18n';
import { requestOriginsAccess } from '@/lib/background/permissions';
import { PROVIDER_LIST, providerInfo } from '@/lib/providers/registry';
import type { Settings } from '@/lib/store/types';
import { exportFile, parseKeyLines, planImport, readFile, type ImportPlan, type ReadFailure } from '@/lib/store/transfer';

interface Props {
  f: Formatter;
  accounts: readonly Account[];
  exportable: () => { accounts: Account[]; settings: Settings };
  addAccounts: (accounts: Account[]) => Promise<void>;
}

const READ_WORDS: Record<ReadFailure, MessageKey> = {
  'not-json': 'importNotJson',
  'too-large': 'importTooLarge',
  foreign: 'importForeign',
  version: 'importVersion',
  'needs-passphrase': 'importNeedsPassphrase',
  'wrong-passphrase': 'importWrongPassphrase',
  corrupt: 'importCorrupt',
};

export function TransferSettings({ f, accounts, exportable, addAccounts }: Props) {
  const includeKeys = useSignal(false);
  const exportPassphrase = useSignal('');
  const exportStatus = useSignal('');
  const fileText = useSignal<string | null>(null);
  const importPassphrase = useSignal('');
  const needsPassphrase = useSignal(false);
  const plan = useSignal<ImportPlan | null>(null);
  const importStatus = useSignal('');
  const pasteProvider = useSignal(PROVIDER_LIST[0]!.id);
  const pasteBase = useSignal('');
  const pasteText = useSignal('');
  const pasteStatus = useSignal('');

  const onExport = async () => {
    if (includeKeys.value && !exportPassphrase.value) {
      exportStatus.value = t('passphraseRequired');
      document.getElementById('x-passphrase')?.focus();
      return;
    }
    try {
      const { accounts: list, settings } = exportable();
      const text = await exportFile({
        accounts: list,
        settings,
        includeKeys: includeKeys.value,
        ...(includeKeys.value ? { passphrase: exportPassphrase.value } : {}),
        now: Date.now(),
      });
      const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `credit-gauge-${new Date().toISOString().slice(0, 10)}.json`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      exportStatus.value = f.plural(includeKeys.value ? 'exportedWithKeys' : 'exportedNoKeys', list.length);
    } catch {
      exportStatus.value = t('actionFailed');
    }
  };

  /** Reads the chosen file (with the passphrase once asked for) and previews what would be added. */
  const openFile = async () => {
    if (fileText.value === null) return;
    const read = await readFile(fileText.value, importPassphrase.value || undefined);
    plan.value = null;
    if (!read.ok) {
      needsPassphrase.value = read.reason === 'needs-passphrase' || read.reason === 'wrong-passphrase' || needsPassphrase.value;
      importStatus.value = t(READ_WORDS[read.reason]);
      return;
    }
    plan.value = planImport([...accounts], read.accounts, newAccountId);
    importStatus.value = '';
  };

  const onConfirmImport = () => {
    const next = plan.value;
    if (!next) return;
    // Asked inside the click, for every origin the new accounts read from.
    const granted = requestOriginsAccess(next.add.map((a) => a.baseUrl));
    void (async () => {
      await granted; // refused origins show as "access not granted" on their accounts
      await addAccounts(next.add);
      importStatus.value = f.plural('importDone', next.add.length);
      plan.value = null;
      fileText.value = null;
      needsPassphrase.value = false;
      importPassphrase.value = '';
    })().catch(() => (importStatus.value = t('actionFailed')));
  };

  const onPaste = () => {
    const { keys, rejected } = parseKeyLines(pasteText.value);
    const info = providerInfo(pasteProvider.value) ?? PROVIDER_LIST[0]!;
    const base = info.baseUrl || withScheme(pasteBase.value);
    const made: Account[] = [];
    let problems = rejected;
    for (const key of keys) {
      const form = { ...emptyForm(info.id), name: `${info.label} ${maskKey(key)}`, key, baseUrl: base };
      const checked = validateAccountForm(form, newAccountId());
      if (checked.ok) made.push(checked.account);
      else problems++;
    }
    const pasted = planImport([...accounts], made, newAccountId);
    if (!pasted.add.length) {
      pasteStatus.value = t(keys.length ? 'pasteNothingNew' : 'pasteNoKeys');
      return;
    }
    const granted = requestOriginsAccess(pasted.add.map((a) => a.baseUrl));
    void (async () => {
      await granted;
      await addAccounts(pasted.add);
      pasteText.value = '';
      const skipped = pasted.skipped.length + problems;
      pasteStatus.value = [f.plural('pasteAdded', pasted.add.length), ...(skipped ? [f.plural('pasteSkipped', skipped)] : [])].join(' ');
    })().catch(() => (pasteStatus.value = t('actionFailed')));
  };

  const pasteInfo = providerInfo(pasteProvider.value);
  return (
    <section class="general transfer" aria-labelledby="transfer-title">
      <h2 id="transfer-title">{t('transferHeading')}</h2>

      <h3>{t('exportHeading')}</h3>
      <label class="check">
        <input type="checkbox" checked={includeKeys.value} onChange={(e) => (includeKeys.value = e.currentTarget.checked)} />
        {t('includeKeys')}
      </label>
      {includeKeys.value && (
        <div class="row">
          <label for="x-passphrase">{t('labelPassphrase')}</label>
          <input
            id="x-passphrase"
            type="password"
            autoComplete="new-password"
            aria-describedby="x-passphrase-hint"
            value={exportPassphrase.value}
            onInput={(e) => (exportPassphrase.value = e.currentTarget.value)}
          />
          <p id="x-passphrase-hint" class="hint">
            {t('passphraseHint')}
          </p>
        </div>
      )}
      <div class="actions">
        <button type="button" onClick={() => void onExport()}>
          {t('exportButton')}
        </button>
      </div>
      <p class="outcome" role="status" aria-live="polite">
        {exportStatus.value}
      </p>

      <h3>{t('importHeading')}</h3>
      <div class="row">
        <label for="i-file">{t('importFileLabel')}</label>
        <input
          id="i-file"
          type="file"
          accept="application/json,.json"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            plan.value = null;
            needsPassphrase.value = false;
            importPassphrase.value = '';
            if (!file) return;
            void file.text().then((text) => {
              fileText.value = text;
              return openFile();
            });
          }}
        />
      </div>
      {needsPassphrase.value && (
        <div class="row">
          <label for="i-passphrase">{t('labelPassphrase')}</label>
          <span class="with-button">
            <input
              id="i-passphrase"
              type="password"
              autoComplete="off"
              value={importPassphrase.value}
              onInput={(e) => (importPassphrase.value = e.currentTarget.value)}
              onKeyDown={(e) => e.key === 'Enter' && void openFile()}
            />
            <button type="button" onClick={() => void openFile()}>
              {t('openFile')}
            </button>
          </span>
        </div>
      )}
      {plan.value && (
        <div class="import-plan" role="group" aria-label={t('importPreview')}>
          {plan.value.add.length > 0 && <p>{f.plural('importWillAdd', plan.value.add.length)}</p>}
          <ul>
            {plan.value.add.map((a) => (
              <li key={a.id}>
                {a.name} · {providerInfo(a.provider)?.label ?? a.provider}
                {/* A signed-in site has no key to miss: the browser's login reads it. */}
                {a.key || providerInfo(a.provider)?.session ? '' : ` · ${t('importNoKey')}`}
              </li>
            ))}
          </ul>
          {plan.value.skipped.length > 0 && <p class="muted">{f.plural('importSkipped', plan.value.skipped.length)}</p>}
          <div class="actions">
            {plan.value.add.length > 0 && (
              <button type="button" class="primary" onClick={onConfirmImport}>
                {f.plural('importConfirm', plan.value.add.length)}
              </button>
            )}
            <button type="button" onClick={() => (plan.value = null)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
      <p class="outcome" role="status" aria-live="polite">
        {importStatus.value}
      </p>

      <h3>{t('pasteHeading')}</h3>
      <div class="row">
        <label for="p-provider">{t('pasteProviderLabel')}</label>
        <select id="p-provider" value={pasteProvider.value} onChange={(e) => (pasteProvider.value = e.currentTarget.value)}>
          {/* Providers whose own fields all have defaults: a key alone makes an account. */}
          {PROVIDER_LIST.filter((p) => !p.session && (p.fields ?? []).every((f) => f.choices)).map((p) => (
            <option value={p.id} key={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      {pasteInfo && !pasteInfo.baseUrl && (
        <div class="row">
          <label for="p-base">{t('pasteBaseLabel')}</label>
          <input id="p-base" type="url" value={pasteBase.value} onInput={(e) => (pasteBase.value = e.currentTarget.value)} />
        </div>
      )}
      <div class="row">
        <label for="p-keys">{t('pasteKeysLabel')}</label>
        <textarea
          id="p-keys"
          rows={4}
          spellcheck={false}
          autoComplete="off"
          value={pasteText.value}
          onInput={(e) => (pasteText.value = e.currentTarget.value)}
        />
      </div>
      <div class="actions">
        <button type="button" onClick={onPaste}>
          {t('pasteButton')}
        </button>
      </div>
      <p class="outcome" role="status" aria-live="polite">
        {pasteStatus.value}
      </p>
    </section>
  );
}
