import { describe, expect, it } from 'vitest';
import {
  everydaySpelling,
  isEverydayLowerCaseWord,
  isListedEnglishWord,
  rarity,
} from '../../../src/engine/lexicon/english.js';
import { editDistance, FuzzyVocabulary } from '../../../src/engine/lexicon/fuzzy.js';
import { PhoneticIndex } from '../../../src/engine/lexicon/phonetic.js';
import { wordVectors } from '../../../src/engine/lexicon/vectors.js';
import { wordNet } from '../../../src/engine/lexicon/wordnet.js';

describe('fuzzy vocabulary (Fuse.js)', () => {
  it('finds misspellings within one or two edits and not other words', () => {
    const vocabulary = new FuzzyVocabulary(['parliament', 'voting', 'harbour', 'quorum']);
    expect(vocabulary.lookup('parliment')[0]?.word).toBe('parliament');
    expect(vocabulary.lookup('qourum')[0]?.word).toBe('quorum');
    expect(vocabulary.lookup('dating')).toEqual([]);
    expect(vocabulary.lookup('qu')).toEqual([]);
    expect(editDistance('abcd', 'abdc', 2)).toBe(1);
  });
});

describe('sound-alikes (Double Metaphone)', () => {
  it('finds a word spelt as it sounds', () => {
    expect(new PhoneticIndex(['options', 'harbour']).lookup('opshuns')).toContain('options');
    expect(new PhoneticIndex(['options']).lookup('banana')).toEqual([]);
  });
});

describe('everyday English (SUBTLEX)', () => {
  it('takes listed words and two words run together as words, not as misspellings', () => {
    expect(isListedEnglishWord('summarize')).toBe(true);
    expect(isListedEnglishWord('timeline')).toBe(true);
    expect(isListedEnglishWord('kliled')).toBe(false);
    expect(isListedEnglishWord('happenned')).toBe(false);
  });

  it('rates an inflected form as common as its base word, and names above both', () => {
    expect(rarity('opposes')).toBe(rarity('oppose'));
    expect(rarity('opposes')).toBeLessThan(rarity('khamenei'));
  });

  it('corrects a misspelt everyday word, preferring the words a corpus uses', () => {
    expect(everydaySpelling('hapened')?.word).toBe('happened');
    expect(everydaySpelling('deand', (word) => (word === 'demand' ? 1 : 0))?.word).toBe('demand');
  });

  it('knows which words English writes in lower case: names are the others', () => {
    expect(isEverydayLowerCaseWord('harbour')).toBe(true);
    expect(isEverydayLowerCaseWord('california')).toBe(false);
  });
});

describe('WordNet', () => {
  const lexicon = wordNet(3);

  it('gives synonyms of the commonest senses and derived words', () => {
    expect(lexicon.relatives('invasion').derived).toContain('invade');
    expect(lexicon.relatives('expel').synonyms).toContain('oust');
    expect(lexicon.relatives('counties').synonyms).toContain('county');
    expect(lexicon.relatives('zzqx')).toEqual({ synonyms: [], derived: [] });
  });

  it('knows real words, inflected or not, and not misspellings', () => {
    expect(lexicon.knows('iterations')).toBe(true);
    expect(lexicon.knows('restated')).toBe(true);
    expect(lexicon.knows('withdrawl')).toBe(false);
  });
});

describe('word vectors', () => {
  const vectors = wordVectors();
  const cosine = (a: string, b: string): number => vectors.cosine(vectors.row(a), vectors.row(b));

  it('finds words of like meaning close and unrelated words far', () => {
    expect(cosine('soldiers', 'troops')).toBeGreaterThan(0.8);
    expect(cosine('died', 'killed')).toBeGreaterThan(0.7);
    expect(cosine('pizza', 'vote')).toBeLessThan(0.3);
    expect(cosine('harbour', 'harbour')).toBeCloseTo(1, 2);
    expect(vectors.row('zzqxv')).toBe(-1);
  });
});
