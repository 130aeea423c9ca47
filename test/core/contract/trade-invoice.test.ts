// The optional declaration fields of a trade invoice: declarant, office, transport mode, attributes.
import { describe, expect, it } from 'vitest';
import { validateRecord } from '../../../src/stages/validate/validate-record.ts';
import { eventFixture } from '../../fixtures/events.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests reshape the example events freely
type Json = Record<string, any>;

const invoiceWith = (extra: Json): Json => ({ ...(eventFixture('invoice') as Json), ...extra });

function errorOf(value: Json) {
  const result = validateRecord('invoice', value);
  if (result.ok) throw new Error('expected the invoice to be rejected');
  return result.error;
}

describe('trade invoice declaration fields', () => {
  it('are optional: an invoice without them is valid and unchanged', () => {
    const result = validateRecord('invoice', eventFixture('invoice'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.input.declarant).toBeUndefined();
    expect(result.input.customsOffice).toBeUndefined();
    expect(result.input.transportMode).toBeUndefined();
    expect(result.input.attributes).toBeUndefined();
    const nulls = validateRecord(
      'invoice',
      invoiceWith({ declarant: null, customsOffice: null, transportMode: null, attributes: null }),
    );
    expect(nulls.ok && nulls.input.attributes).toBeUndefined();
  });

  it('are kept when given', () => {
    const result = validateRecord(
      'invoice',
      invoiceWith({
        declarant: { id: 'ZZR1LT6' },
        customsOffice: '30',
        transportMode: 'SEA',
        attributes: { process_type: 'B', tax_rate: '8.0' },
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.input.declarant).toEqual({ id: 'ZZR1LT6' });
    expect(result.input.customsOffice).toBe('30');
    expect(result.input.transportMode).toBe('SEA');
    expect(result.input.attributes).toEqual({ process_type: 'B', tax_rate: '8.0' });
  });

  it('reject a bad value naming the field', () => {
    expect(errorOf(invoiceWith({ transportMode: 'SPACE' })).field).toBe('transportMode');
    expect(errorOf(invoiceWith({ declarant: { id: ' ' } })).field).toBe('declarant.id');
    expect(errorOf(invoiceWith({ customsOffice: '' })).field).toBe('customsOffice');
    const badKey = errorOf(invoiceWith({ attributes: { 'Process Type': 'B' } }));
    expect(badKey).toMatchObject({ field: 'attributes.Process Type', reason: 'invalid-field' });
    expect(badKey.message).toContain('not an attribute name');
    expect(errorOf(invoiceWith({ attributes: { a: 'x'.repeat(201) } })).field).toBe('attributes.a');
    expect(errorOf(invoiceWith({ attributes: { a: 1 } })).field).toBe('attributes.a');
  });

  it('allow at most 32 attributes with names of at most 40 characters', () => {
    const attributes = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`a${i}`, 'v']));
    expect(validateRecord('invoice', invoiceWith({ attributes: attributes(32) })).ok).toBe(true);
    const tooMany = errorOf(invoiceWith({ attributes: attributes(33) }));
    expect(tooMany).toMatchObject({
      field: 'attributes',
      message: 'attributes is invalid: more than 32 attributes',
    });
    expect(validateRecord('invoice', invoiceWith({ attributes: { [`a${'b'.repeat(39)}`]: 'v' } })).ok).toBe(
      true,
    );
    expect(errorOf(invoiceWith({ attributes: { [`a${'b'.repeat(40)}`]: 'v' } })).field).toMatch(
      /^attributes\./,
    );
  });
});
