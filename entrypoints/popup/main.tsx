import '@/components/popup/popup-preload';
import { render } from 'preact';
import { PopupApp } from '@/components/popup/popup-app';
import { createPopupModel } from '@/components/popup/popup-model';
import '@/components/popup/popup.css';
import { setPageLanguage } from '@/lib/words/i18n';

setPageLanguage();
const model = createPopupModel();
// Mounted once the stored state is in: the first paint already shows balances.
void model.ready.then(() => render(<PopupApp model={model} />, document.getElementById('app')!));
