// The benches' environment variables: a typo fails the run instead of measuring something else.

export function positiveInt(value, fallback) {
  const n = Number(value ?? fallback);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`expected a positive integer, got "${value}"`);
  return n;
}

export function positiveNumber(value, fallback) {
  const n = Number(value ?? fallback);
  if (!(n > 0)) throw new Error(`expected a positive number, got "${value}"`);
  return n;
}
