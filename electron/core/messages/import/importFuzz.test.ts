import { describe, expect, it } from 'vitest';
import { IMPORTERS, fuzzImporter } from './importFuzz.node.ts';

// A few seconds in CI; the soak runs the same properties with 10,000 cases each
// (`node electron/core/messages/import/importFuzz.node.ts 10000`). A failure prints
// fast-check's seed and the shrunk input, so it can be replayed.
const CASES_PER_IMPORTER = 200;

describe('fuzzing the importers', () => {
  for (const importer of IMPORTERS) {
    it(`never crashes reading ${importer} input, and never quotes it in a reason`, async () => {
      const report = await fuzzImporter(importer, { cases: CASES_PER_IMPORTER });
      expect(report.cases).toBe(CASES_PER_IMPORTER);
      // The generators must reach every kind of ending, or the properties prove little.
      expect(report.messages).toBeGreaterThan(0);
      expect(report.rejections).toBeGreaterThan(0);
      expect(report.fileErrors).toBeGreaterThan(0);
    });
  }
});
