/** The rules and the learned risk model Outpost ships with, compiled once per process. */
import riskModelFile from './model/risk-model.json' with { type: 'json' };
import { parseRiskModel } from './riskModel.std.ts';
import defaultRules from './rules/triage-rules.json' with { type: 'json' };
import { createTriageEngine } from './triageEngine.std.ts';
import type { TriageEngine } from './triageEngine.std.ts';

let engine: TriageEngine | null = null;

export function defaultTriageEngine(): TriageEngine {
  engine ??= createTriageEngine(defaultRules, { riskModel: parseRiskModel(riskModelFile) });
  return engine;
}

/** Whether defaultTriageEngine() has built the engine in this thread yet (it takes a few tenths of a second). */
export function defaultTriageEngineBuilt(): boolean {
  return engine !== null;
}
