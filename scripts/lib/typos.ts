/**
 * Synthetic misspellings, to measure typo tolerance on more questions than anyone writes by hand:
 * each question the engine answers right gets a few variants with one word misspelt by one random
 * edit (two letters swapped, one dropped, one doubled, or a vowel changed), the commonest slips.
 * Deterministic: the same seed and question give the same variants.
 */
import { random } from './haystack.js';
import { isRight, type LabelledQuestion, type Ranker, type Share } from './score.js';

const VOWELS = 'aeiou';
/** Only words of five letters or more are misspelt: a slip in a short word often makes another word. */
const MISSPELLABLE = /^[a-zA-Z]{5,}$/;

function misspell(word: string, next: () => number): string {
  const i = 1 + Math.floor(next() * (word.length - 2));
  switch (Math.floor(next() * 4)) {
    case 0:
      return word.slice(0, i) + word[i + 1]! + word[i]! + word.slice(i + 2);
    case 1:
      return word.slice(0, i) + word.slice(i + 1);
    case 2:
      return word.slice(0, i) + word[i]! + word.slice(i);
    default: {
      const vowel = [...word].findIndex((letter, k) => k > 0 && VOWELS.includes(letter));
      return vowel > 0
        ? word.slice(0, vowel) + VOWELS[Math.floor(next() * VOWELS.length)]! + word.slice(vowel + 1)
        : word;
    }
  }
}

/** FNV-1a: a stable number for a string. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

export interface TypoReport {
  /** Of the misspelt variants of questions answered right when spelt as written, those still answered with a right paragraph first. */
  readonly kept: Share;
  readonly failures: readonly string[];
}

export function typoRobustness(
  ranker: Ranker,
  questions: readonly LabelledQuestion[],
  variantsPerQuestion = 3,
  seed = 42,
): TypoReport {
  const failures: string[] = [];
  let variants = 0;
  let kept = 0;
  for (const item of questions) {
    const right = (question: string): boolean => isRight(item, ranker.answer(question).passages[0]);
    if (!right(item.q)) continue;
    // Seeded per question, so that a change elsewhere in the set leaves this question's variants as they were.
    const next = random(seed ^ hashOf(item.q));
    const words = item.q.split(' ');
    const candidates = words.flatMap((word, k) => (MISSPELLABLE.test(word) ? [k] : []));
    if (candidates.length === 0) continue;
    for (let v = 0; v < variantsPerQuestion; v++) {
      const k = candidates[Math.floor(next() * candidates.length)]!;
      const variant = [...words];
      variant[k] = misspell(words[k]!, next);
      const question = variant.join(' ');
      variants++;
      if (right(question)) kept++;
      else failures.push(`typo miss: "${question}" (was "${words[k]}") wants ¶${item.paragraphs.join(',')}`);
    }
  }
  return { kept: { hits: kept, of: variants }, failures };
}
