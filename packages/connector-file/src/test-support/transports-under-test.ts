import { type SftpServerHandle, startSftpServer } from '@stockwire/testing';
import type { FileConnectorSettingsInput } from '../file-settings.ts';

/** One way the connector reaches its files, started over a folder the test owns. */
export interface TransportUnderTest {
  readonly name: string;
  start(root: string): Promise<{
    transport: FileConnectorSettingsInput['transport'];
    environment: NodeJS.ProcessEnv;
    stop(): Promise<void>;
  }>;
}

/** Both transports a streaming test must hold for: a local folder and SFTP against a real sshd on loopback. */
export const transportsUnderTest: readonly TransportUnderTest[] = [
  {
    name: 'a folder',
    start: async (root) => ({
      transport: { kind: 'folder', path: root },
      environment: {},
      stop: async () => undefined,
    }),
  },
  {
    name: 'SFTP against a real sshd',
    async start(root) {
      const server: SftpServerHandle = await startSftpServer({ rootFolder: root });
      return {
        transport: {
          kind: 'sftp',
          host: server.host,
          port: server.port,
          username: server.username,
          privateKey: { env: 'WMS_SFTP_KEY' },
        },
        environment: { WMS_SFTP_KEY: server.privateKey },
        stop: () => server.stop(),
      };
    },
  },
];
