import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EventKind } from '../../../src/core/events.ts';
import { toJsonText } from '../../../src/core/json.ts';
import {
  createPseudonymiser,
  normaliseDocumentNumber,
  normaliseName,
} from '../../../src/stages/pseudonymise/pseudonymise.ts';
import { type EventInput, validateRecord } from '../../../src/stages/validate/validate-record.ts';
import { eventFixture } from '../../fixtures/events.ts';

const KEY = 'test-key-0123456789abcdef0123456789abcdef';
const OTHER_KEY = 'other-key-fedcba9876543210fedcba9876543210';
const HEX32 = /^[0-9a-f]{32}$/;

// biome-ignore lint/suspicious/noExplicitAny: tests reshape the example events freely
type Json = Record<string, any>;

function input<K extends EventKind>(kind: K, change?: (event: Json) => void): EventInput<K> {
  const event = eventFixture(kind);
  change?.(event);
  const result = validateRecord(kind, event);
  if (!result.ok) throw new Error(result.error.message);
  return result.input;
}

describe('createPseudonymiser', () => {
  it('refuses a key shorter than 32 characters', () => {
    expect(() => createPseudonymiser('x'.repeat(31))).toThrow('at least 32 characters');
    expect(createPseudonymiser('x'.repeat(32)).personKey('FR', 'X1234567')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('computes the documented construction: HMAC-SHA-256 hex, first 32 characters', () => {
    const expected = createHmac('sha256', KEY).update('person|MX|G48217735').digest('hex').slice(0, 32);
    expect(createPseudonymiser(KEY).personKey('MX', 'G48-217735')).toBe(expected);
    const name = createHmac('sha256', KEY)
      .update('name|al noor general trading llc')
      .digest('hex')
      .slice(0, 32);
    expect(createPseudonymiser(KEY).nameKey('Al Noor General Trading LLC')).toBe(name);
  });

  it('gives the same person key whatever the document number formatting', () => {
    const p = createPseudonymiser(KEY);
    const variants = ['G48-217735', 'g48 217735', ' G48217735 ', 'G48–217 735', 'Ｇ４８－２１７７３５'];
    const keys = new Set(variants.map((v) => p.personKey('MX', v)));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(HEX32);
  });

  it('gives different keys for another key, another issuing country or another number', () => {
    const p = createPseudonymiser(KEY);
    const base = p.personKey('MX', 'G48217735');
    expect(createPseudonymiser(OTHER_KEY).personKey('MX', 'G48217735')).not.toBe(base);
    expect(p.personKey('GT', 'G48217735')).not.toBe(base);
    expect(p.personKey('MX', 'G48217736')).not.toBe(base);
  });

  it('separates the kinds of value: the same text gives different pseudonyms', () => {
    const p = createPseudonymiser(KEY);
    const text = 'QZ7K4P';
    const keys = [
      p.bookingKey(text),
      p.nameKey(text),
      p.personKey('MX', text),
      p.partyKey({ name: text, country: 'MX' }),
    ];
    expect(new Set(keys).size).toBe(4);
  });

  it('gives the same name key whatever the accents, case, punctuation and spacing', () => {
    const p = createPseudonymiser(KEY);
    const variants = ['José García-López', 'JOSE  GARCIA LOPEZ', 'jose garcia lopez.', 'José García López'];
    expect(new Set(variants.map((v) => p.nameKey(v))).size).toBe(1);
    expect(p.nameKey('Jose Garcia Lopes')).not.toBe(p.nameKey('Jose Garcia Lopez'));
  });
});

describe('name key cache', () => {
  // Names that recur in several spellings and exceed a tiny cache, so entries are evicted and recomputed.
  const names = Array.from(
    { length: 200 },
    (_, i) => [`Trader ${i % 37} Ltd.`, `TRADER ${i % 37} LTD`][i % 2]!,
  );
  const expected = (text: string) => createHmac('sha256', KEY).update(text).digest('hex').slice(0, 32);

  it('gives the pseudonyms of the documented construction, cached or evicted', () => {
    for (const capacity of [1, 7, 1_000]) {
      const p = createPseudonymiser(KEY, { nameCacheCapacity: capacity });
      for (const name of names) expect(p.nameKey(name)).toBe(expected(`name|${normaliseName(name)}`));
    }
  });

  it('serves names in manifests and invoices as well as nameKey', () => {
    const p = createPseudonymiser(KEY, { nameCacheCapacity: 2 });
    const first = p.pseudonymise('invoice', input('invoice'));
    const again = p.pseudonymise('invoice', input('invoice'));
    expect(again).toEqual(first);
    expect(first.body.exporter.nameKey).toBe(
      expected(`name|${normaliseName(input('invoice').exporter.name)}`),
    );
  });
});

describe('normalisation', () => {
  it('normalises names and addresses', () => {
    expect(normaliseName('  José   García-López ')).toBe('jose garcia lopez');
    expect(normaliseName('Textiles del Bajío S.A. de C.V.')).toBe('textiles del bajio sa de cv');
    expect(normaliseName("O'Neil & Söhne GmbH")).toBe('oneil sohne gmbh');
    expect(normaliseName('Straße 5, Köln')).toBe('strasse 5 koln');
    expect(normaliseName('ＡＢＣ　Trading')).toBe('abc trading');
  });

  it('takes an ASCII shortcut that gives what the full Unicode normalisation gives', () => {
    // The full path, as documented: used for every value before the ASCII shortcut existed.
    const fullName = (v: string) =>
      v
        .normalize('NFKD')
        .toUpperCase()
        .toLowerCase()
        .normalize('NFKD')
        .replace(/\p{M}+/gu, '')
        .replace(/[.'\u2018\u2019\u02bc\u00b4`]+/gu, '')
        .replace(/[\p{P}\p{S}\s]+/gu, ' ')
        .trim();
    const fullDocument = (v: string) =>
      v
        .normalize('NFKC')
        .toUpperCase()
        .replace(/[\s\p{Pd}]+/gu, '');
    const ascii = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code));
    const texts = [
      ...ascii,
      ...ascii.map((c) => `Ab${c}c D.e'f${c}`),
      ascii.join(''),
      '  Al-Noor  General/Trading (L.L.C.) #7 ',
    ];
    for (const text of texts) {
      expect(normaliseName(text)).toBe(fullName(text));
      expect(normaliseDocumentNumber(text)).toBe(fullDocument(text));
    }
  });

  it('normalises document numbers', () => {
    expect(normaliseDocumentNumber(' g48-217 735 ')).toBe('G48217735');
    expect(normaliseDocumentNumber('Ｇ４８－２１７７３５')).toBe('G48217735');
  });
});

describe('pseudonymise: declaration', () => {
  const p = createPseudonymiser(KEY);
  const event = p.pseudonymise('declaration', input('declaration'));

  it('keeps id, event time and the non-personal fields, amounts exact', () => {
    expect(event.kind).toBe('declaration');
    expect(event.id).toBe('MX-DEC-2025-000481');
    expect(event.eventTime).toBe(Date.UTC(2025, 2, 14, 15, 42, 17));
    expect(event.body.items).toEqual([
      { kind: 'CURRENCY', currency: 'USD', amount: 9_850_100_000n },
      { kind: 'CURRENCY', currency: 'MXN', amount: 15_000_000_000n },
    ]);
    expect(event.body.control?.undeclaredAmount).toBe(4_200_000_000n);
  });

  it('replaces the traveller by a person key and drops name and date of birth', () => {
    expect(event.body.traveller).toEqual({
      documentType: 'PASSPORT',
      documentCountry: 'MX',
      nationality: 'MX',
      personKey: p.personKey('MX', 'G48217735'),
    });
    expect(Object.keys(event.body.traveller).sort()).toEqual([
      'documentCountry',
      'documentType',
      'nationality',
      'personKey',
    ]);
  });

  it('replaces the booking reference by a booking key', () => {
    expect(event.body.travel).toEqual({
      carrierCode: 'AM',
      flightOrVoyage: 'AM0402',
      originCountry: 'MX',
      destinationCountry: 'AE',
      departureDate: '2025-03-14',
      bookingKey: p.bookingKey('qz7k4p'),
    });
    expect(event.body.travel?.bookingKey).toMatch(HEX32);
  });

  it('leaves no personal value in the serialised event', () => {
    const text = toJsonText(event);
    for (const clear of [
      'G48-217735',
      'G48217735',
      'Ximena',
      'Quiroga',
      'Belmonte',
      '1986-11-02',
      'QZ7K4P',
    ]) {
      expect(text).not.toContain(clear);
    }
  });

  it('gives the same person key for differently formatted declarations of the same document', () => {
    const again = p.pseudonymise(
      'declaration',
      input('declaration', (d) => {
        d.traveller.documentNumber = 'g48 217735';
        d.travel = null;
      }),
    );
    expect(again.body.traveller.personKey).toBe(event.body.traveller.personKey);
    expect(again.body).not.toHaveProperty('travel');
  });
});

describe('pseudonymise: manifest', () => {
  const p = createPseudonymiser(KEY);
  const event = p.pseudonymise('manifest', input('manifest'));

  it('keys a private shipper by the pseudonym of name, address and country', () => {
    expect(event.id).toBe('HWB-4410928377');
    expect(event.eventTime).toBe(Date.UTC(2025, 2, 15, 2, 10));
    expect(event.body.shipper).toEqual({
      key: p.partyKey({
        name: 'RODRIGO AVILA PENA',
        address: 'calle morelos 118 col centro 50000 toluca',
        country: 'MX',
      }),
      country: 'MX',
      nameKey: p.nameKey('Rodrigo Avila Pena'),
    });
    expect(event.body.shipper.key).toMatch(HEX32);
  });

  it('keys a trader consignee by its id', () => {
    expect(event.body.consignee).toEqual({
      key: 'AE100234567800003',
      id: 'AE100234567800003',
      country: 'AE',
      nameKey: p.nameKey('Al Noor General Trading LLC'),
    });
  });

  it('keeps the goods and amounts', () => {
    expect(event.body.items).toEqual([
      { description: 'Books and clothing', hsCode: '490199', quantity: 4_000_000n, value: 45_000_000n },
    ]);
    expect(event.body.declaredValue).toBe(45_000_000n);
  });

  it('leaves no personal value in the serialised event', () => {
    const text = toJsonText(event);
    for (const clear of ['Rodrigo', 'Ávila', 'Avila', 'Peña', 'Morelos', 'Toluca', 'Mussafah', 'Al Noor']) {
      expect(text).not.toContain(clear);
    }
  });

  it('gives a different shipper key for the same name at another address', () => {
    const moved = p.pseudonymise(
      'manifest',
      input('manifest', (m) => {
        m.shipper.address = 'Av. Hidalgo 7, Metepec';
      }),
    );
    expect(moved.body.shipper.key).not.toBe(event.body.shipper.key);
    expect(moved.body.shipper.nameKey).toBe(event.body.shipper.nameKey);
  });
});

describe('pseudonymise: invoice', () => {
  const p = createPseudonymiser(KEY);
  const event = p.pseudonymise('invoice', input('invoice'));

  it('keeps trader ids and names and adds name keys', () => {
    expect(event.id).toBe('AE-IMP-25-0031877/INV-7781');
    expect(event.eventTime).toBe(Date.UTC(2025, 2, 10, 7, 5));
    expect(event.body.exporter).toEqual({
      id: 'TBA860101AB1',
      name: 'Textiles del Bajío S.A. de C.V.',
      country: 'MX',
      nameKey: p.nameKey('TEXTILES DEL BAJIO SA DE CV'),
    });
    expect(event.body.importer.nameKey).toBe(p.nameKey('Al Noor General Trading LLC'));
    expect(event.body.totalValue).toBe(48_200_000_000n);
  });

  it('replaces the payer name by a payer key', () => {
    expect(event.body.payment).toEqual({
      method: 'CASH',
      payerCountry: 'LB',
      payerKey: p.nameKey('farid haddad karimi'),
    });
    const text = toJsonText(event);
    for (const clear of ['Farid', 'Haddad', 'Karimi']) expect(text).not.toContain(clear);
  });

  it('gives a payer equal to the importer the importer name key', () => {
    const selfPaid = p.pseudonymise(
      'invoice',
      input('invoice', (i) => {
        i.payment.payerName = 'AL NOOR GENERAL TRADING, L.L.C.';
      }),
    );
    expect(selfPaid.body.payment?.payerKey).toBe(selfPaid.body.importer.nameKey);
  });

  it('matches a courier consignee name across streams', () => {
    const manifest = p.pseudonymise('manifest', input('manifest'));
    expect(event.body.importer.nameKey).toBe(manifest.body.consignee.nameKey);
  });
});
