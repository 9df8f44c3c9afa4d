import { defineBackground } from 'wxt/utils/define-background';
import { startService } from '@/lib/service';

export default defineBackground(() => {
  startService();
});
