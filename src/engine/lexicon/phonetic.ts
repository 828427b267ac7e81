/**
 * Sound-alike lookup (Double Metaphone) for words that are too far from any corpus word in
 * letters but sound the same: "opshuns" / "options", "Kasem" / "Qassem", "Moktada" / "Muqtada".
 */
import { doubleMetaphone } from 'double-metaphone';

/** Shorter codes ("MT") match too many unrelated words to be evidence. */
const MIN_CODE_LENGTH = 3;

export class PhoneticIndex {
  private readonly byCode = new Map<string, string[]>();

  constructor(
    words: Iterable<string>,
    /** The index this one adds to (a server's words to the operator's): looked up too. */
    private readonly base?: PhoneticIndex,
  ) {
    for (const word of words) {
      if (word.length < 4 || /\d/.test(word)) continue;
      for (const code of new Set(doubleMetaphone(word))) {
        if (code.length < MIN_CODE_LENGTH) continue;
        const list = this.byCode.get(code);
        if (list) list.push(word);
        else this.byCode.set(code, [word]);
      }
    }
  }

  /** Vocabulary words that sound like `word` (not `word` itself), within a third of the longer one's length: "sovranty" drops three letters of "sovereignty". */
  lookup(word: string): string[] {
    if (word.length < 4 || /\d/.test(word)) return [];
    const found = new Set<string>();
    for (const code of doubleMetaphone(word)) {
      for (const candidate of this.byCode.get(code) ?? []) {
        // Sounding alike with very different lengths is a coincidence of the code ("ayatollah" / "adel").
        if (
          candidate !== word &&
          Math.abs(candidate.length - word.length) <=
            Math.max(2, Math.floor(Math.max(candidate.length, word.length) / 3))
        )
          found.add(candidate);
      }
    }
    for (const candidate of this.base?.lookup(word) ?? []) found.add(candidate);
    return [...found];
  }
}
