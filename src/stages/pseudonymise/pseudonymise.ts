// Replaces personal data by keyed pseudonyms (HMAC-SHA-256 under the operator's key, hex, first
// 32 characters) so that nothing downstream of validation sees it in clear. Values are normalised
// before hashing, and each kind of value has its own prefix, so the same person or name gives the
// same pseudonym whatever its formatting, and a name never collides with a document number:
//   person|<documentCountry>|<document number: NFKC, upper case, no spaces or dashes>
//   booking|<booking reference: NFKC, upper case, no spaces>
//   name|<normalised name>
//   party|<normalised name>|<normalised address>|<country>
// Names and addresses: NFKD, accents stripped, case-folded, dots and apostrophes removed, other
// punctuation and symbols as spaces, runs of spaces collapsed.
//
// Names recur (traders, companies, their consignees: 60–90 % of name pseudonyms in generated
// traffic repeat one already seen), so name keys are memoised by the name as received, in a bounded
// in-memory cache (BoundedCache): the same output, without normalising and hashing again. Document
// numbers, booking references and private parties mostly do not recur (under 15 %), and there a
// cache costs more than it saves. The cache holds names in clear in this process's memory only.

import type { ManifestPartyInput } from '../../core/contract/courier-manifest.ts';
import type { CurrencyDeclarationInput } from '../../core/contract/currency-declaration.ts';
import type { TradeInvoiceInput } from '../../core/contract/trade-invoice.ts';
import type {
  CourierManifest,
  CurrencyDeclaration,
  DomainEvent,
  EventKind,
  EventOf,
  ManifestParty,
  Pseudonym,
  TradeInvoice,
} from '../../core/events.ts';
import type { EventInput } from '../validate/validate-record.ts';
import { BoundedCache } from './bounded-cache.ts';
import { hmacSha256 } from './hmac.ts';

export const MIN_KEY_LENGTH = 32;
const PSEUDONYM_HEX_LENGTH = 32;
/** Name keys remembered per generation of the cache (at most twice as many held, a few MiB). */
export const DEFAULT_NAME_CACHE_CAPACITY = 32_768;

export interface PseudonymiserOptions {
  /** Capacity of one generation of the name key cache (see BoundedCache). */
  nameCacheCapacity?: number;
}

export interface Pseudonymiser {
  pseudonymise<K extends EventKind>(kind: K, input: EventInput<K>): EventOf<K>;
  /** Key of per-person state: (issuing country, document number). */
  personKey(documentCountry: string, documentNumber: string): Pseudonym;
  bookingKey(bookingReference: string): Pseudonym;
  /** Pseudonym of a person's or company's name alone. */
  nameKey(name: string): Pseudonym;
  /** Manifest party key: the trader id when given, else the pseudonym of name + address + country. */
  partyKey(party: {
    name: string;
    address?: string | undefined;
    country: string;
    id?: string | undefined;
  }): string;
}

