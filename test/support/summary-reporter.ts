import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain line, `Tests: N passed, N failed, N skipped`, that any CI can read
 * (vitest's own summary is decorated for terminals). Errors that escaped every test (an uncaught
 * socket error, say) fail the run too, so the line then says how many and where they came from.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError> = [],
  ): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
      // A file that fails before its tests run (an import error) has no tests to count: count it.
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) counts.failed++;
    }
    const summary = `Tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
    if (unhandledErrors.length === 0) {
      console.log(`\n${summary}`);
      return;
    }
    console.log(`\n${summary}, ${unhandledErrors.length} unhandled error(s) outside any test:`);
    for (const error of unhandledErrors) console.log(`  ${error.name ?? 'Error'}: ${error.message}`);
  }
}
