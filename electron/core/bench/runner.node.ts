import { performance } from 'node:perf_hooks';

/** One printed figure. `ratio` is value / baseline, both measured in the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
}

export interface Benchmark {
  /** Dotted name; issues ask for figures by these exact names. */
  name: string;
  run(): Promise<BenchResult[]>;
}

/**
 * Median time per operation in microseconds over several batches, after a warm-up,
 * so one slow batch (GC, the other core busy) does not decide the figure.
 */
export async function timePerOperation(
  operation: () => unknown | Promise<unknown>,
  { iterations = 2000, batches = 7 }: { iterations?: number; batches?: number } = {},
): Promise<number> {
  for (let i = 0; i < Math.min(iterations, 200); i++) await operation();
  const perBatch: number[] = [];
  for (let batch = 0; batch < batches; batch++) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) await operation();
    perBatch.push(((performance.now() - start) * 1000) / iterations);
  }
  perBatch.sort((a, b) => a - b);
  return perBatch[Math.floor(perBatch.length / 2)] ?? Number.NaN;
}

export function withBaseline(result: BenchResult, baseline: number): BenchResult {
  return { ...result, baseline: round(baseline), ratio: round(result.value / baseline) };
}

export function round(value: number): number {
  return Number(value.toPrecision(4));
}

export function formatTable(results: readonly BenchResult[]): string {
  const rows = results.map((r) => [
    r.name,
    `${r.value} ${r.unit}`,
    r.baseline === undefined ? '' : `${r.baseline} ${r.unit}`,
    r.ratio === undefined ? '' : `${r.ratio}x`,
  ]);
  const header = ['benchmark', 'value', 'baseline', 'ratio'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
