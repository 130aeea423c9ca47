// Finds listed terms in free-text descriptions, on word boundaries, tolerant of case, accents,
// plurals and simple misspellings: "Billets de Banque", "bank-notes" and "casch" are found;
// "cashmere" is not "cash". Built once from the keyword lists; matching compiles nothing.
//
// Text and terms are normalised alike: lower case, NFKD with combining marks removed (é → e,
// ö → o), a few letters without a decomposition spelt out (ß → ss, æ → ae, ...), an English
// possessive "'s" glued to its word, then split on anything that is not a letter or a digit.
// Two words match when:
//  - they are equal after dropping a plural ending (-s, -es, -x) from either one, or
//  - (misspelling) the description word has at least 5 letters, both start with the same two
//    letters, and one edit (insertion, deletion, substitution or swap of neighbours) turns one into
//    the other. Shorter words must match exactly: "cash" is never "case" or "cask".
// A term of several words matches as a phrase (consecutive words). When matches overlap, the
// longest wins ("money order" hides "money"). An exclusion phrase ("cash register") cancels the
// terms it contains; exclusions match exactly, never fuzzily.

export interface KeywordSource {
  /** Terms per category, then per language. */
  categories: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /** Exclusion phrases per language. */
  exclude?: Readonly<Record<string, readonly string[]>>;
}

export interface KeywordHit {
  category: string;
  language: string;
  /** The term as listed. */
  term: string;
  /** The description's words that matched, normalised (lower case, no accents). */
  matched: string;
  /** True when a misspelling was tolerated. */
  fuzzy: boolean;
}

export interface KeywordMatch {
  /** Categories with at least one hit, sorted. */
  categories: string[];
  /** One per distinct (category, term, matched words), in text order. */
  terms: KeywordHit[];
}

interface Term {
  category: string;
  language: string;
  term: string;
  words: number[];
  exclusion: boolean;
}

interface Found {
  start: number;
  end: number;
  term: Term;
  fuzzy: boolean;
}

const MIN_FUZZY_LENGTH = 5;
/** Texts whose matches are remembered before the memo starts over. */
const MEMO_LIMIT = 10_000;
const MIN_FUZZY_FORM_LENGTH = 4;

