import type { Redis } from 'ioredis';

/**
 * Seconds of CPU redis-server has used so far (main thread and its background threads), from `INFO cpu`: the
 * server's own accounting, steadier than wall time on a machine other work shares.
 */
export async function redisCpuSeconds(redis: Pick<Redis, 'info'>): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}
