// A few typed checks for data read back from storage. Each returns the value
// (cleaned) or `undefined` when it is not of that shape. Objects take their
// required fields, and keep each optional field only when it checks: a broken
// optional part is dropped, never the whole record.
//
// Why not valibot, which reads server answers: the popup must parse what it
// paints, and valibot's runtime measured 2.2 KB gzipped of the popup's 20 KB
// budget (21.6 KB with it). Server answers are parsed in the background only.

export type Check<T> = (value: unknown) => T | undefined;
type Shape = Record<string, Check<unknown>>;
type Out<S extends Shape> = { [K in keyof S]: S[K] extends Check<infer T> ? T : never };

export const finite: Check<number> = (x) => (typeof x === 'number' && Number.isFinite(x) ? x + 0 : undefined);

export const between =
  (min: number, max: number, whole = false): Check<number> =>
  (x) => {
    const n = finite(x);
    return n !== undefined && n >= min && n <= max && (!whole || Number.isInteger(n)) ? n : undefined;
  };

export const bool: Check<boolean> = (x) => (typeof x === 'boolean' ? x : undefined);

/** A string, cut to `max` characters (stored text is shown as text, never as markup). */
export const text =
  (max: number): Check<string> =>
  (x) =>
    typeof x === 'string' ? x.slice(0, max) : undefined;

export const oneOf =
  <T extends string>(values: readonly T[]): Check<T> =>
  (x) =>
    values.includes(x as T) ? (x as T) : undefined;

export const nullable =
  <T>(check: Check<T>): Check<T | null> =>
  (x) =>
    x === null ? null : check(x);

export const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

export function object<R extends Shape, O extends Shape = Record<never, never>>(
  required: R,
  optional?: O,
): Check<Out<R> & Partial<Out<O>>> {
  return (x) => {
    if (!isObject(x)) return undefined;
    const out: Record<string, unknown> = {};
    for (const key in required) {
      const value = required[key]!(x[key]);
      if (value === undefined) return undefined;
      out[key] = value;
    }
    for (const key in optional) {
      const value = optional[key]!(x[key]);
      if (value !== undefined) out[key] = value;
    }
    return out as Out<R> & Partial<Out<O>>;
  };
}

/** The entries of a list that check; a broken entry is left out, never the list. At most `max` kept. */
export const listOf =
  <T>(check: Check<T>, max: number): Check<T[]> =>
  (x) => {
    if (!Array.isArray(x)) return undefined;
    const out: T[] = [];
    for (const entry of x.slice(0, max)) {
      const value = check(entry);
      if (value !== undefined) out.push(value);
    }
    return out;
  };

/** A small map of text to text: at most `max` entries, each key and value cut to `chars`. */
export const textMap =
  (max: number, chars: number): Check<Record<string, string>> =>
  (x) => {
    if (!isObject(x)) return undefined;
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(x).slice(0, max)) {
      if (typeof value === 'string' && key.length <= 64) out[key] = value.slice(0, chars);
    }
    return out;
  };
