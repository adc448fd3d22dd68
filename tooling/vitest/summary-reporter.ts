import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line, `stockwire tests: N passed, N failed, N skipped`, which any CI can read
 * whatever test runner it knows. Skipped tests are counted apart: they never count as passed.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const testModule of testModules) {
      for (const testCase of testModule.children.allTests()) {
        const state = testCase.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      // A file that failed to load has no tests but is still a failure.
      if (testModule.state() === 'failed' && [...testModule.children.allTests()].length === 0) failed++;
    }
    failed += unhandledErrors.length;
    process.stdout.write(`\nstockwire tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
