/**
 * The oldest dirty members of a connection that no push answer holds, in one call: ends the holds that are over,
 * then walks the dirty set from the oldest in ranges, skipping held members on the server. Before, every plan read
 * the whole held set and `limit + held` dirty entries into Node once anything was held (30,000 Amazon SKUs waiting
 * on a feed: about 60,000 entries per flush); now only the free entries it returns cross the wire, and a held member
 * costs one ZSCORE.
 *
 * KEYS: dirty sorted set, held sorted set (member → hold end, epoch ms)
 * ARGV: now (epoch ms), limit
 * Returns: { member, score, member, score, … }, 1 when more free members wait beyond them (else 0), and the first
 * hold's end ('' when nothing is held)
 */
export const takeDirtyScript = `
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
local limit = tonumber(ARGV[2])
local total = redis.call('ZCARD', KEYS[1])
local firstHold = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
if limit <= 0 then return { {}, total > 0 and 1 or 0, firstHold[2] or '' } end
if firstHold[2] == nil then
  local entries = redis.call('ZRANGE', KEYS[1], 0, limit - 1, 'WITHSCORES')
  return { entries, total > #entries / 2 and 1 or 0, '' }
end
local entries, taken, more, start, range = {}, 0, 0, 0, 1000
while more == 0 and start < total do
  local flat = redis.call('ZRANGE', KEYS[1], start, start + range - 1, 'WITHSCORES')
  for index = 1, #flat, 2 do
    if not redis.call('ZSCORE', KEYS[2], flat[index]) then
      if taken == limit then more = 1 break end
      entries[#entries + 1] = flat[index]
      entries[#entries + 1] = flat[index + 1]
      taken = taken + 1
    end
  end
  start = start + range
end
return { entries, more, firstHold[2] }
`;
