import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';
import { findExecutable } from './find-executable.ts';
import { findFreeLoopbackPort } from './free-port.ts';

export interface SftpServerHandle {
  readonly host: string;
  readonly port: number;
  /** The current user: the only one allowed to log in. */
  readonly username: string;
  /** The client's private key (OpenSSH format), the only credential the server accepts. */
  readonly privateKey: string;
  /** The host key's fingerprint as `ssh-keygen -lf` prints it (`SHA256:…`), for clients that verify the host. */
  readonly hostKeyFingerprint: string;
  /** The folder sessions start in; relative SFTP paths resolve against it. */
  readonly rootFolder: string;
  /** sshd's own log, for diagnosing a refused login. */
  readonly logFile: string;
  /** Stops sshd (and its open sessions) and removes its keys and config. Leaves `rootFolder` alone. Safe twice. */
  stop(): Promise<void>;
}

export interface StartSftpServerOptions {
  /** An existing absolute folder; sessions start there. */
  rootFolder: string;
  /** How long to wait for the port to accept connections. */
  startTimeoutMs?: number;
}

const sbinFolders = ['/usr/sbin', '/usr/local/sbin', '/sbin'];
const missingSshdMessage =
  'sshd (OpenSSH server) was not found in PATH or /usr/sbin. Install it (Debian/Ubuntu: ' +
  '`apt-get install openssh-server`, macOS: it ships with the system); the tests start their own sshd on a ' +
  'random loopback port with a throwaway config and keys.';
const missingKeygenMessage =
  'ssh-keygen was not found on PATH. Install the OpenSSH client (Debian/Ubuntu: `apt-get install openssh-client`).';
/** Compiled into Debian's sshd: it refuses to start as root when this privilege-separation folder is missing. */
const privilegeSeparationFolder = '/run/sshd';

const run = promisify(execFile);

/**
 * Starts a real OpenSSH sshd on a random loopback port that serves only SFTP (internal-sftp) to the current user
 * with a freshly generated key: no PAM, no passwords, no shell. Each suite starts its own, so suites run in parallel.
 */
