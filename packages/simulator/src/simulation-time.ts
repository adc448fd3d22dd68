/** Simulated second 0; events carry real timestamps so the model orders them as it would in production. */
const simulationEpochMs = Date.parse('2026-11-27T09:00:00.000Z');

export function timestampAt(seconds: number): string {
  return new Date(simulationEpochMs + Math.round(seconds * 1000)).toISOString();
}

export function dateAt(seconds: number): Date {
  return new Date(simulationEpochMs + Math.round(seconds * 1000));
}

export function secondsAt(timestamp: string): number {
  return (Date.parse(timestamp) - simulationEpochMs) / 1000;
}
