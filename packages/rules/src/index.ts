/** @bangfu/rules — pure rule packs and evaluators (no IO, no clock: "as of" is always a parameter). */
export * from './core/index.ts';
export * from './calendar/index.ts';
export * from './identity/index.ts';
export * from './retirement/index.ts';
export * from './packs/index.ts';
export * from './policies/index.ts';
export * from './evaluators/index.ts';
export * from './evaluate.ts';
export * from './jobs/index.ts';