const SPELT_OUT: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ı: 'i',
  þ: 'th',
};
const SPELT_OUT_LETTERS = /[ßæœøłđıþ]/g;
const COMBINING_MARKS = /\p{M}+/gu;
const POSSESSIVE = /['’]s(?![\p{L}\p{N}])/gu;
const SEPARATORS = /[^\p{L}\p{N}]+/u;

/** The normalised words of a text. */
export function normaliseWords(text: string): string[] {
  const normalised = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(SPELT_OUT_LETTERS, (c) => SPELT_OUT[c] ?? c)
    .replace(POSSESSIVE, 's');
  return normalised.split(SEPARATORS).filter((w) => w !== '');
}

/** The word and its singular candidates: -s and -x off (stem ≥ 3 letters), -es off (stem ≥ 4). */
function singularForms(word: string): string[] {
  const forms = [word];
  const n = word.length;
  if (n - 1 >= 3 && (word.endsWith('s') || word.endsWith('x'))) forms.push(word.slice(0, -1));
  if (n - 2 >= 4 && word.endsWith('es')) forms.push(word.slice(0, -2));
  return forms;
}

/** Optimal string alignment distance ≤ 1 (one insertion, deletion, substitution or adjacent swap). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (la === lb) {
    let i = 0;
    while (a[i] === b[i]) i++;
    if (sameFrom(a, i + 1, b, i + 1)) return true;
    return i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && sameFrom(a, i + 2, b, i + 2);
  }
  if (Math.abs(la - lb) !== 1) return false;
  const [short, long] = la < lb ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return sameFrom(short, i, long, i + 1);
}

/** a.slice(i) === b.slice(j), without making the slices (called for every fuzzy candidate). */
function sameFrom(a: string, i: number, b: string, j: number): boolean {
  if (a.length - i !== b.length - j) return false;
  for (; i < a.length; i++, j++) if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
  return true;
}

export class KeywordMatcher {
  /** Singular form → ids of the term words having it. */
  readonly #exact = new Map<string, number[]>();
  /** First two letters → the term-word forms long enough for fuzzy matching. */
  readonly #fuzzy = new Map<string, Array<{ form: string; id: number }>>();
  /** Term-word id → the terms starting with it. */
  readonly #byFirstWord = new Map<number, Term[]>();
  readonly #wordIds = new Map<string, number>();
  readonly #memo = new Map<string, KeywordMatch>();

  constructor(source: KeywordSource) {
    for (const [category, byLanguage] of Object.entries(source.categories)) {
      for (const [language, terms] of Object.entries(byLanguage)) {
        for (const term of terms) this.#addTerm({ category, language, term, exclusion: false });
      }
    }
    for (const [language, terms] of Object.entries(source.exclude ?? {})) {
      for (const term of terms) this.#addTerm({ category: '', language, term, exclusion: true });
    }
  }

  #addTerm(entry: Omit<Term, 'words'>): void {
    const words = normaliseWords(entry.term).map((word) => this.#wordId(word));
    const first = words[0];
    if (first === undefined) return;
    const term: Term = { ...entry, words };
    const list = this.#byFirstWord.get(first);
    if (list) list.push(term);
    else this.#byFirstWord.set(first, [term]);
  }

  #wordId(word: string): number {
    const known = this.#wordIds.get(word);
    if (known !== undefined) return known;
    const id = this.#wordIds.size;
    this.#wordIds.set(word, id);
    for (const form of singularForms(word)) {
      const ids = this.#exact.get(form);
      if (ids) ids.push(id);
      else this.#exact.set(form, [id]);
      if (form.length >= MIN_FUZZY_FORM_LENGTH) {
        const prefix = form.slice(0, 2);
        const bucket = this.#fuzzy.get(prefix);
        if (bucket) bucket.push({ form, id });
        else this.#fuzzy.set(prefix, [{ form, id }]);
      }
    }
    return id;
  }

  /** Term-word ids a description word matches, each with whether the match is fuzzy. */
  #candidates(token: string): Map<number, boolean> {
    const found = new Map<number, boolean>();
    const forms = singularForms(token);
    for (const form of forms) for (const id of this.#exact.get(form) ?? []) found.set(id, false);
    if (token.length >= MIN_FUZZY_LENGTH) {
      for (const form of forms) {
        if (form.length < MIN_FUZZY_FORM_LENGTH) continue;
        for (const entry of this.#fuzzy.get(form.slice(0, 2)) ?? []) {
          if (!found.has(entry.id) && withinOneEdit(form, entry.form)) found.set(entry.id, true);
        }
      }
    }
    return found;
  }

  /**
   * The matches in a text. Several rules match the same descriptions, and descriptions repeat, so
   * results are remembered (a bounded cache): the result is shared, read only.
   */
  match(text: string): KeywordMatch {
    let result = this.#memo.get(text);
    if (result === undefined) {
      if (this.#memo.size >= MEMO_LIMIT) this.#memo.clear();
      result = this.#match(text);
      this.#memo.set(text, result);
    }
    return result;
  }

  #match(text: string): KeywordMatch {
    const tokens = normaliseWords(text);
    const candidates = tokens.map((token) => this.#candidates(token));
    const hits: Found[] = [];
    const exclusions: Found[] = [];
    candidates.forEach((first, start) => {
      for (const [id, firstFuzzy] of first) {
        for (const term of this.#byFirstWord.get(id) ?? []) {
          const found = this.#phraseAt(term, start, firstFuzzy, candidates);
          if (found) (term.exclusion ? exclusions : hits).push(found);
        }
      }
    });

    const kept = hits.filter(
      (hit) =>
        !exclusions.some((ex) => ex.start <= hit.start && hit.end <= ex.end) &&
        !hits.some(
          (other) =>
            other.end - other.start > hit.end - hit.start && other.start <= hit.start && hit.end <= other.end,
        ) &&
        // On the same words, an exact match makes the fuzzy ones redundant.
        !(
          hit.fuzzy &&
          hits.some((other) => !other.fuzzy && other.start === hit.start && other.end === hit.end)
        ),
    );
    kept.sort((a, b) => a.start - b.start || b.end - a.end);

    const seen = new Set<string>();
    const terms: KeywordHit[] = [];
    for (const hit of kept) {
      const matched = tokens.slice(hit.start, hit.end).join(' ');
      const key = `${hit.term.category}\u0000${hit.term.term}\u0000${matched}`;
      if (seen.has(key)) continue;
      seen.add(key);
      terms.push({
        category: hit.term.category,
        language: hit.term.language,
        term: hit.term.term,
        matched,
        fuzzy: hit.fuzzy,
      });
    }
    return { categories: [...new Set(terms.map((t) => t.category))].sort(), terms };
  }

  #phraseAt(
    term: Term,
    start: number,
    firstFuzzy: boolean,
    candidates: ReadonlyArray<Map<number, boolean>>,
  ): Found | null {
    if (term.exclusion && firstFuzzy) return null;
    let fuzzy = firstFuzzy;
    for (let k = 1; k < term.words.length; k++) {
      const wordFuzzy = candidates[start + k]?.get(term.words[k]!);
      if (wordFuzzy === undefined || (term.exclusion && wordFuzzy)) return null;
      fuzzy ||= wordFuzzy;
    }
    return { start, end: start + term.words.length, term, fuzzy };
  }
}

const matchers = new WeakMap<KeywordSource, KeywordMatcher>();

/** The matcher for a keyword list, built on first use and kept as long as the list lives. */
export function keywordMatcher(source: KeywordSource): KeywordMatcher {
  let matcher = matchers.get(source);
  if (!matcher) {
    matcher = new KeywordMatcher(source);
    matchers.set(source, matcher);
  }
  return matcher;
}
