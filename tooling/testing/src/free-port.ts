import { createServer } from 'node:net';

/**
 * Asks the kernel for a free loopback port. There is a window between closing the probe and the server binding,
 * so callers that spawn a server retry on "address in use" rather than trusting the port blindly.
 */
export async function findFreeLoopbackPort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') {
        probe.close();
        reject(new Error('could not read the probe port'));
        return;
      }
      probe.close(() => resolve(address.port));
    });
  });
}
