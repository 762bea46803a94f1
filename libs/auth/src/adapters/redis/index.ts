export * from './redis-attempt-counter';
