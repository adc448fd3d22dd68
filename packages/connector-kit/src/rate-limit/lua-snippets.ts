/**
 * Lua shared by the limiter scripts. Time comes from the Redis server (`TIME`, microseconds), never from the
 * calling process, so processes with skewed clocks still agree on the state of a bucket.
 */
export const serverNowLua = `
local serverTime = redis.call('TIME')
local now = tonumber(serverTime[1]) * 1000 + tonumber(serverTime[2]) / 1000
`;

/**
 * Refuses while the bucket is paused (the vendor said "slow down" to one of the processes). Expects the pause
 * key as KEYS[2].
 */
export const pauseCheckLua = `
local pausedForMs = redis.call('PTTL', KEYS[2])
if pausedForMs > 0 then
  return {0, pausedForMs}
end
`;

/**
 * Node timers fire on whole milliseconds and can fire up to a millisecond early; one extra millisecond on every
 * wait means a caller who sleeps exactly `waitMs` finds the tokens there.
 */
export const timerSlackMs = 1;
