import { afterEach, describe, expect, it } from 'vitest';
import type { StepOutput } from '../../../src/core/records.ts';
import { ObservabilityServer } from '../../../src/io/observability/http-server.ts';
import { ServiceMetrics, sinkOperationLabel } from '../../../src/io/observability/metrics.ts';
import { labelProblems, parseExposition } from '../../support/exposition.ts';

let server: ObservabilityServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

describe('ObservabilityServer', () => {
  it('serves /healthz always, /readyz from the checks, /metrics as Prometheus text', async () => {
    const metrics = new ServiceMetrics({
      stateSizes: () => ({ 'CC-THRESHOLD-PROXIMITY': 3 }),
      buffered: () => 2,
    });
    let sinkUp = true;
    server = new ObservabilityServer({
      host: '127.0.0.1',
      port: 0,
      metrics,
      readiness: { kafka: () => true, sink: async () => sinkUp, state: () => true },
    });
    await server.start();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    sinkUp = false;
    const down = await fetch(`${server.url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({
      status: 'not ready',
      checks: { kafka: true, sink: false, state: true },
    });
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toContain('customs_aml_state_entries{store="CC-THRESHOLD-PROXIMITY"} 3');
    expect(text).toContain('customs_aml_reorder_buffer_events 2');
    expect(text).toContain('customs_aml_ready{check="sink"} 0');
    expect(text).toContain('customs_aml_process_cpu_seconds_total');
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  });

  it('counts a slow sink ping as not ready', async () => {
    server = new ObservabilityServer({
      host: '127.0.0.1',
      port: 0,
      metrics: new ServiceMetrics({}, { defaultMetrics: false }),
      readiness: { kafka: () => true, sink: () => new Promise(() => undefined), state: () => true },
      pingTimeoutMs: 100,
    });
    await server.start();
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
  });
});

describe('ServiceMetrics', () => {
  it('labels by rule, stage, reason and topic, never by entity or record content', async () => {
    const metrics = new ServiceMetrics({}, { defaultMetrics: false });
    const output = {
      alerts: [
        {
          ruleId: 'CM-CASH-KEYWORDS',
          typology: 'CASH_COURIER',
          severity: 'HIGH',
          entityKey: 'd0172e219a77f5e3eb755582e2dc11fb',
          alertId: 'a'.repeat(64),
        },
      ],
      events: [
        { event: { kind: 'manifest', id: 'CONS-SECRET-1', eventTime: Date.now() - 5_000 }, origin: null },
      ],
      deadLetters: [
        {
          origin: { topic: 'in', partition: 0, offset: '7' },
          kind: 'manifest',
          value: Buffer.from('JOHN DOE'),
          error: { stage: 'decode', reason: 'invalid-json', message: 'x' },
        },
      ],
      read: { declaration: 0, manifest: 2, invoice: 0 },
      late: 0,
    } as unknown as StepOutput;
    metrics.observeBatch('in', 2, output);
    metrics.observeDurableOutput(output, '.dlq');
    const samples = parseExposition(await metrics.exposition());
    const value = (name: string) => samples.find((s) => s.name === name)?.value;
    expect(value('customs_aml_records_consumed_total')).toBe(2);
    expect(value('customs_aml_records_decoded_total')).toBe(1);
    expect(samples).toContainEqual({
      name: 'customs_aml_records_rejected_total',
      labels: { topic: 'in', stage: 'decode', reason: 'invalid-json' },
      value: 1,
    });
    expect(samples).toContainEqual({
      name: 'customs_aml_dead_letters_written_total',
      labels: { topic: 'in.dlq' },
      value: 1,
    });
    expect(samples).toContainEqual({
      name: 'customs_aml_alerts_total',
      labels: { rule_id: 'CM-CASH-KEYWORDS', typology: 'CASH_COURIER', severity: 'HIGH' },
      value: 1,
    });
    expect(
      labelProblems(samples, [
        'd0172e219a77f5e3eb755582e2dc11fb',
        'CONS-SECRET-1',
        'JOHN DOE',
        'a'.repeat(64),
      ]),
    ).toEqual([]);
    for (const s of samples) expect(s.name).toMatch(/^customs_aml_[a-z0-9_]+$/);
  });

  it('names sink operations by kind only', () => {
    expect(sinkOperationLabel('insert into test_abc.alerts')).toBe('insert');
    expect(sinkOperationLabel('detect server version')).toBe('detect');
    expect(sinkOperationLabel('something else')).toBe('other');
  });
});
