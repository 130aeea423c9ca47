// The alerting rules and the stack's Prometheus config, checked by Debian's promtool.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../support/pipeline-harness.ts';
import { promtoolBinary } from '../support/prometheus.ts';

describe('deploy/prometheus', () => {
  it('promtool accepts the alerting rules', () => {
    const out = execFileSync(
      promtoolBinary,
      ['check', 'rules', join(repoRoot, 'deploy/prometheus/alerts.yml')],
      {
        encoding: 'utf8',
      },
    );
    expect(out).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('alerts on lag, dead letters, sink failures, readiness and silence, on customs_aml_ series', () => {
    const rules = parse(readFileSync(join(repoRoot, 'deploy/prometheus/alerts.yml'), 'utf8')).groups.flatMap(
      (g: { rules: { alert: string; expr: string }[] }) => g.rules,
    );
    const names = rules.map((r: { alert: string }) => r.alert);
    for (const name of [
      'CustomsAmlConsumerLagGrowing',
      'CustomsAmlDeadLetterRate',
      'CustomsAmlSinkFailing',
      'CustomsAmlNotReady',
      'CustomsAmlNoEvents',
    ])
      expect(names).toContain(name);
    const metrics = readFileSync(join(repoRoot, 'src/io/observability/metrics.ts'), 'utf8');
    for (const { expr } of rules)
      for (const [series] of expr.matchAll(/customs_aml_\w+/g)) {
        const base = series.replace(/^customs_aml_/, '').replace(/_(bucket|count|sum)$/, '');
        expect(metrics, `${series} is defined`).toContain(`\${p}${base}`);
      }
  });

  it("promtool accepts the stack's prometheus.yml", () => {
    // Checked with the rule file path rewritten to this checkout (the container path does not exist here).
    const text = readFileSync(join(repoRoot, 'deploy/prometheus/prometheus.yml'), 'utf8').replace(
      '/etc/prometheus/alerts.yml',
      join(repoRoot, 'deploy/prometheus/alerts.yml'),
    );
    const dir = mkdtempSync(join(tmpdir(), 'promcheck-'));
    writeFileSync(join(dir, 'prometheus.yml'), text);
    try {
      const out = execFileSync(promtoolBinary, ['check', 'config', join(dir, 'prometheus.yml')], {
        encoding: 'utf8',
      });
      expect(out).toMatch(/SUCCESS/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
