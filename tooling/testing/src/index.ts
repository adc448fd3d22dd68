export { findExecutable } from './find-executable.ts';
export { describeFirstExample } from './first-example-suite.ts';
export { findFreeLoopbackPort } from './free-port.ts';
export { hoursAgo } from './recent-time.ts';
export { type RedisClusterHandle, startRedisCluster } from './redis-cluster.ts';
export { type RedisServerHandle, type StartRedisServerOptions, startRedisServer } from './redis-server.ts';
export { type SftpServerHandle, type StartSftpServerOptions, startSftpServer } from './sftp-server.ts';
export { useRedisServer } from './use-redis-server.ts';
export { locateVendorSpecs, type VendorSpecsLocation, vendorSpecPath } from './vendor-specs.ts';
