export * from './errors.ts';
export * from './date.ts';
export * from './explain.ts';