export function createPseudonymiser(key: string, options: PseudonymiserOptions = {}): Pseudonymiser {
  if (typeof key !== 'string' || key.length < MIN_KEY_LENGTH) {
    throw new Error(`the pseudonymisation key must be at least ${MIN_KEY_LENGTH} characters long`);
  }
  const secret = Buffer.from(key, 'utf8');
  const mac = hmacSha256(secret);
  const hmac = (text: string): Pseudonym => mac(text).toString('hex', 0, PSEUDONYM_HEX_LENGTH / 2);
  const names = new BoundedCache<Pseudonym>(options.nameCacheCapacity ?? DEFAULT_NAME_CACHE_CAPACITY);
  const nameOf = (name: string) => hmac(`name|${normaliseName(name)}`);

  const personKey = (documentCountry: string, documentNumber: string) =>
    hmac(`person|${documentCountry.trim().toUpperCase()}|${normaliseDocumentNumber(documentNumber)}`);
  const bookingKey = (bookingReference: string) => hmac(`booking|${normaliseCode(bookingReference)}`);
  const nameKey = (name: string) => names.get(name, nameOf);
  const partyKey: Pseudonymiser['partyKey'] = (party) =>
    party.id ??
    hmac(
      `party|${normaliseName(party.name)}|${normaliseName(party.address ?? '')}|${party.country.trim().toUpperCase()}`,
    );

  function declaration(input: CurrencyDeclarationInput): CurrencyDeclaration {
    const { traveller, travel, ...rest } = input;
    const { documentNumber, fullName: _fullName, dateOfBirth: _dateOfBirth, ...keptTraveller } = traveller;
    const body: CurrencyDeclaration = {
      ...rest,
      traveller: { ...keptTraveller, personKey: personKey(traveller.documentCountry, documentNumber) },
    };
    if (travel !== undefined) {
      const { bookingReference, ...keptTravel } = travel;
      body.travel =
        bookingReference === undefined
          ? keptTravel
          : { ...keptTravel, bookingKey: bookingKey(bookingReference) };
    }
    return body;
  }

  function party(input: ManifestPartyInput): ManifestParty {
    const out: ManifestParty = { key: partyKey(input), country: input.country, nameKey: nameKey(input.name) };
    if (input.id !== undefined) out.id = input.id;
    return out;
  }

  function manifest(input: CourierManifestInput): CourierManifest {
    const { shipper, consignee, ...rest } = input;
    return { ...rest, shipper: party(shipper), consignee: party(consignee) };
  }

  function invoice(input: TradeInvoiceInput): TradeInvoice {
    const { exporter, importer, payment, ...rest } = input;
    const body: TradeInvoice = {
      ...rest,
      exporter: { ...exporter, nameKey: nameKey(exporter.name) },
      importer: { ...importer, nameKey: nameKey(importer.name) },
    };
    if (payment !== undefined) {
      const { payerName, ...keptPayment } = payment;
      body.payment = payerName === undefined ? keptPayment : { ...keptPayment, payerKey: nameKey(payerName) };
    }
    return body;
  }

  function pseudonymise(kind: EventKind, input: EventInput<EventKind>): DomainEvent {
    switch (kind) {
      case 'declaration': {
        const d = input as CurrencyDeclarationInput;
        return { kind, id: d.declarationId, eventTime: d.declaredAt, body: declaration(d) };
      }
      case 'manifest': {
        const m = input as CourierManifestInput;
        return { kind, id: m.consignmentId, eventTime: m.reportedAt, body: manifest(m) };
      }
      case 'invoice': {
        const i = input as TradeInvoiceInput;
        return { kind, id: i.invoiceId, eventTime: i.declaredAt, body: invoice(i) };
      }
    }
  }

  return {
    pseudonymise: pseudonymise as Pseudonymiser['pseudonymise'],
    personKey,
    bookingKey,
    nameKey,
    partyKey,
  };
}

type CourierManifestInput = EventInput<'manifest'>;

// Almost every value is ASCII text, on which NFKC and NFKD change nothing, upper-then-lower case
// is lower case and there are no combining marks: those steps are skipped for it (same result).
const NON_ASCII = /[\u0080-\uffff]/;
const DOCUMENT_SEPARATORS = /[\s\p{Pd}]+/gu;
const SPACES = /\s+/gu;
const MARKS = /\p{M}+/gu;
const DROPPED_IN_NAMES = /[.'\u2018\u2019\u02bc\u00b4`]+/gu;
const SPACE_IN_NAMES = /[\p{P}\p{S}\s]+/gu;

/** Document numbers: compatibility-normalised, upper case, without spaces and dashes. */
export function normaliseDocumentNumber(value: string): string {
  const text = !NON_ASCII.test(value) ? value : value.normalize('NFKC');
  return text.toUpperCase().replace(DOCUMENT_SEPARATORS, '');
}

/** Codes such as booking references: compatibility-normalised, upper case, without spaces. */
export function normaliseCode(value: string): string {
  const text = !NON_ASCII.test(value) ? value : value.normalize('NFKC');
  return text.toUpperCase().replace(SPACES, '');
}

/**
 * Names and addresses: accents stripped (NFKD, marks removed), case-folded, dots and apostrophes
 * removed ("S.A." = "SA", "O'Neil" = "ONeil"), other punctuation and symbols read as spaces, runs
 * of spaces collapsed.
 */
export function normaliseName(value: string): string {
  const folded = !NON_ASCII.test(value)
    ? value.toLowerCase()
    : value.normalize('NFKD').toUpperCase().toLowerCase().normalize('NFKD').replace(MARKS, '');
  return folded.replace(DROPPED_IN_NAMES, '').replace(SPACE_IN_NAMES, ' ').trim();
}
