import { defineBackground } from 'wxt/utils/define-background';
import { DEFAULT_DEPS, startService } from '@/lib/background/service';
import { renderPopupScreen } from '@/components/popup/popup-screen';

export default defineBackground(() => {
  startService({ ...DEFAULT_DEPS, renderScreen: renderPopupScreen });
});
