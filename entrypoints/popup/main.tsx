import '@/components/popup-preload';
import { render } from 'preact';
import { PopupApp } from '@/components/popup-app';
import { createPopupModel } from '@/components/popup-model';
import '@/components/popup.css';

const model = createPopupModel();
// Mounted once the stored state is in: the first paint already shows balances.
void model.ready.then(() => render(<PopupApp model={model} />, document.getElementById('app')!));
