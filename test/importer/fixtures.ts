// A small mapping shared by the importer tests: every required invoice field, from a few columns.

/** The required invoice fields, from constants, plus `extra` YAML lines under fields:. */
export function mappingYaml(extraFields = '', rest = ''): string {
  return `kind: invoice
fields:
  invoiceId: { column: Id }
  invoiceNumber: { template: "INV-{Id}" }
  invoiceDate: { column: Date }
  declaredAt: { column: Date, time: "00:00:00Z" }
  flow: { constant: IMPORT }
  reportingCountry: { constant: KR }
  exporter.id: { column: Seller, default: UNKNOWN-SELLER }
  exporter.name: { column: Seller, default: UNKNOWN-SELLER }
  exporter.country: { column: From }
  importer.id: { column: Buyer }
  importer.name: { column: Buyer }
  importer.country: { constant: KR }
  originCountry: { column: From }
  dispatchCountry: { column: From }
  destinationCountry: { constant: KR }
  currency: { constant: KRW }
  totalValue: { column: Price, round: 6 }
  line.hsCode: { column: HS, zeroPad: 6 }
  line.description: { constant: "no description" }
  line.quantity: { column: Kg }
  line.unit: { constant: KGM }
  line.value: { column: Price, round: 6 }
${extraFields}${rest}`;
}
