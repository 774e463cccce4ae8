export * from './schema.ts';
export * from './catalogue.ts';
export { builtInPolicies } from './builtin.ts';
