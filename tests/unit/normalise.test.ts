import { describe, expect, it } from 'vitest';
import { foldWord, stemWord, tokenize } from '../../src/engine/normalise.js';
import { AliasMatcher } from '../../src/engine/analyse.js';
import { sentenceRanges } from '../../src/engine/passage.js';
import { editDistance, FuzzyVocabulary } from '../../src/engine/fuzzy.js';
import { isListedEnglishWord, rarity } from '../../src/engine/background.js';

describe('normalising words', () => {
  it('folds case, diacritics, dotted abbreviations, possessives and curly quotes', () => {
    expect(tokenize('U.S. troops').map((t) => t.folded)).toEqual(['us', 'troops']);
    expect(tokenize('the US’s mandate').map((t) => t.folded)).toEqual(['the', 'us', 'mandate']);
    expect(foldWord('Iraq’s')).toBe('iraq');
    expect(foldWord("Iraq's")).toBe('iraq');
    expect(foldWord('Süleimani')).toBe('suleimani');
    expect(tokenize('5,000 soldiers').map((t) => t.folded)).toEqual(['5000', 'soldiers']);
    expect(tokenize('counter-Islamic').map((t) => t.folded)).toEqual(['counter', 'islamic']);
  });

  it('reduces word forms to one stem and keeps offsets into the original text', () => {
    const [voted, votes] = tokenize('voted votes');
    expect(voted!.stem).toBe(votes!.stem);
    const text = 'The “vote” passed';
    const vote = tokenize(text)[1]!;
    expect(text.slice(vote.start, vote.end)).toBe('vote');
  });
});

describe('sentences', () => {
  it('does not split after abbreviations such as U.S. or Gen.', () => {
    const text = 'It killed Gen. Qassem Suleimani on Friday. The U.S. Embassy closed. “Go,” he said.';
    expect(sentenceRanges(text).map((r) => text.slice(r.start, r.end))).toEqual([
      'It killed Gen. Qassem Suleimani on Friday.',
      'The U.S. Embassy closed.',
      '“Go,” he said.',
    ]);
  });
});

describe('fuzzy vocabulary', () => {
  it('finds misspellings within one or two edits and not other words', () => {
    const vocabulary = new FuzzyVocabulary(['parliament', 'voting', 'suleimani', 'quorum']);
    expect(vocabulary.lookup('parliment')[0]?.word).toBe('parliament');
    expect(vocabulary.lookup('suliemani')[0]?.word).toBe('suleimani');
    expect(vocabulary.lookup('dating')).toEqual([]);
    expect(vocabulary.lookup('qu')).toEqual([]);
    expect(editDistance('abcd', 'abdc', 2)).toBe(1);
  });
});

describe('stems', () => {
  it('keeps words apart that the Porter stemmer would merge, and their plurals together', () => {
    expect(stemWord('united')).not.toBe(stemWord('unit'));
    expect(stemWord('general')).not.toBe(stemWord('generous'));
    expect(stemWord('department')).not.toBe(stemWord('depart'));
    expect(stemWord('departments')).toBe(stemWord('department'));
    expect(stemWord('news')).not.toBe(stemWord('new'));
    expect(stemWord('generals')).toBe(stemWord('general'));
    expect(stemWord('forces')).not.toBe(stemWord('force'));
    expect(stemWord('voted')).toBe(stemWord('vote'));
  });

  it('gives an abbreviated title the stem of the word it stands for', () => {
    const titles: [string, string][] = [['gen', 'general'], ['sen', 'senator'], ['gov', 'governor'], ['govt', 'government'], ['lt', 'lieutenant'], ['col', 'colonel'], ['sgt', 'sergeant'], ['capt', 'captain'], ['adm', 'admiral'], ['dept', 'department']];
    for (const [abbreviation, word] of titles) expect(stemWord(abbreviation)).toBe(stemWord(word));
  });
});

describe('everyday English', () => {
  it('takes listed words and two words run together as words, not as misspellings', () => {
    expect(isListedEnglishWord('summarize')).toBe(true);
    expect(isListedEnglishWord('timeline')).toBe(true);
    expect(isListedEnglishWord('kliled')).toBe(false);
    // A misspelling that keeps a real stem is still a misspelling.
    expect(isListedEnglishWord('happenned')).toBe(false);
  });

  it('rates an inflected form as common as its base word', () => {
    expect(rarity('opposes')).toBe(rarity('oppose'));
    expect(rarity('replaced')).toBe(rarity('replace'));
    expect(rarity('opposes')).toBeLessThan(rarity('khamenei'));
  });
});

describe('alias phrases', () => {
  const matcher = new AliasMatcher([
    ['prime minister', 'PM'],
    ['kick out', 'expel'],
    ['prime', 'first'],
  ]);
  const stems = tokenize('The prime minister wants to kick out the troops; the PM said so first').map((token) => token.stem);

  it('finds every phrase, longest first, each group once where it begins', () => {
    expect(matcher.findInStems(stems)).toEqual([
      { from: 1, length: 2, group: 0 },
      { from: 1, length: 1, group: 2 },
      { from: 5, length: 2, group: 1 },
      { from: 10, length: 1, group: 0 },
      { from: 13, length: 1, group: 2 },
    ]);
  });

  it('finds the same when told where phrases may begin (the index builder looks only there)', () => {
    const starts = stems.flatMap((stem, position) => (matcher.startsPhrase(stem) ? [position] : []));
    expect(starts.length).toBeLessThan(stems.length);
    expect(matcher.findInStems(stems, starts)).toEqual(matcher.findInStems(stems));
  });
});
