export * from './codes.ts';
export * from './schema.ts';
export * from './registry.ts';
export { builtInPacks, nationalPack, neiMongol2022Pack, neiMongolPack, xuchangPack, chongqingPack } from './builtin.ts';
