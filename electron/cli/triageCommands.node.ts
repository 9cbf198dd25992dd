/**
 * `outpost triage FILE.jsonl` and `outpost triage-eval FILE.jsonl`: the triage engine
 * for scripts and for reviewing the rules against labelled messages.
 */
import { createReadStream } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { defaultTriageEngine } from '../../shared/triage/defaultEngine.std.ts';
import { evaluateTriage, labelledMessageSchema } from '../../shared/triage/evaluation.std.ts';
import type { EvaluationReport, LabelledMessage } from '../../shared/triage/evaluation.std.ts';
import { TIERS } from '../../shared/triage/rulesSchema.std.ts';
import { codePointOffsets, mapJsonLines } from './jsonLines.node.ts';

/** The exact output line scripts depend on; evidence offsets count code points. */
export async function triageFile(file: string, write: (line: string) => void): Promise<void> {
  const engine = defaultTriageEngine();
  await mapJsonLines(
    file,
    ({ id, text }) => {
      const result = engine.triage(text);
      const offset = codePointOffsets(text);
      return {
        id,
        tier: result.tier,
        score: result.score,
        categories: result.categories,
        service_level: result.service_level,
        cssrs_level: result.cssrs_level,
        evidence: result.evidence.map((item) => ({
          start: offset(item.start),
          end: offset(item.end),
          text: item.text,
          signal: item.signal,
          rule: item.rule,
        })),
        rules_version: result.rules_version,
      };
    },
    write,
  );
}

export interface EvaluationRun {
  report: EvaluationReport;
  /** Lines that could not be read as labelled messages, with the reason. */
  skipped: string[];
  texts: Map<string, string>;
}

export async function evaluateFile(file: string): Promise<EvaluationRun> {
  await access(file, constants.R_OK);
  const messages: LabelledMessage[] = [];
  const skipped: string[] = [];
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim().length === 0) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      skipped.push(`line ${lineNumber}: not valid JSON`);
      continue;
    }
    const parsed = labelledMessageSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      skipped.push(`line ${lineNumber}: ${issue?.path.join('.') || 'record'}: ${issue?.message}`);
      continue;
    }
    messages.push(parsed.data);
  }
  const report = evaluateTriage(defaultTriageEngine(), messages);
  return { report, skipped, texts: new Map(messages.map((message) => [message.id, message.text])) };
}

/** The issue's targets for the development corpus. */
export const TRIAGE_TARGETS = [
  { name: 'crisis recall', ok: (r: EvaluationReport) => r.crisis_recall >= 0.97, want: '>= 0.97' },
  { name: 'crisis precision', ok: (r: EvaluationReport) => r.crisis_precision >= 0.85, want: '>= 0.85' },
  {
    name: 'under-triage of crisis + urgent',
    ok: (r: EvaluationReport) => r.under_triage_crisis_urgent <= 0.03,
    want: '<= 3%',
  },
  {
    name: 'hard negatives above priority',
    ok: (r: EvaluationReport) => r.hard_negatives_above_priority === 0,
    want: '0',
  },
] as const;

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

export function formatEvaluation({ report, skipped, texts }: EvaluationRun): string {
  const lines: string[] = [];
  lines.push(`Triage evaluation: ${report.messages} messages, rules ${report.rules_version}`, '');
  lines.push('tier      support  predicted  precision  recall');
  for (const tier of report.tiers) {
    lines.push(
      `${tier.tier.padEnd(9)} ${String(tier.support).padStart(7)}  ${String(tier.predicted).padStart(9)}  ${tier.precision.toFixed(3).padStart(9)}  ${tier.recall.toFixed(3).padStart(6)}`,
    );
  }
  lines.push('', 'Confusion matrix (rows: labelled tier, columns: predicted tier)');
  lines.push(`${''.padEnd(9)} ${TIERS.map((tier) => tier.padStart(8)).join(' ')}`);
  for (const expected of TIERS) {
    lines.push(
      `${expected.padEnd(9)} ${TIERS.map((predicted) => String(report.confusion[expected][predicted]).padStart(8)).join(' ')}`,
    );
  }
  lines.push(
    '',
    `Accuracy                         ${report.accuracy.toFixed(3)}`,
    `Crisis recall                    ${report.crisis_recall.toFixed(3)}`,
    `Crisis precision                 ${report.crisis_precision.toFixed(3)}`,
    `Under-triage (all messages)      ${percent(report.under_triage_rate)}`,
    `Under-triage of crisis + urgent  ${percent(report.under_triage_crisis_urgent)}`,
    `Indirect crisis + urgent found   ${report.indirect_crisis_urgent_recall.toFixed(3)}`,
    `Hard negatives above priority    ${report.hard_negatives_above_priority} of ${report.hard_negatives}`,
    `C-SSRS level exact               ${report.cssrs_exact.toFixed(3)}`,
    `Categories (micro) P/R/F1        ${report.category_micro.precision.toFixed(3)} / ${report.category_micro.recall.toFixed(3)} / ${report.category_micro.f1.toFixed(3)}`,
    '',
    'Targets',
  );
  for (const target of TRIAGE_TARGETS) {
    lines.push(`  ${target.ok(report) ? 'met    ' : 'NOT MET'}  ${target.name} (${target.want})`);
  }
  if (skipped.length > 0)
    lines.push('', `Skipped ${skipped.length} unreadable lines:`, ...skipped.map((s) => `  ${s}`));
  lines.push('', `Misses (${report.misses.length}), under-triage first:`);
  for (const miss of report.misses) {
    const text = (texts.get(miss.id) ?? '').replace(/\s+/g, ' ');
    lines.push(
      '',
      `${miss.id}: labelled ${miss.expected}, predicted ${miss.predicted}${miss.under_triaged ? ' (UNDER-TRIAGE)' : ''}${miss.hard_negative ? ' [hard negative]' : ''}`,
      `  text: ${text.length > 240 ? `${text.slice(0, 240)}…` : text}`,
      `  evidence: ${miss.evidence.map((e) => `${e.signal} "${e.text}" (${e.rule})`).join('; ') || 'none'}`,
    );
    if (miss.set_aside.length > 0) {
      lines.push(
        `  set aside: ${miss.set_aside.map((e) => `${e.signal} "${e.text}" ${e.reason}${e.because ? ` by "${e.because.text}"` : ''}`).join('; ')}`,
      );
    }
  }
  return lines.join('\n');
}
