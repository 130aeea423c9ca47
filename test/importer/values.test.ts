import { describe, expect, it } from 'vitest';
import { CellError, readDate, readDateTime, readDecimal, zeroPad } from '../../src/importer/values.ts';

describe('readDecimal', () => {
  it('keeps decimal text exact', () => {
    expect(readDecimal('1234.5')).toBe('1234.5');
    expect(readDecimal('372254.4')).toBe('372254.4');
    expect(readDecimal('0.1')).toBe('0.1');
    expect(readDecimal('108.0')).toBe('108.0');
    expect(readDecimal('+7')).toBe('7');
    expect(readDecimal('007.50')).toBe('7.50');
    expect(readDecimal('.5')).toBe('0.5');
    expect(readDecimal('-0.00')).toBe('0.00');
    expect(readDecimal('123456789012345678.123456')).toBe('123456789012345678.123456');
  });

  it('expands exponents on the digits', () => {
    expect(readDecimal('1.5e3')).toBe('1500');
    expect(readDecimal('1.25E-4')).toBe('0.000125');
    expect(readDecimal('-2e0')).toBe('-2');
  });

  it('rounds half to even beyond the places asked, dropping the rounded trailing zeros', () => {
    expect(readDecimal('86125.20000000001', 6)).toBe('86125.2');
    expect(readDecimal('0.1234565', 6)).toBe('0.123456');
    expect(readDecimal('0.1234575', 6)).toBe('0.123458');
    expect(readDecimal('0.12345650001', 6)).toBe('0.123457');
    expect(readDecimal('9.9999999', 6)).toBe('10');
    expect(readDecimal('2.5', 0)).toBe('2');
    expect(readDecimal('3.5', 0)).toBe('4');
    expect(readDecimal('-0.0000004', 6)).toBe('0');
    expect(readDecimal('1234.5', 6)).toBe('1234.5');
  });

  it('rejects what is not a decimal', () => {
    for (const bad of ['', '.', '1,5', '1 000', 'abc', '1e', '0x10', '--1'])
      expect(() => readDecimal(bad), bad).toThrow(CellError);
  });
});

describe('dates', () => {
  it('reads each layout to YYYY-MM-DD and refuses days that do not exist', () => {
    expect(readDate('2020-01-05', 'YYYY-MM-DD')).toBe('2020-01-05');
    expect(readDate('2020-1-5', 'YYYY-MM-DD')).toBe('2020-01-05');
    expect(readDate('20200105', 'YYYYMMDD')).toBe('2020-01-05');
    expect(readDate('05/01/2020', 'DD/MM/YYYY')).toBe('2020-01-05');
    expect(readDate('01/05/2020', 'MM/DD/YYYY')).toBe('2020-01-05');
    expect(readDate('5.1.2020', 'DD.MM.YYYY')).toBe('2020-01-05');
    expect(() => readDate('2021-02-29', 'YYYY-MM-DD')).toThrow('not a calendar date (form YYYY-MM-DD)');
    expect(() => readDate('05/01/2020', 'YYYY-MM-DD')).toThrow('not a date in the form YYYY-MM-DD');
  });

  it('gives a date a time of day and zone', () => {
    expect(readDateTime('2020-01-05', 'YYYY-MM-DD', '00:00:00Z')).toBe('2020-01-05T00:00:00Z');
    expect(readDateTime('2020-01-05', 'YYYY-MM-DD', '12:00+09:00')).toBe('2020-01-05T12:00:00+09:00');
  });
});

describe('zeroPad', () => {
  it('pads digit-only codes that lost their leading zeros, and nothing else', () => {
    expect(zeroPad('71080', 6)).toBe('071080');
    expect(zeroPad('440890', 6)).toBe('440890');
    expect(zeroPad('8471.30', 6)).toBe('8471.30');
  });
});
