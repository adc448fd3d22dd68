/** The sandbox's own time: real time plus whatever a test advanced it by, so receiving orders move on command. */
export interface SandboxClock {
  now(): number;
  iso(): string;
  advance(milliseconds: number): void;
}

export function createSandboxClock(start: number = Date.now()): SandboxClock {
  const offset = start - Date.now();
  let advanced = 0;
  return {
    now: () => Date.now() + offset + advanced,
    iso() {
      return new Date(this.now()).toISOString();
    },
    advance(milliseconds) {
      if (!(milliseconds >= 0)) throw new RangeError(`the clock only moves forward: ${milliseconds}`);
      advanced += milliseconds;
    },
  };
}
