export * from './errors/index.ts';
export * from './http/index.ts';
export * from './rate-limit/index.ts';
export * from './spec/index.ts';
