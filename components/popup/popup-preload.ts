// Imported first by the popup entry: starts the storage reads that the first
// paint waits on while the rest of the module graph is still being evaluated.
import { readStoredView } from '../shared/stored-view';

export const popupState = readStoredView();