export async function startSftpServer(options: StartSftpServerOptions): Promise<SftpServerHandle> {
  const sshd = findExecutable('sshd', sbinFolders);
  if (sshd === undefined) throw new Error(missingSshdMessage);
  const keygen = findExecutable('ssh-keygen', ['/usr/bin', ...sbinFolders]);
  if (keygen === undefined) throw new Error(missingKeygenMessage);
  await checkRootFolder(options.rootFolder);
  if (process.getuid?.() === 0) await mkdir(privilegeSeparationFolder, { recursive: true, mode: 0o755 });

  const folder = await mkdtemp(join(tmpdir(), 'stockwire-sshd-'));
  try {
    const hostKey = join(folder, 'host_ed25519_key');
    const clientKey = join(folder, 'client_ed25519_key');
    await Promise.all([generateKey(keygen, hostKey, 'stockwire test host'), generateKey(keygen, clientKey, 'client')]);
    await writeFile(join(folder, 'authorized_keys'), await readFile(`${clientKey}.pub`, 'utf8'), { mode: 0o600 });
    const hostKeyFingerprint = await fingerprintOf(keygen, `${hostKey}.pub`);
    const username = userInfo().username;
    const logFile = join(folder, 'sshd.log');
    let lastError: unknown;
    // The free port can be taken between the probe and sshd's bind; a few attempts make that race harmless.
    for (let attempt = 0; attempt < 5; attempt++) {
      const port = await findFreeLoopbackPort();
      const configFile = join(folder, `sshd_config.${attempt}`);
      await writeFile(configFile, sshdConfig({ folder, hostKey, port, username, rootFolder: options.rootFolder }));
      try {
        const child = await spawnAndWaitListening(sshd, configFile, logFile, port, options.startTimeoutMs ?? 10_000);
        return {
          host: '127.0.0.1',
          port,
          username,
          privateKey: await readFile(clientKey, 'utf8'),
          hostKeyFingerprint,
          rootFolder: options.rootFolder,
          logFile,
          stop: stopper(child, folder),
        };
      } catch (error) {
        lastError = error;
      }
    }
    throw new Error(`could not start sshd after 5 attempts: ${String(lastError)}`);
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

async function checkRootFolder(rootFolder: string): Promise<void> {
  // sshd_config splits arguments on whitespace; refusing such paths beats a server that starts in the wrong place.
  if (!isAbsolute(rootFolder) || /[\s"']/.test(rootFolder)) {
    throw new Error(`startSftpServer: rootFolder must be an absolute path without spaces or quotes: ${rootFolder}`);
  }
  const info = await stat(rootFolder).catch(() => undefined);
  if (!info?.isDirectory()) throw new Error(`startSftpServer: rootFolder ${rootFolder} is not an existing folder`);
}

async function generateKey(keygen: string, path: string, comment: string): Promise<void> {
  await run(keygen, ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path]);
}

async function fingerprintOf(keygen: string, publicKey: string): Promise<string> {
  const { stdout } = await run(keygen, ['-l', '-E', 'sha256', '-f', publicKey]);
  const fingerprint = stdout.split(' ')[1];
  if (fingerprint?.startsWith('SHA256:') !== true) throw new Error(`unexpected ssh-keygen -l output: ${stdout}`);
  return fingerprint;
}

interface ConfigInput {
  folder: string;
  hostKey: string;
  port: number;
  username: string;
  rootFolder: string;
}

function sshdConfig(input: ConfigInput): string {
  return [
    `ListenAddress 127.0.0.1:${input.port}`,
    `HostKey ${input.hostKey}`,
    `PidFile ${join(input.folder, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(input.folder, 'authorized_keys')}`,
    'AuthenticationMethods publickey',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    // CI runs as root; key-only login keeps that safe on a loopback-only port.
    'PermitRootLogin prohibit-password',
    `AllowUsers ${input.username}`,
    // The keys live under the temporary folder (world-writable /tmp above it), which strict modes would refuse.
    'StrictModes no',
    'AllowTcpForwarding no',
    'AllowAgentForwarding no',
    'X11Forwarding no',
    'PermitTTY no',
    'PrintMotd no',
    'MaxStartups 100',
    `ForceCommand internal-sftp -u 022 -d ${input.rootFolder}`,
    `Subsystem sftp internal-sftp -u 022 -d ${input.rootFolder}`,
    'LogLevel VERBOSE',
    '',
  ].join('\n');
}

async function spawnAndWaitListening(
  sshd: string,
  configFile: string,
  logFile: string,
  port: number,
  timeoutMs: number,
): Promise<ChildProcess> {
  // sshd re-executes itself, so it needs its absolute path; `detached` gives it a process group of its own, so
  // stop() can end the per-connection session processes too.
  const child = spawn(sshd, ['-D', '-f', configFile, '-E', logFile], { stdio: 'ignore', detached: true });
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `sshd exited (code ${code}, signal ${signal})`;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited !== undefined) break;
    if (await acceptsConnections(port)) return child;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  if (exited === undefined) killGroup(child, 'SIGKILL');
  const log = await readFile(logFile, 'utf8').catch(() => '(no log written)');
  throw new Error(`${exited ?? `sshd did not listen on port ${port} within ${timeoutMs} ms`}; its log:\n${log}`);
}

async function acceptsConnections(port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

function stopper(child: ChildProcess, folder: string): () => Promise<void> {
  let stopped: Promise<void> | undefined;
  const killOnExit = () => killGroup(child, 'SIGKILL');
  // A crashed test run must not leave servers behind.
  process.once('exit', killOnExit);
  return () => {
    stopped ??= (async () => {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        killGroup(child, 'SIGTERM');
        const forced = setTimeout(() => killGroup(child, 'SIGKILL'), 3_000);
        await exited;
        clearTimeout(forced);
      }
      // Session processes share the group; they are ended with the listener so no login outlives the server.
      killGroup(child, 'SIGKILL');
      await rm(folder, { recursive: true, force: true });
    })();
    return stopped;
  };
}
