// Moonshot / Kimi (China): the same reading as ./moonshot.ts on the .cn
// platform, whose keys only work there, in CNY. /work/shared/api/providers.md "Moonshot / Kimi"
import type { BalanceSnapshot } from '../model/balance';
import type { Result } from '../model/errors';
import { readMoonshot } from './moonshot';
import type { ProviderInfo, ReadContext } from './types';

export const info = {
  id: 'moonshot-cn',
  label: 'Moonshot (China)',
  baseUrl: 'https://api.moonshot.cn',
  keyHint: 'keyHintMoonshotCn',
  keyUrl: 'https://platform.moonshot.cn/console/api-keys',
  topUpUrl: 'https://platform.moonshot.cn/console/pay',
  unit: 'CNY',
  warnBelow: 30,
  apiSuffix: /\/v1\/*$/,
} as const satisfies ProviderInfo;

export function read(ctx: ReadContext): Promise<Result<BalanceSnapshot>> {
  return readMoonshot(ctx, info);
}
