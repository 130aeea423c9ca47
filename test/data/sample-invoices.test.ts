// data/sample/invoices.ndjson through the TB-* rules in event-time order with real keyed state (as
// the pipeline runs them): the demo fires each TB rule the sample was written for.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { tradeInvoiceSchema } from '../../src/core/contract/trade-invoice.ts';
import { compareEvents, type DomainEvent } from '../../src/core/events.ts';
import { DetectionEngine } from '../../src/detect/engine.ts';
import { tbmlRules } from '../../src/detect/rules/tbml-rules.ts';
import { createPseudonymiser } from '../../src/stages/pseudonymise/pseudonymise.ts';

describe('data/sample/invoices.ndjson', () => {
  it('fires each TB rule on the invoices written for it', () => {
    const config = loadConfig({ env: {} });
    const pseudonymiser = createPseudonymiser('sample-test-key-0123456789abcdef0123');
    const events = readFileSync('data/sample/invoices.ndjson', 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .flatMap((line) => {
        const result = tradeInvoiceSchema.safeParse(JSON.parse(line));
        return result.success ? [pseudonymiser.pseudonymise('invoice', result.data) as DomainEvent] : [];
      })
      .sort(compareEvents);
    const engine = new DetectionEngine(tbmlRules, config, { clock: () => 0 });
    const fired: Record<string, string[]> = {};
    for (const event of events) {
      for (const alert of engine.process(event, event.eventTime).alerts) {
        fired[alert.ruleId] = [...(fired[alert.ruleId] ?? []), alert.eventIds.join(',')];
      }
    }
    expect(fired).toEqual({
      'TB-UNIT-PRICE': [
        'US-IMP-2026-00020/INV-0020',
        'BR-EXP-2026-00021/INV-0021',
        'AE-EXP-2026-00022/INV-0022',
        'US-IMP-2026-00023/INV-0023',
      ],
      'TB-INVOICE-ARITHMETIC': ['US-IMP-2026-00025/INV-0025'],
      'TB-THIRD-PARTY-PAYMENT': ['MX-IMP-2026-00026/INV-0026'],
      'TB-HIGH-RISK-ROUTING': ['NL-IMP-2026-00027/INV-0027'],
      'TB-ROUND-AMOUNT': ['US-IMP-2026-00015/INV-0015', 'US-IMP-2026-00028/INV-0028'],
      'TB-CASH-PAYMENT': ['MX-IMP-2026-00029/INV-0029'],
      'TB-PRECURSOR': ['DE-IMP-2026-00030/INV-0030'],
      'TB-MULTIPLE-INVOICING': ['US-IMP-2026-00010/INV-0010,MX-IMP-2026-00031/INV-0010'],
      'TB-MIRROR-MISMATCH': ['CN-EXP-2026-00032/INV-0001,US-IMP-2026-00001/INV-0001'],
      // A month of sample data is a thin baseline: small early invoices make later ones spikes.
      'TB-VOLUME-SPIKE': [
        'US-IMP-2026-00015/INV-0015',
        'US-IMP-2026-00019/INV-0019',
        'MX-IMP-2026-00029/INV-0029',
        'US-IMP-2026-00028/INV-0028',
      ],
    });
    // Not in the demo: TB-VALUE-PER-KG and TB-LINE-OF-BUSINESS need more history than 32 invoices.
  });
});
