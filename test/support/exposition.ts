// Reads Prometheus text exposition into samples, for checks on names and labels.
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** Label names a customs_aml_ series may carry (bounded, never an entity id or personal data). */
export const allowedLabels = new Set([
  'topic',
  'partition',
  'kind',
  'stage',
  'reason',
  'rule_id',
  'typology',
  'severity',
  'result',
  'operation',
  'check',
  'store',
  'le',
  // default process metrics
  'version',
  'major',
  'minor',
  'patch',
  'type',
  'space',
  'quantile',
]);

/** Problems with the exposition's labels: unknown label names, values that look like ids or data. */
export function labelProblems(samples: Sample[], forbiddenValues: Iterable<string>): string[] {
  const forbidden = new Set([...forbiddenValues].filter((v) => v.length >= 4));
  const problems: string[] = [];
  for (const { name, labels } of samples) {
    for (const [label, value] of Object.entries(labels)) {
      if (!allowedLabels.has(label)) problems.push(`${name}: unexpected label ${label}`);
      // Bucket bounds and partition numbers are numbers, not data.
      const numeric = /^[-+]?(?:\d+(?:\.\d+)?(?:e[-+]?\d+)?|Inf)$/.test(value);
      if (!numeric && forbidden.has(value))
        problems.push(`${name}: label ${label} carries an entity id or personal value`);
      if (/^[0-9a-f]{24,}$/.test(value))
        problems.push(`${name}: label ${label} looks like a pseudonym or hash`);
      if (value.length > 100) problems.push(`${name}: label ${label} is ${value.length} characters long`);
    }
  }
  return problems;
}
