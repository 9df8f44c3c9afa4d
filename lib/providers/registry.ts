// What the extension knows about each provider, as plain data: views import this
// without pulling in the response schemas.
import type { ProviderId, Unit } from '../balance';

export interface ProviderInfo {
  id: ProviderId;
  label: 'Apertis' | 'Apikley';
  officialBaseUrl: 'https://api.apertis.ai' | 'https://api.apikley.ru';
  unit: Unit;
}

export const PROVIDERS = {
  apertis: { id: 'apertis', label: 'Apertis', officialBaseUrl: 'https://api.apertis.ai', unit: 'USD' },
  apikley: { id: 'apikley', label: 'Apikley', officialBaseUrl: 'https://api.apikley.ru', unit: 'credits' },
} as const satisfies Record<ProviderId, ProviderInfo>;
