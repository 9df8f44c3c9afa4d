// Imported first by the popup entry: starts the one storage read that the first
// paint waits on while the rest of the module graph is still being evaluated.
import { accountsItem, readItems, settingsItem, statesItem } from '@/lib/store/storage';

export const popupState = readItems(accountsItem, statesItem, settingsItem);
