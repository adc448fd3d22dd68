/**
 * Resolves with the first SIGTERM or SIGINT. A second signal while shutting down exits at once: whoever presses
 * Ctrl-C twice wants out, and the jobs cut short are taken over by another runner once their locks expire.
 */
export function waitForShutdownSignal(onForcedExit: () => void = () => process.exit(130)): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = false;
    const handle = (signal: NodeJS.Signals) => {
      if (received) {
        onForcedExit();
        return;
      }
      received = true;
      resolve(signal);
    };
    process.on('SIGTERM', handle);
    process.on('SIGINT', handle);
  });
}
