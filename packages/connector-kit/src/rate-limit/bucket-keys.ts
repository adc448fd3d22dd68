/**
 * Redis keys of one account's limiter state. The `{…}` hash tag puts every key of an account in the same Redis
 * Cluster slot, which Lua scripts need (a script may only touch keys of one slot). Names are URL-encoded so an
 * account or bucket containing `{`, `}` or `:` cannot change the tag or collide with another key.
 */
export function accountHashTag(account: string): string {
  return `{stockwire:rl:${encodeURIComponent(account)}}`;
}

export type BucketKind = 'token-bucket' | 'cost-bucket' | 'slots' | 'pause';

export function bucketKey(account: string, kind: BucketKind, bucket: string): string {
  return `${accountHashTag(account)}:${kind}:${encodeURIComponent(bucket)}`;
}
