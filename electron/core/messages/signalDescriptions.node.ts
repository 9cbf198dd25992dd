/**
 * Plain-language descriptions of the triage signals a message's evidence names, from the
 * shipped rules, so the "why this tier" panel can say what each piece of evidence means.
 */
import rules from '../../../shared/triage/rules/triage-rules.json' with { type: 'json' };

const DESCRIPTIONS: ReadonlyMap<string, string> = new Map(
  Object.entries(rules.signals as Record<string, { description: string }>).map(([name, signal]) => [
    name,
    signal.description,
  ]),
);

interface NamedSignal {
  signal: string;
}

/** Descriptions for every signal named in these results (unknown ones are left out). */
export function describeSignals(
  results: readonly {
    evidence: readonly NamedSignal[];
    set_aside: readonly NamedSignal[];
    protective_factors: readonly NamedSignal[];
  }[],
): Record<string, string> {
  const described: Record<string, string> = {};
  for (const result of results)
    for (const item of [...result.evidence, ...result.set_aside, ...result.protective_factors]) {
      const description = DESCRIPTIONS.get(item.signal);
      if (description !== undefined) described[item.signal] = description;
    }
  return described;
}
