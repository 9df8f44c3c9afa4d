import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

const MIN = 60_000;
const I = 5 * MIN;

describe('backoffDelay', () => {
  it.each([
    { case: 'no failure means no delay', failures: 0, random: 1, ms: 0 },
    { case: 'first failure waits up to one interval', failures: 1, random: 1, ms: I },
    { case: 'second failure doubles', failures: 2, random: 1, ms: 2 * I },
    { case: 'third failure doubles again', failures: 3, random: 1, ms: 4 * I },
    { case: 'fourth failure reaches the cap', failures: 4, random: 1, ms: 8 * I },
    { case: 'the cap is eight intervals', failures: 30, random: 1, ms: 8 * I },
    { case: 'jitter never goes below half', failures: 4, random: 0, ms: 4 * I },
    { case: 'jitter in between', failures: 2, random: 0.5, ms: 1.5 * I },
  ])('$case', ({ failures, random, ms }) => {
    expect(backoffDelay(failures, I, () => random)).toBe(ms);
  });
});
