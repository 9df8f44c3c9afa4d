import { signal } from '@preact/signals';
import type { providerLabel } from '@/lib/providers/registry';

/**
 * Provider names for the popup's cards, from the registry loaded after the
 * first paint: the catalogue's data (labels, links, form fields of a dozen
 * providers) would not fit the popup's 20 KB first load, and a balance never
 * waits for the name of its provider. The settings page imports the registry directly.
 */
export const providerNames = signal<typeof providerLabel | null>(null);

export function loadProviderNames(): Promise<void> {
  return import('@/lib/providers/registry').then((m) => {
    providerNames.value = m.providerLabel;
  });
}
