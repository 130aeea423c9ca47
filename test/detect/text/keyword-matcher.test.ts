import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  KeywordMatcher,
  keywordMatcher,
  normaliseWords,
  withinOneEdit,
} from '../../../src/detect/text/keyword-matcher.ts';
import { keywordsSchema } from '../../../src/reference/reference.ts';

const shipped = keywordsSchema.parse(parse(readFileSync('config/reference/keywords.yaml', 'utf8')));
const matcher = keywordMatcher(shipped);
const categoriesOf = (text: string) => matcher.match(text).categories;

describe('keyword matcher on the shipped lists', () => {
  it('has every category in English, Spanish, French, German, Arabic (transliterated) and Portuguese', () => {
    for (const category of ['CASH', 'BNI', 'PREPAID_CARD', 'GOLD']) {
      expect(Object.keys(shipped.categories[category] ?? {}).sort()).toEqual([
        'ar',
        'de',
        'en',
        'es',
        'fr',
        'pt',
      ]);
    }
  });

  it.each([
    ['cash', 'CASH'],
    ['CASH', 'CASH'],
    ['casch', 'CASH'],
    ['Bank notes', 'CASH'],
    ['bank-notes, used', 'CASH'],
    ['Billets de Banque', 'CASH'],
    ['dinero en efectivo', 'CASH'],
    ['espèces', 'CASH'],
    ['Bargeld', 'CASH'],
    ['dinheiro em espécie', 'CASH'],
    ['awraq naqdiya', 'CASH'],
    ['money orders', 'BNI'],
    ["traveller's cheques", 'BNI'],
    ['US bearer bonds', 'BNI'],
    ['titres au porteur', 'BNI'],
    ['Reiseschecks', 'BNI'],
    ['gift cards x20', 'PREPAID_CARD'],
    ['tarjeta prepago', 'PREPAID_CARD'],
    ['Gold bars 999.9', 'GOLD'],
    ["lingots d'or", 'GOLD'],
    ['Goldmünzen', 'GOLD'],
    ['monedas de oro', 'GOLD'],
    ['sabaek dhahab', 'GOLD'],
  ])('finds %j as %s', (text, category) => {
    expect(categoriesOf(text)).toEqual([category]);
  });

  it.each([
    '100% cashmere sweater',
    'Cashew nuts, roasted',
    'Electronic cash register',
    'Payment: cash on delivery',
    'Plush monkey toy',
    'Cotton T-shirts',
    'Billets d’avion (e-tickets)',
    'gold plated earrings',
    'Bullion wire embroidery badges',
  ])('finds nothing in %j', (text) => {
    expect(matcher.match(text)).toEqual({ categories: [], terms: [] });
  });

  it('prefers the phrase to the word inside it: "money order" is BNI, not CASH', () => {
    expect(matcher.match('Money order')).toEqual({
      categories: ['BNI'],
      terms: [{ category: 'BNI', language: 'en', term: 'money order', matched: 'money order', fuzzy: false }],
    });
  });

  it('reports the matched words, normalised, and whether a typo was tolerated', () => {
    expect(matcher.match('Casch and Banknotes').terms).toEqual([
      { category: 'CASH', language: 'en', term: 'cash', matched: 'casch', fuzzy: true },
      { category: 'CASH', language: 'en', term: 'banknote', matched: 'banknotes', fuzzy: false },
    ]);
  });

  it('builds once per list', () => {
    expect(keywordMatcher(shipped)).toBe(matcher);
  });
});

describe('keyword matcher mechanics', () => {
  const small = new KeywordMatcher({
    categories: { CASH: { en: ['cash', 'bank note', 'money'] }, BNI: { en: ['money order', 'cheque'] } },
    exclude: { en: ['cash register'] },
  });

  it('normalises case, accents, ß, possessives and punctuation', () => {
    expect(normaliseWords("Traveller's CHÈQUES, Straße – d'or")).toEqual([
      'travellers',
      'cheques',
      'strasse',
      'd',
      'or',
    ]);
  });

  it('matches plurals in -s, -es and -x', () => {
    expect(small.match('cashes').categories).toEqual(['CASH']);
    expect(small.match('bank notes').categories).toEqual(['CASH']);
    expect(small.match('cheques').categories).toEqual(['BNI']);
  });

  it('tolerates one edit only in words of 5 letters or more, with the same first two letters', () => {
    expect(small.match('casch').terms[0]).toMatchObject({ term: 'cash', fuzzy: true });
    expect(small.match('chequ').terms[0]).toMatchObject({ term: 'cheque', fuzzy: true });
    expect(small.match('mnoey').categories).toEqual([]); // transposition, but first two letters differ
    expect(small.match('moeny').terms[0]).toMatchObject({ term: 'money', fuzzy: true });
    expect(small.match('cahs').categories).toEqual([]); // 4 letters: exact only
    expect(small.match('case').categories).toEqual([]);
    expect(small.match('crash').categories).toEqual([]);
    expect(small.match('cashmere').categories).toEqual([]);
  });

  it('matches phrases only on consecutive words, and exclusions only exactly', () => {
    expect(small.match('bank of notes').categories).toEqual([]);
    expect(small.match('cash register').categories).toEqual([]);
    expect(small.match('cash regster').categories).toEqual(['CASH']);
    expect(small.match('cash register with cash inside').terms).toHaveLength(1);
  });

  it('computes edit distance one, with adjacent swaps', () => {
    expect([
      withinOneEdit('cash', 'casch'),
      withinOneEdit('banknote', 'bankonte'),
      withinOneEdit('cash', 'cahs'),
    ]).toEqual([true, true, true]);
    expect([
      withinOneEdit('cash', 'cashew'),
      withinOneEdit('money', 'mnoye'),
      withinOneEdit('abc', 'abd'),
    ]).toEqual([false, false, true]);
  });
});
