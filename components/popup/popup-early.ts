// The classic script popup.html runs while it is still parsing (built on its own by
// build/early-script.ts, a few hundred bytes): it asks storage for the screen the
// background rendered ahead of time (first-screen.ts), puts it on the page the moment
// the read returns, and only once that is painted starts the app's own script, which
// the build left waiting (build/popup-after-first-screen.ts). The popup's JavaScript
// never delays its first paint.
import { browser } from '@/lib/browser-api';
import { POPUP_SCREEN } from '@/lib/store/popup-screen';
import { paintFirstScreen, startApp } from './first-screen';

const painted = browser.storage.local
  .get(POPUP_SCREEN)
  .then((stored) => paintFirstScreen(stored[POPUP_SCREEN], document, browser.i18n.getUILanguage()));
void startApp(painted, document);
