/** The runner's keys live with the jobs that use them; re-exported here for the commands that open them. */
export { createRunnerKeys, type RunnerKeys } from '../jobs/runner-keys.ts';
