// Reading one CSV cell as the type its target holds. Decimals stay decimal text throughout: the
// digits are moved and rounded as strings, never through a binary floating-point number.
import type { DateFormat } from './mapping.ts';

/** A cell that cannot be read as its type; the message names the expected form, never the value. */
export class CellError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CellError';
  }
}

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$/;

/**
 * A decimal cell as canonical decimal text: "1234.5" stays "1234.5", "+7" is "7", "1.5e3" is
 * "1500". With `round`, more decimal places than that are rounded half to even and the rounded
 * fraction loses its trailing zeros ("86125.20000000001" at 6 places is "86125.2").
 */
export function readDecimal(cell: string, round?: number): string {
  const match = DECIMAL.exec(cell);
  const [, sign = '', whole = '', fraction = '', exponent] = match ?? [];
  if (!match || (whole === '' && fraction === '')) throw new CellError('not a decimal number');
  let intPart = whole;
  let fracPart = fraction;
  if (exponent !== undefined) {
    // Shift the decimal point on the digit string.
    const digits = intPart + fracPart;
    const point = intPart.length + Number(exponent);
    if (point <= 0) {
      intPart = '';
      fracPart = '0'.repeat(-point) + digits;
    } else if (point >= digits.length) {
      intPart = digits + '0'.repeat(point - digits.length);
      fracPart = '';
    } else {
      intPart = digits.slice(0, point);
      fracPart = digits.slice(point);
    }
    fracPart = fracPart.replace(/0+$/, '');
  }
  if (round !== undefined && fracPart.length > round) {
    [intPart, fracPart] = roundHalfEven(intPart === '' ? '0' : intPart, fracPart, round);
    fracPart = fracPart.replace(/0+$/, '');
  }
  intPart = intPart.replace(/^0+(?=\d)/, '');
  if (intPart === '') intPart = '0';
  const text = fracPart === '' ? intPart : `${intPart}.${fracPart}`;
  const zero = /^0(\.0*)?$/.test(text);
  return sign === '-' && !zero ? `-${text}` : text;
}

/** Rounds intPart.fracPart to `places` decimals, half to even, on the digit strings. */
function roundHalfEven(intPart: string, fracPart: string, places: number): [string, string] {
  const kept = fracPart.slice(0, places);
  const rest = fracPart.slice(places);
  const first = rest.charCodeAt(0) - 48;
  const beyondHalf = /[1-9]/.test(rest.slice(1));
  const digits = intPart + kept;
  const last = digits.charCodeAt(digits.length - 1) - 48;
  const up = first > 5 || (first === 5 && (beyondHalf || last % 2 === 1));
  const rounded = up ? incrementDigits(digits) : digits;
  const split = rounded.length - places;
  return [rounded.slice(0, split), rounded.slice(split)];
}

function incrementDigits(digits: string): string {
  const out = digits.split('');
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] === '9') out[i] = '0';
    else {
      out[i] = String.fromCharCode(out[i]!.charCodeAt(0) + 1);
      return out.join('');
    }
  }
  return `1${out.join('')}`;
}

const DATE_LAYOUTS: Record<DateFormat, { pattern: RegExp; order: [number, number, number] }> = {
  // order: the capture group indexes of year, month, day
  'YYYY-MM-DD': { pattern: /^(\d{4})-(\d{1,2})-(\d{1,2})$/, order: [1, 2, 3] },
  YYYYMMDD: { pattern: /^(\d{4})(\d{2})(\d{2})$/, order: [1, 2, 3] },
  'DD/MM/YYYY': { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: [3, 2, 1] },
  'MM/DD/YYYY': { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: [3, 1, 2] },
  'DD.MM.YYYY': { pattern: /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, order: [3, 2, 1] },
};

/** A date cell in `format` as "YYYY-MM-DD"; a day that does not exist (30 February) is an error. */
export function readDate(cell: string, format: DateFormat): string {
  const layout = DATE_LAYOUTS[format];
  const match = layout.pattern.exec(cell);
  if (!match) throw new CellError(`not a date in the form ${format}`);
  const [y, m, d] = layout.order.map((i) => match[i]!);
  const text = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  const date = new Date(`${text}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text)
    throw new CellError(`not a calendar date (form ${format})`);
  return text;
}

/** A date cell at a time of day ("00:00:00Z", "12:00+09:00") as ISO 8601 text with its zone. */
export function readDateTime(cell: string, format: DateFormat, time: string): string {
  const withSeconds = /^\d{2}:\d{2}[Z+-]/.test(time) ? `${time.slice(0, 5)}:00${time.slice(5)}` : time;
  return `${readDate(cell, format)}T${withSeconds}`;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 date-time cell with a zone, kept as written. */
export function readIsoTimestamp(cell: string): string {
  if (!ISO_TIME.test(cell) || Number.isNaN(Date.parse(cell)))
    throw new CellError('not an ISO 8601 date-time with a zone');
  return cell;
}

/** Digit-only text shorter than `width`, left-padded with zeros; other text unchanged. */
export function zeroPad(cell: string, width: number): string {
  return /^\d+$/.test(cell) && cell.length < width ? cell.padStart(width, '0') : cell;
}

/** Epoch ms as ISO 8601 UTC text without milliseconds when they are zero. */
export function isoUtc(ms: number): string {
  const text = new Date(ms).toISOString();
  return text.endsWith('.000Z') ? `${text.slice(0, -5)}Z` : text;
}
