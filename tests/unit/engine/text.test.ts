import { describe, expect, it } from 'vitest';
import { foldWord, stemWord, tokenize } from '../../../src/engine/text/normalise.js';
import { AliasMatcher } from '../../../src/engine/text/aliases.js';
import { inheritedNames, isCapitalised, mayBeName, opensWithQuote } from '../../../src/engine/text/pronouns.js';
import { sentenceRanges } from '../../../src/engine/text/sentences.js';

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

describe('stems', () => {
  it('stems inflections together, and keeps short words and numbers whole', () => {
    expect(stemWord('voted')).toBe(stemWord('vote'));
    expect(stemWord('departments')).toBe(stemWord('department'));
    expect(stemWord('us')).toBe('us');
    expect(stemWord('used')).not.toBe(stemWord('us'));
    expect(stemWord('2003')).toBe('2003');
  });
});

describe('alias phrases', () => {
  const matcher = new AliasMatcher([
    ['prime minister', 'PM'],
    ['kick out', 'expel'],
    ['prime', 'first'],
  ]);
  const stems = tokenize('The prime minister wants to kick out the troops; the PM said so first').map(
    (token) => token.stem,
  );

  it('finds every phrase, longest first, each group once where it begins', () => {
    expect(matcher.find(stems)).toEqual([
      { from: 1, length: 2, group: 0 },
      { from: 1, length: 1, group: 2 },
      { from: 5, length: 2, group: 1 },
      { from: 10, length: 1, group: 0 },
      { from: 13, length: 1, group: 2 },
    ]);
  });

  it('reads only the first `count` stems of a reused buffer, so a phrase never runs into stale words', () => {
    const buffer = tokenize('prime minister').map((token) => token.stem);
    expect(matcher.find(buffer, 1)).toEqual([{ from: 0, length: 1, group: 2 }]);
  });
});

describe('pronouns', () => {
  it('takes capitalised words that are not everyday lower-case words as names', () => {
    const isNameWord = (firstLetter: string, folded: string): boolean =>
      isCapitalised(firstLetter.charCodeAt(0)) && mayBeName(folded);
    expect(isNameWord('O', 'okafor')).toBe(true);
    expect(isNameWord('M', 'mayor')).toBe(false);
    expect(isNameWord('o', 'okafor')).toBe(false);
    expect(isNameWord('T', 'the')).toBe(false);
    expect(isNameWord('Ö', 'ozil')).toBe(true);
  });

  it('finds paragraphs that carry on a quotation', () => {
    expect(opensWithQuote('“We will rebuild,” the statement read.')).toBe(true);
    expect(opensWithQuote('The bridge was closed.')).toBe(false);
  });

  it('carries the names of the paragraph before, through a chain of paragraphs that speak through others', () => {
    const first = { names: ['okafor'], inherited: [], speaksThroughOthers: false };
    const second = { names: [], inherited: inheritedNames(first, true), speaksThroughOthers: true };
    expect(second.inherited).toEqual(['okafor']);
    expect(
      inheritedNames({ names: ['twitter'], inherited: second.inherited, speaksThroughOthers: true }, true),
    ).toEqual(['twitter', 'okafor']);
    expect(inheritedNames(first, false)).toEqual([]);
    expect(inheritedNames(undefined, true)).toEqual([]);
  });
});
