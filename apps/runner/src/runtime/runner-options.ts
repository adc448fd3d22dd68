/** The runner's options live with the jobs that read them; re-exported here for the commands and the CLI. */
export {
  type RunnerOptions,
  type RunnerOptionsInput,
  RunnerOptionsSchema,
  runnerOptionsFromEnvironment,
  runnerOptionsInputFromEnvironment,
  runnerOptionVariables,
} from '../jobs/runner-options.ts';
