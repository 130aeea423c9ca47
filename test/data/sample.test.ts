// The bundled sample (data/sample/*.ndjson) is input: every line but one deliberately malformed
// line per file validates, and the rules fire on the cases the sample was written to show.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { loadConfig } from '../../src/config/load.ts';
import { allRules } from '../../src/detect/rules/index.ts';
import type { DomainEvent, EventKind } from '../../src/domain/events.ts';
import { courierManifestSchema } from '../../src/validate/courier-manifest.ts';
import { currencyDeclarationSchema } from '../../src/validate/currency-declaration.ts';
import { createPseudonymiser } from '../../src/validate/pseudonymise.ts';
import { tradeInvoiceSchema } from '../../src/validate/trade-invoice.ts';
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
      'TB-UNIT-PRICE': [
        'US-IMP-2026-00020/INV-0020#0',
        'BR-EXP-2026-00021/INV-0021#0',
        'AE-EXP-2026-00022/INV-0022#0',
        'US-IMP-2026-00023/INV-0023#1',
      ],
    });
  });
});
