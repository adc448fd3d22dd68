export { findExecutable } from './find-executable.ts';
export { findFreeLoopbackPort } from './free-port.ts';
export { type RedisServerHandle, type StartRedisServerOptions, startRedisServer } from './redis-server.ts';
export { useRedisServer } from './use-redis-server.ts';
export { locateVendorSpecs, type VendorSpecsLocation, vendorSpecPath } from './vendor-specs.ts';
