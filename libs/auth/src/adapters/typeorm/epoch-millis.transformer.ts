import { ValueTransformer } from 'typeorm';

/**
 * Stores a Date as epoch milliseconds in a `bigint` column. SQLite and PostgreSQL disagree on
 * timestamp types and precision; an integer means the same on both, keeps milliseconds, and
 * compares correctly in SQL. PostgreSQL hands `bigint` back as a string, hence `Number(...)`.
 */
export const epochMillis: ValueTransformer = {
  to: (value: Date | null | undefined): number | null | undefined => (value instanceof Date ? value.getTime() : value),
  from: (value: string | number | null): Date | null => (value === null || value === undefined ? null : new Date(Number(value))),
};
