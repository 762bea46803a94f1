/* eslint-disable @typescript-eslint/no-explicit-any */
// The contract suites must load in any test runner (and in none: `@stepgate/auth/testing` is
// imported by plain app code too), so they take the runner's functions at call time instead of
// importing one. Jest and Vitest (with `globals: true`) both provide these as globals.

/** The matchers the contract suites use, a subset Jest and Vitest share. */
export interface ContractMatchers {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toMatchObject(expected: object): void;
  toHaveLength(length: number): void;
  toBeUndefined(): void;
  toThrow(expected?: unknown): void;
  readonly not: ContractMatchers;
}

/** `expect(value)` of Jest or Vitest, as far as the contract suites need it. */
export interface ContractExpect {
  (actual: unknown): ContractMatchers & {
    readonly rejects: { [K in keyof ContractMatchers]: ContractMatchers[K] extends (...args: infer A) => void ? (...args: A) => Promise<void> : never };
    readonly resolves: { [K in keyof ContractMatchers]: ContractMatchers[K] extends (...args: infer A) => void ? (...args: A) => Promise<void> : never };
  };
}

/** The functions of a test runner a contract suite calls. */
export interface TestRunner {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void> | void, timeoutMs?: number): void;
  beforeEach(body: () => Promise<void> | void): void;
  afterEach(body: () => Promise<void> | void): void;
  expect: ContractExpect;
}

const NAMES = ['describe', 'it', 'beforeEach', 'afterEach', 'expect'] as const;

/**
 * The runner a contract suite should use: the one given, or the runner's globals.
 *
 * @example
 * // Vitest without `globals: true`:
 * import { afterEach, beforeEach, describe, expect, it } from 'vitest';
 * sessionRepositoryContract('mine', make, { describe, it, beforeEach, afterEach, expect });
 */
export function resolveTestRunner(given?: TestRunner): TestRunner {
  if (given) return given;
  const globals = globalThis as Record<string, any>;
  const missing = NAMES.filter((name) => typeof globals[name] !== 'function');
  if (missing.length > 0) {
    throw new Error(
      `A Stepgate contract suite needs a test runner: ${missing.join(', ')} not found as globals. ` +
        'Pass { describe, it, beforeEach, afterEach, expect } as its last argument, or enable the globals (Vitest: test.globals).',
    );
  }
  return Object.fromEntries(NAMES.map((name) => [name, globals[name]])) as unknown as TestRunner;
}
