/** The rules Outpost ships with, compiled once per process. */
import defaultRules from './rules/triage-rules.json' with { type: 'json' };
import { createTriageEngine } from './triageEngine.std.ts';
import type { TriageEngine } from './triageEngine.std.ts';

let engine: TriageEngine | null = null;

export function defaultTriageEngine(): TriageEngine {
  engine ??= createTriageEngine(defaultRules);
  return engine;
}
