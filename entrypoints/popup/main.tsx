// Started by the early script once the screen rendered ahead of time is painted
// (build/popup-after-first-screen.ts): it takes over that screen.
import { render } from 'preact';
import { PopupApp } from '@/components/popup/popup-app';
import { POPUP_INTERACTIVE } from '@/lib/store/popup-screen';
import { createPopupModel } from '@/components/popup/popup-model';
import '@/components/popup/popup.css';
import { setPageLanguage } from '@/lib/words/i18n';

setPageLanguage();
const model = createPopupModel();
// Mounted once the stored state is in, over the screen the early script painted (if any): Preact
// reuses its elements, so the first paint already shows balances and the takeover shows no change.
void model.ready.then(() => {
  render(<PopupApp model={model} />, document.getElementById('app')!);
  performance.mark(POPUP_INTERACTIVE);
});
