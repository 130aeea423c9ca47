// The validated, pseudonymised events that flow through detection and into the sink.
// They derive from the zod input types (src/core/contract/*), with every personal field replaced by a
// keyed pseudonym (src/stages/pseudonymise/pseudonymise.ts): nothing downstream sees personal data in clear.

import type { CourierManifestInput } from './contract/courier-manifest.ts';
import type { CurrencyDeclarationInput } from './contract/currency-declaration.ts';
import type { TradeInvoiceInput } from './contract/trade-invoice.ts';

/** A pseudonym: hex HMAC-SHA-256 (truncated) of a normalised personal value, under the operator's key. */
export type Pseudonym = string;

type DeclarationTraveller = CurrencyDeclarationInput['traveller'];
type DeclarationTravel = NonNullable<CurrencyDeclarationInput['travel']>;

export type CurrencyDeclaration = Omit<CurrencyDeclarationInput, 'traveller' | 'travel'> & {
  traveller: Omit<DeclarationTraveller, 'documentNumber' | 'fullName' | 'dateOfBirth'> & {
    /** Pseudonym of (documentCountry, documentNumber): the key of per-person state. */
    personKey: Pseudonym;
  };
  travel?: (Omit<DeclarationTravel, 'bookingReference'> & { bookingKey?: Pseudonym }) | undefined;
};

export interface ManifestParty {
  /** Trader id when given (not personal), else the pseudonym of normalised name + address + country. */
  key: string;
  id?: string | undefined;
  country: string;
  /** Pseudonym of the normalised name alone, to compare parties without reading names. */
  nameKey: Pseudonym;
}

export type CourierManifest = Omit<CourierManifestInput, 'shipper' | 'consignee'> & {
  shipper: ManifestParty;
  consignee: ManifestParty;
};

type InvoicePayment = NonNullable<TradeInvoiceInput['payment']>;
type InvoiceTrader = TradeInvoiceInput['exporter'];

/** Declaration fields added later: optional keys, so events built before them stay valid. */
type InvoiceDeclarationFields = 'declarant' | 'customsOffice' | 'transportMode' | 'attributes';

export type TradeInvoice = Omit<
  TradeInvoiceInput,
  'payment' | 'exporter' | 'importer' | InvoiceDeclarationFields
> &
  Partial<Pick<TradeInvoiceInput, InvoiceDeclarationFields>> & {
    exporter: InvoiceTrader & { nameKey: Pseudonym };
    importer: InvoiceTrader & { nameKey: Pseudonym };
    payment?: (Omit<InvoicePayment, 'payerName'> & { payerKey?: Pseudonym }) | undefined;
  };

export type EventKind = 'declaration' | 'manifest' | 'invoice';

interface Envelope<K extends EventKind, B> {
  kind: K;
  /** declarationId, consignmentId or invoiceId. */
  id: string;
  /** Event time in epoch milliseconds (declaredAt, reportedAt, declaredAt). */
  eventTime: number;
  body: B;
}

export type DeclarationEvent = Envelope<'declaration', CurrencyDeclaration>;
export type ManifestEvent = Envelope<'manifest', CourierManifest>;
export type InvoiceEvent = Envelope<'invoice', TradeInvoice>;
export type DomainEvent = DeclarationEvent | ManifestEvent | InvoiceEvent;
export type EventOf<K extends EventKind> = Extract<DomainEvent, { kind: K }>;

/** Where a record came from: a Kafka coordinate, or a file line in replay. Never its content. */
export interface RecordOrigin {
  topic: string;
  partition: number;
  offset: string;
}

/** Deterministic processing order: event time, then kind, then id. */
export function compareEvents(a: DomainEvent, b: DomainEvent): number {
  return (
    a.eventTime - b.eventTime ||
    (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
