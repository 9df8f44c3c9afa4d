import { t } from '@/lib/words/i18n';
import { PROVIDER_LIST } from '@/lib/providers/registry';

/** The first-run card the settings page opens with after install: pin, add a key, done. */
export function Welcome({ onDone }: { onDone: () => void }) {
  // Only links that stand on their own: a gateway's key page depends on its site.
  const places = PROVIDER_LIST.filter((p) => p.keyUrl && !p.keyUrl.startsWith('/'));
  return (
    <section class="welcome" aria-labelledby="welcome-title">
      <h2 id="welcome-title">{t('welcomeTitle')}</h2>
      <ol>
        <li>{t('welcomePin')}</li>
        <li>
          {t('welcomeAddKey')}
          <ul class="key-places">
            {places.map((p) => (
              <li key={p.id}>
                <a href={p.keyUrl} target="_blank" rel="noopener noreferrer">
                  {p.label}
                </a>
              </li>
            ))}
          </ul>
        </li>
        <li>{t('welcomeDone')}</li>
      </ol>
      <button type="button" class="primary" onClick={onDone}>
        {t('welcomeGotIt')}
      </button>
    </section>
  );
}
