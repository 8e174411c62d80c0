// The order test files start in: the longest first, so the workers finish together instead of one long file
// starting last and running alone. Vitest orders by the durations of an earlier run when it has them; a
// fresh clone (CI) has none and would order by file size, which says little about run time. LONGEST lists,
// measured by `npm test` on this project's 2-core machine, the files that take a minute or more; the rest
// follow in Vitest's own order. A file missing from the list only starts later: correctness never depends on it.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const LONGEST = [
  'test/runner/faults/kill-resume.test.ts',
  'test/cli/demo.test.ts',
  'test/cli/sign.test.ts',
  'test/cli/trust-attacks.test.ts',
  'test/runner/execute/execute.test.ts',
  'test/e2e/lifecycle.test.ts',
  'test/cli/verify.test.ts',
];

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = LONGEST.findIndex((p) => f.moduleId.endsWith(p));
      return i < 0 ? LONGEST.length : i;
    };
    const rest = await super.sort(files.filter((f) => rank(f) === LONGEST.length));
    return [...files.filter((f) => rank(f) < LONGEST.length).sort((a, b) => rank(a) - rank(b)), ...rest];
  }
}
