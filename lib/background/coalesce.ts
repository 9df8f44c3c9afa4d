/**
 * Folds bursts of requests into one run of `task` at most every `delayMs`:
 * results landing one after another repaint the badge a few times a second,
 * not once per account. Runs never overlap.
 */
export function coalesce(task: () => Promise<void>, delayMs: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  const fire = () => {
    timer = undefined;
    running = running.then(task).catch(() => undefined);
    return running;
  };
  return {
    /** A run will start within `delayMs`. */
    request(): void {
      timer ??= setTimeout(fire, delayMs);
    },
    /** Runs now (folding in a pending request) and resolves when done. */
    now(): Promise<void> {
      if (timer !== undefined) clearTimeout(timer);
      return fire();
    },
    /** Resolves once every request made so far has been served. */
    flush(): Promise<void> {
      if (timer !== undefined) {
        clearTimeout(timer);
        return fire();
      }
      return running;
    },
  };
}
