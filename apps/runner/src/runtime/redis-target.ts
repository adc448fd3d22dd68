/**
 * Where the runner's Redis is: one server (`redis://…`, `rediss://…`, as ioredis reads them) or a Redis Cluster
 * given by seed nodes in one URL, `redis+cluster://[user:password@]host1:port1,host2:port2` (`rediss+cluster://`
 * for TLS). One URL for both keeps `--redis-url` / `REDIS_URL` the only setting an operator has to learn; the
 * client discovers the other nodes from any seed that answers.
 */
export type RedisTarget =
  | { readonly kind: 'server'; readonly url: string }
  | {
      readonly kind: 'cluster';
      readonly nodes: ReadonlyArray<{ readonly host: string; readonly port: number }>;
      readonly username: string | undefined;
      readonly password: string | undefined;
      readonly tls: boolean;
    };

const redisUrlErrorMarker = Symbol.for('stockwire.runner.redis-url-error');

/** A Redis URL that cannot be used; the message shows it without its password. */
export class RedisUrlError extends Error {
  readonly [redisUrlErrorMarker] = true;
  readonly retryable = false;

  constructor(message: string) {
    super(message);
    this.name = 'RedisUrlError';
  }

  static isInstance(value: unknown): value is RedisUrlError {
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[redisUrlErrorMarker] === true
    );
  }
}

const clusterSchemes: Readonly<Record<string, boolean>> = { 'redis+cluster': false, 'rediss+cluster': true };
const defaultPort = 6379;

export function parseRedisTarget(url: string): RedisTarget {
  const separator = url.indexOf('://');
  const scheme = separator === -1 ? '' : url.slice(0, separator).toLowerCase();
  const tls = clusterSchemes[scheme];
  if (tls === undefined) return { kind: 'server', url };
  const rest = url.slice(separator + 3);
  const at = rest.lastIndexOf('@');
  const authority = at === -1 ? rest : rest.slice(at + 1);
  const [username, password] = at === -1 ? [undefined, undefined] : credentialsOf(rest.slice(0, at));
  const shown = describeRedisTarget(url);
  // A cluster has only database 0; a path or query would be silently ignored, so it is refused.
  if (/[/?#]/.test(authority.replace(/\/$/, ''))) {
    throw new RedisUrlError(`${shown}: a Redis Cluster URL lists seed nodes only (no database, path or options)`);
  }
  const nodes = authority
    .replace(/\/$/, '')
    .split(',')
    .map((entry) => nodeOf(entry.trim(), shown));
  return { kind: 'cluster', nodes, username, password, tls };
}

function credentialsOf(userInfo: string): [string | undefined, string | undefined] {
  const colon = userInfo.indexOf(':');
  const user = decodeURIComponent(colon === -1 ? userInfo : userInfo.slice(0, colon));
  const password = colon === -1 ? undefined : decodeURIComponent(userInfo.slice(colon + 1));
  return [user === '' ? undefined : user, password === '' ? undefined : password];
}

function nodeOf(entry: string, shown: string): { host: string; port: number } {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s]+)(?::(\d+))?$/.exec(entry);
  const port = match?.[2] === undefined ? defaultPort : Number(match[2]);
  if (match?.[1] === undefined || port < 1 || port > 65_535) {
    throw new RedisUrlError(`${shown}: "${entry}" is not a seed node (host:port, e.g. 10.0.0.5:7000)`);
  }
  return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port };
}

/** The URL without its password, for messages and logs. */
export function describeRedisTarget(url: string): string {
  const separator = url.indexOf('://');
  if (separator !== -1 && clusterSchemes[url.slice(0, separator).toLowerCase()] !== undefined) {
    const rest = url.slice(separator + 3);
    const at = rest.lastIndexOf('@');
    const colon = rest.indexOf(':');
    if (at === -1 || colon === -1 || colon > at) return url;
    return `${url.slice(0, separator + 3)}${rest.slice(0, colon)}:***${rest.slice(at)}`;
  }
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unreadable Redis URL)';
  }
}

/** The password in the URL, if any, so that logs can redact it. */
export function passwordOfRedisTarget(url: string): string | undefined {
  try {
    const target = parseRedisTarget(url);
    if (target.kind === 'cluster') return target.password;
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}
