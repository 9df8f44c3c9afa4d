import { defineBackground } from 'wxt/utils/define-background';
import { startService } from '@/lib/background/service';

export default defineBackground(() => {
  startService();
});
