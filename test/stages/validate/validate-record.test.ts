import { describe, expect, it } from 'vitest';
import { validateRecord } from '../../../src/stages/validate/validate-record.ts';
import { eventFixture } from '../../fixtures/events.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests reshape the example events freely
type Json = Record<string, any>;

function declarationWith(change: (d: Json) => void): Json {
  const d = eventFixture('declaration') as Json;
  change(d);
  return d;
}

function expectError(result: ReturnType<typeof validateRecord>, forbidden: readonly string[]) {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('unreachable');
  const text = JSON.stringify(result.error);
  for (const value of forbidden) expect(text).not.toContain(value);
  return result.error;
}

describe('validateRecord on the example events', () => {
  it('accepts the declaration, with exact amounts and event time in epoch ms', () => {
    const result = validateRecord('declaration', eventFixture('declaration'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.input.declaredAt).toBe(Date.UTC(2025, 2, 14, 15, 42, 17));
    expect(result.input.items.map((i) => i.amount)).toEqual([9_850_100_000n, 15_000_000_000n]);
    expect(result.input.control).toEqual({
      inspected: true,
      undeclaredAmount: 4_200_000_000n,
      undeclaredCurrency: 'USD',
      seized: false,
    });
    expect(result.input.traveller.documentNumber).toBe('G48-217735');
  });

  it('accepts the manifest, HS codes as digits', () => {
    const result = validateRecord('manifest', eventFixture('manifest'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.input.reportedAt).toBe(Date.UTC(2025, 2, 15, 2, 10));
    expect(result.input.items).toEqual([
      { description: 'Books and clothing', hsCode: '490199', quantity: 4_000_000n, value: 45_000_000n },
    ]);
    expect(result.input.grossWeightKg).toBe(3_200_000n);
    expect(result.input.declaredValue).toBe(45_000_000n);
  });

  it('accepts the invoice, lines exact', () => {
    const result = validateRecord('invoice', eventFixture('invoice'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.input.totalValue).toBe(48_200_000_000n);
    expect(result.input.lines.map((l) => [l.hsCode, l.quantity, l.value, l.netWeightKg])).toEqual([
      ['610910', 12_000_000_000n, 36_000_000_000n, 2_400_000_000n],
      ['620342', 2_000_000_000n, 12_200_000_000n, 1_100_500_000n],
    ]);
  });

  it('takes amounts given as JSON numbers and times as epoch ms (Avro), nulls as absent', () => {
    const d = declarationWith((x) => {
      x.items[0].amount = 9850.1;
      x.declaredAt = Date.UTC(2025, 2, 14, 15, 42, 17);
      x.purpose = null;
      x.control = null;
      x.unknownExtraField = 'ignored';
    });
    const result = validateRecord('declaration', d);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.input.items[0]?.amount).toBe(9_850_100_000n);
    expect(result.input.purpose).toBeUndefined();
    expect(result.input.control).toBeUndefined();
    expect(result.input).not.toHaveProperty('unknownExtraField');
  });
});

describe('validateRecord errors name the field, never its value', () => {
  it('a document number of the wrong type', () => {
    const d = declarationWith((x) => {
      x.traveller.documentNumber = 48217735;
    });
    const error = expectError(validateRecord('declaration', d), ['48217735']);
    expect(error).toEqual({
      stage: 'validate',
      reason: 'invalid-field',
      field: 'traveller.documentNumber',
      message: 'traveller.documentNumber is invalid: Invalid input: expected string, received number',
    });
  });

  it('a document number that is too long', () => {
    const secret = `P${'7'.repeat(600)}`;
    const d = declarationWith((x) => {
      x.traveller.documentNumber = secret;
    });
    const error = expectError(validateRecord('declaration', d), ['7777']);
    expect(error.field).toBe('traveller.documentNumber');
    expect(error.message).toBe('traveller.documentNumber is invalid: longer than 512 characters');
  });

  it('a missing required field', () => {
    const d = declarationWith((x) => {
      delete x.declarationId;
    });
    expect(validateRecord('declaration', d)).toEqual({
      ok: false,
      error: {
        stage: 'validate',
        reason: 'missing-field',
        field: 'declarationId',
        message: 'declarationId is required',
      },
    });
  });

  it('an amount that is not a decimal, with its array index', () => {
    const d = declarationWith((x) => {
      x.items[1].amount = '15,000.00';
    });
    const error = expectError(validateRecord('declaration', d), ['15,000']);
    expect(error.field).toBe('items.1.amount');
    expect(error.message).toBe(
      'items.1.amount is invalid: not a decimal amount with at most 6 decimal places',
    );
  });

  it('an enum value outside the contract', () => {
    const d = declarationWith((x) => {
      x.direction = 'SIDEWAYS';
    });
    const error = expectError(validateRecord('declaration', d), ['SIDEWAYS']);
    expect(error.field).toBe('direction');
    expect(error.reason).toBe('invalid-field');
  });

  it('a name where a country code belongs', () => {
    const d = declarationWith((x) => {
      x.traveller.nationality = 'Mexicana';
    });
    const error = expectError(validateRecord('declaration', d), ['Mexicana']);
    expect(error.field).toBe('traveller.nationality');
    expect(error.message).toBe('traveller.nationality is invalid: not an ISO 3166-1 alpha-2 country code');
  });

  it('falls back to a generic message when the message would contain the value', () => {
    // "code" occurs in the country code message: echoing it is prevented even for such a value.
    const d = declarationWith((x) => {
      x.traveller.nationality = 'code';
    });
    const error = expectError(validateRecord('declaration', d), ['code']);
    expect(error.message).toBe('traveller.nationality has an invalid format');
  });

  it('a date of birth after the declaration (a cross-field rule)', () => {
    const d = declarationWith((x) => {
      x.traveller.dateOfBirth = '2031-05-06';
    });
    const error = expectError(validateRecord('declaration', d), ['2031']);
    expect(error).toEqual({
      stage: 'validate',
      reason: 'invalid-field',
      field: 'traveller.dateOfBirth',
      message: 'traveller.dateOfBirth is invalid: after the declaration',
    });
  });

  it('a manifest party name left empty', () => {
    const m = eventFixture('manifest') as Json;
    m.shipper.name = '   ';
    const error = expectError(validateRecord('manifest', m), []);
    expect(error.field).toBe('shipper.name');
    expect(error.message).toBe('shipper.name is invalid: empty');
  });

  it('an invoice payer name of the wrong type', () => {
    const i = eventFixture('invoice') as Json;
    i.payment.payerName = ['Farid', 'Haddad'];
    const error = expectError(validateRecord('invoice', i), ['Farid', 'Haddad']);
    expect(error.field).toBe('payment.payerName');
  });

  it('a record that is not an object at all', () => {
    expect(validateRecord('invoice', ['INV-7781'])).toEqual({
      ok: false,
      error: {
        stage: 'validate',
        reason: 'invalid-record',
        message: 'the invoice is invalid: Invalid input: expected object, received array',
      },
    });
  });
});
