import { ValueTransformer } from 'typeorm';

/**
 * Reads a `bigint` column as a number. PostgreSQL hands `bigint` back as a string, since it may
 * exceed 2^53; the counters kept this way (RFC 6238 time steps) stay far below that.
 */
export const bigintNumber: ValueTransformer = {
  to: (value: number | undefined): number | undefined => value,
  from: (value: string | number): number => Number(value),
};
