export * from './connection/index.ts';
export * from './http/index.ts';
export * from './rate-limit/index.ts';
