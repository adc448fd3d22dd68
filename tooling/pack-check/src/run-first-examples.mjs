// Runs in the consumer project the pack check installs the tarballs into, with plain `node`: each connector's
// README first example (examples/<package folder>/first-example.ts, copied from the workspace) against that
// connector's sandbox from the installed tarball, all at once. The example reads only its base URL and credentials
// from the environment its first-example-sandbox.ts gives. Prints one JSON line: { problems: string[], ran: string[] }.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const folders = JSON.parse(process.argv[2] ?? '[]');
const problems = [];
const ran = [];
await Promise.all(
  folders.map(async (folder) => {
    const directory = join(process.cwd(), 'examples', folder);
    const { startFirstExampleSandbox } = await import(join(directory, 'first-example-sandbox.ts'));
    const sandbox = await startFirstExampleSandbox();
    try {
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        ['--no-warnings', join(directory, 'first-example.ts')],
        { cwd: directory, env: { ...process.env, ...sandbox.environment }, encoding: 'utf8' },
      );
      if (stderr !== '') problems.push(`${folder}: the example wrote to stderr: ${stderr}`);
      problems.push(...(await sandbox.problems(stdout)).map((problem) => `${folder}: ${problem}`));
      ran.push(folder);
    } catch (error) {
      problems.push(`${folder}: the example failed: ${error?.stderr || error?.message || error}`);
    } finally {
      await sandbox.close();
    }
  }),
);
console.log(JSON.stringify({ problems, ran }));
