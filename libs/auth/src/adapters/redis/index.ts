export * from './redis-attempt-counter';
export * from './redis-flow-state.store';
