// Keeps the popup's first screen (issue 22) in step with what it shows: any
// stored change to the accounts, the settings, a refresh's progress or a state
// renders it again once changes pause (a refresh's results land as a burst: one
// render after it, not one per result), and writes it only when it changed. The
// render itself is injected (the popup's components render it; lib/ does not
// import them).
import { readStates } from '../store/records';
import type { PopupScreen, RenderScreen } from '../store/popup-screen';
import { accountsItem, activityItem, popupScreenItem, readItems, settingsItem } from '../store/storage';

/** A change is drawn once no other has come for this long: a popup opened a moment later shows it. */
export const SCREEN_QUIET_MS = 200;
/** However long a burst lasts, the screen is drawn at least this often while it does. */
export const SCREEN_MAX_WAIT_MS = 2000;

/** The stored items a first screen is drawn from. */
const shown = (key: string) => key === accountsItem.key || key === settingsItem.key || key === activityItem.key || key.startsWith('state:');

/** What makes two screens the same: the markup and the age line (`at` alone moving is no change). */
const signature = (screen: PopupScreen | null) => (screen ? JSON.stringify([screen.html, screen.ui, screen.lang, screen.status]) : '');

export function createScreenWriter(render: RenderScreen, now: () => number) {
  // What storage holds, once known: a worker woken by an alarm renders at start, and must not write the
  // screen it finds there again.
  let written: string | undefined;
  async function write(): Promise<void> {
    const [accounts, settings, activity] = await readItems(accountsItem, settingsItem, activityItem);
    const screen = render({ accounts, settings, activity, states: await readStates(accounts) }, now());
    written ??= signature(await popupScreenItem.getValue());
    const same = signature(screen);
    if (same === written) return;
    await popupScreenItem.setValue(screen);
    written = same;
  }
  let quiet: ReturnType<typeof setTimeout> | undefined;
  let longest: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  const pending = () => quiet !== undefined;
  const fire = () => {
    clearTimeout(quiet);
    clearTimeout(longest);
    quiet = longest = undefined;
    // Renders never overlap; a failed one leaves the last screen, which says how old it is.
    running = running.then(write).catch(() => undefined);
    return running;
  };
  return {
    /** storage.onChanged: a change to what the screen shows asks for a render once changes pause. */
    onChanged(changes: Record<string, unknown>, area: string): void {
      if (area !== 'local' || !Object.keys(changes).some(shown)) return;
      clearTimeout(quiet);
      quiet = setTimeout(fire, SCREEN_QUIET_MS);
      longest ??= setTimeout(fire, SCREEN_MAX_WAIT_MS);
    },
    /** Renders now (at every worker start: a new version or language may draw it differently). */
    now: fire,
    /** Resolves once every render asked for so far is written. */
    flush: () => (pending() ? fire() : running),
  };
}
