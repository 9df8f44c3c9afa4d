// balance-history.html, not history.html: WXT makes an entrypoint named "history" the browser's own
// History page (chrome_url_overrides), which would take chrome://history from the user.
import { render } from 'preact';
import { HistoryApp } from '@/components/history/history-app';
import { createHistoryModel } from '@/components/history/history-model';
import { createFormatter } from '@/lib/words/format';
import { setPageLanguage, t, uiLocale } from '@/lib/words/i18n';
import '@/components/history/history.css';

setPageLanguage();
document.title = `${t('extName')} — ${t('historyTitle')}`;
const model = createHistoryModel(location.search);
void model.ready.then(() => render(<HistoryApp model={model} f={createFormatter(uiLocale(), t)} />, document.getElementById('app')!));
