/**
 * The sandbox's own clock for vendor-side delays (feed processing). Tests move it forward instead of sleeping,
 * so a feed that Amazon processes in minutes is DONE the moment the test says so.
 */
export interface SandboxClock {
  now(): number;
  advance(milliseconds: number): void;
}

export function createSandboxClock(start = Date.parse('2026-11-24T12:00:00Z')): SandboxClock {
  let current = start;
  return {
    now: () => current,
    advance(milliseconds) {
      if (!(milliseconds >= 0)) throw new RangeError(`the sandbox clock only moves forward: ${milliseconds}`);
      current += milliseconds;
    },
  };
}
