import { describe, expect, it } from 'vitest';
import { MappingError, parseMapping, parseTemplate } from '../../src/importer/mapping.ts';
import { mappingYaml } from './fixtures.ts';

function mappingErrors(yaml: string): string[] {
  try {
    parseMapping(yaml, 'm.yaml');
  } catch (error) {
    if (error instanceof MappingError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected the mapping to be rejected');
}

describe('mapping schema', () => {
  it('accepts a complete mapping and fills the defaults', () => {
    const mapping = parseMapping(mappingYaml(), 'm.yaml');
    expect(mapping.delimiter).toBe(',');
    expect(mapping.attributes).toEqual({});
    expect(mapping.outcome).toBeUndefined();
    expect(mapping.fields['line.hsCode']).toEqual({ column: 'HS', zeroPad: 6 });
  });

  it('reads attributes as column names or value specs, and the outcome block', () => {
    const mapping = parseMapping(
      mappingYaml(
        '',
        `attributes:
  tax_type: Tax Type
  mode: { column: Mode, map: { "10": sea }, otherwise: other }
outcome:
  id: "OUT-{Id}"
  label: { column: Fraud, finding: ["1", "Y"], noFinding: 0 }
  findings: [DUTY_EVASION, { kind: PUBLIC_SAFETY, when: { column: Critical, equals: 2 } }]
`,
      ),
      'm.yaml',
    );
    expect(mapping.attributes).toEqual({
      tax_type: { column: 'Tax Type' },
      mode: { column: 'Mode', map: { '10': 'sea' }, otherwise: 'other' },
    });
    expect(mapping.outcome).toMatchObject({
      source: 'CONTROL',
      label: { column: 'Fraud', finding: ['1', 'Y'], noFinding: ['0'] },
      findings: ['DUTY_EVASION', { kind: 'PUBLIC_SAFETY', when: { column: 'Critical', equals: ['2'] } }],
    });
  });

  it('names the key of every mistake in a block', () => {
    expect(mappingErrors('kind: manifest\nfields: {}\n')[0]).toBe(
      'm.yaml: kind: expected "invoice" (the only target kind so far)',
    );
    const errors = mappingErrors(
      mappingYaml(
        `  importr.id: { column: Buyer }
  customsOffice: { column: Office, constant: "1" }
  incoterm: {}
  invoiceDate2: { constant: x }
`,
        `attributes:
  Bad Name: Col
outcome:
  id: "OUT-{Id"
  label: { column: Fraud, finding: "1", noFinding: "1" }
  findings: [SMUGGLING]
`,
      ).replace(
        '  declaredAt: { column: Date, time: "00:00:00Z" }\n',
        '  declaredAt: { column: Date, format: DD-MM }\n',
      ),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        'm.yaml: fields.declaredAt.format: expected one of "YYYY-MM-DD"|"YYYYMMDD"|"DD/MM/YYYY"|"MM/DD/YYYY"|"DD.MM.YYYY"|"ISO"',
        'm.yaml: fields.customsOffice: expected only one of column, constant or template (found column, constant)',
        'm.yaml: fields.incoterm: expected one of column, constant or template',
        expect.stringMatching(/^m\.yaml: fields\.importr\.id: not an invoice field \(known: invoiceId, /),
        expect.stringMatching(/^m\.yaml: fields\.invoiceDate2: not an invoice field/),
        'm.yaml: attributes.Bad Name: expected an attribute name: a-z, 0-9 and _, a letter first, at most 40',
        expect.stringMatching(/^m\.yaml: outcome\.id: expected a template/),
        expect.stringMatching(/^m\.yaml: outcome\.findings\.0: expected a finding kind/),
      ]),
    );
  });

  it('checks options against the target once the blocks are valid', () => {
    expect(mappingErrors(mappingYaml('  transportDocument: { column: Doc, round: 2 }\n'))).toEqual([
      'm.yaml: fields.transportDocument.round: only for decimals',
    ]);
  });

  it('requires every field an invoice needs', () => {
    const errors = mappingErrors(mappingYaml().replace('  line.unit: { constant: KGM }\n', ''));
    expect(errors).toEqual(['m.yaml: fields.line.unit: missing (every invoice needs it)']);
  });

  it('rejects a type the target cannot hold, and options of another type', () => {
    const errors = mappingErrors(
      mappingYaml('  customsOffice: { column: Office, type: timestamp }\n').replace(
        '  totalValue: { column: Price, round: 6 }',
        '  totalValue: { column: Price, type: date }',
      ),
    );
    expect(errors).toEqual([
      'm.yaml: fields.totalValue.type: totalValue cannot hold a date',
      'm.yaml: fields.customsOffice.type: customsOffice cannot hold a timestamp',
    ]);
  });

  it('reports YAML syntax errors with the file', () => {
    expect(mappingErrors('kind: [invoice\n')[0]).toMatch(/^m\.yaml: not valid YAML: /);
  });
});

describe('parseTemplate', () => {
  it('splits literals and columns, with doubled braces as literals', () => {
    expect(parseTemplate('KCS-{Declaration ID}/{ Line }')).toEqual([
      { text: 'KCS-' },
      { column: 'Declaration ID' },
      { text: '/' },
      { column: 'Line' },
    ]);
    expect(parseTemplate('{{x}}-{A}')).toEqual([{ text: '{x}-' }, { column: 'A' }]);
    for (const bad of ['{', '{}', 'a}', '{a{b}}']) expect(parseTemplate(bad), bad).toBeNull();
  });
});
