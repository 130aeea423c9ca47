// The bundled sample (data/sample/*.ndjson) is input: every line but one deliberately malformed
// line per file validates, and the rules fire on the cases the sample was written to show.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { loadConfig } from '../../src/config/load.ts';
import { courierManifestSchema } from '../../src/core/contract/courier-manifest.ts';
import { currencyDeclarationSchema } from '../../src/core/contract/currency-declaration.ts';
import { tradeInvoiceSchema } from '../../src/core/contract/trade-invoice.ts';
import type { DomainEvent, EventKind } from '../../src/core/events.ts';
import { allRules } from '../../src/detect/rules/index.ts';
import { createPseudonymiser } from '../../src/stages/pseudonymise/pseudonymise.ts';
import { memoryState } from '../support/config.ts';

const files = [
  { file: 'declarations', kind: 'declaration', schema: currencyDeclarationSchema },
  { file: 'manifests', kind: 'manifest', schema: courierManifestSchema },
  { file: 'invoices', kind: 'invoice', schema: tradeInvoiceSchema },
] as const;

function parseFile(file: string, schema: z.ZodType) {
  const lines = readFileSync(`data/sample/${file}.ndjson`, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  return lines.map((line, index) => ({ line: index + 1, result: schema.safeParse(JSON.parse(line)) }));
}

describe('data/sample', () => {
  it.each(files)('$file.ndjson: 20 to 60 lines, exactly one of them invalid', ({ file, schema }) => {
    const parsed = parseFile(file, schema);
    expect(parsed.length).toBeGreaterThanOrEqual(20);
    expect(parsed.length).toBeLessThanOrEqual(60);
    const failures = parsed
      .filter((p) => !p.result.success)
      .map((p) => p.result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    expect(failures).toEqual([
      {
        declarations: ['items.0.currency: not an ISO 4217 currency code'],
        manifests: ['currency: not an ISO 4217 currency code'],
        invoices: ['lines.0.unit: not a UN/ECE Rec. 20 unit code'],
      }[file],
    ]);
  });

  it('fires each of the three rules on the cases written for it, with the shipped configuration', () => {
    const config = loadConfig({ env: {} });
    const pseudonymiser = createPseudonymiser('sample-test-key-0123456789abcdef0123');
    const events: DomainEvent[] = files.flatMap(({ file, kind, schema }) =>
      parseFile(file, schema).flatMap(({ result }) =>
        result.success
          ? [pseudonymiser.pseudonymise(kind as EventKind, result.data as never) as DomainEvent]
          : [],
      ),
    );
    const fired: Record<string, string[]> = {};
    for (const event of events) {
      for (const rule of allRules.filter((r) => (r.kinds as readonly EventKind[]).includes(event.kind))) {
        for (const alert of rule.evaluate(event as never, { config, state: memoryState(), watermark: 0 })) {
          fired[rule.id] = [...(fired[rule.id] ?? []), alert.idBasis ?? alert.eventIds.join(',')];
        }
      }
    }
    expect(fired).toEqual({
      'CC-THRESHOLD-PROXIMITY': [
        'FR-CD-2026-00024',
        'US-CD-2026-00025',
        'ES-CD-2026-00026',
        'AE-CD-2026-00027',
      ],
      'CM-CASH-KEYWORDS': ['DHL0000000020', 'EST0000000021', 'UPS0000000022', 'LPO0000000023'],
      // The stateless CC-* and CM-* rules (every evaluation has fresh state here; all of them, the
      // stateful ones included, over the whole sample: test/detect/rules/cash-courier-replay.test.ts).
      'CC-HIGH-RISK-ROUTE': ['NL-CD-2026-00029', 'NL-CD-2026-00038'],
      'CC-UNDECLARED-FOUND': ['NL-CD-2026-00029'],
      'CC-BNI-GOLD': ['IT-CD-2026-00009'],
      'CC-CURRENCY-ROUTE-MISMATCH': ['MX-CD-2026-00039'],
      'CM-DOCUMENTS-ANOMALY': ['DHL0000000020', 'DHL0000000015'],
      'CM-VALUE-WEIGHT': ['UPS0000000027'],
      'CM-ARMS': ['FDX0000000038'],
      'CM-PRECURSOR': ['DHL0000000039'],
      'TB-UNIT-PRICE': [
        'US-IMP-2026-00020/INV-0020#0',
        'BR-EXP-2026-00021/INV-0021#0',
        'AE-EXP-2026-00022/INV-0022#0',
        'US-IMP-2026-00023/INV-0023#1',
      ],
      // The stateless TB rules (this harness gives every evaluation fresh state; the stateful ones,
      // multiple invoicing, mirror mismatch, volume spike: test/data/sample-invoices.test.ts).
      'TB-INVOICE-ARITHMETIC': ['US-IMP-2026-00025/INV-0025'],
      'TB-THIRD-PARTY-PAYMENT': ['MX-IMP-2026-00026/INV-0026'],
      'TB-HIGH-RISK-ROUTING': ['NL-IMP-2026-00027/INV-0027'],
      'TB-ROUND-AMOUNT': ['US-IMP-2026-00015/INV-0015', 'US-IMP-2026-00028/INV-0028'],
      'TB-CASH-PAYMENT': ['MX-IMP-2026-00029/INV-0029'],
      'TB-PRECURSOR': ['DE-IMP-2026-00030/INV-0030'],
    });
  });
});
