/**
 * The corpus's own names for the same thing (`_aliases.txt`): each group becomes one index term,
 * `~N`, carried by every phrase of the group wherever it stands, in paragraphs and questions alike.
 */
import type { AliasGroup } from '../../corpus/types.js';
import { isStopWord, tokenize } from './normalise.js';

export function aliasTerm(group: number): string {
  return `~${group}`;
}

export interface AliasOccurrence {
  /** Index of the phrase's first token. */
  readonly from: number;
  readonly length: number;
  readonly group: number;
}

interface AliasPhrase {
  readonly stems: readonly string[];
  readonly group: number;
}

/** Finds alias phrases in a stream of stems, longest phrase first. */
export class AliasMatcher {
  private readonly byFirstStem = new Map<string, AliasPhrase[]>();

  constructor(groups: readonly AliasGroup[]) {
    groups.forEach((phrases, group) => {
      for (const phrase of phrases) {
        const tokens = tokenize(phrase);
        // A lone stop word ("more") would match nearly every paragraph.
        if (tokens.length === 0 || (tokens.length === 1 && isStopWord(tokens[0]!.folded))) continue;
        const stems = tokens.map((token) => token.stem);
        const list = this.byFirstStem.get(stems[0]!) ?? [];
        list.push({ stems, group });
        list.sort((a, b) => b.stems.length - a.stems.length);
        this.byFirstStem.set(stems[0]!, list);
      }
    });
  }

  get isEmpty(): boolean {
    return this.byFirstStem.size === 0;
  }

  /**
   * Every alias occurrence in the first `count` stems; a group found at a position is not found
   * again there by a shorter phrase.
   */
  find(stems: readonly string[], count = stems.length): AliasOccurrence[] {
    const found: AliasOccurrence[] = [];
    for (let i = 0; i < count; i++) {
      const candidates = this.byFirstStem.get(stems[i]!);
      if (!candidates) continue;
      const groupsHere = new Set<number>();
      for (const phrase of candidates) {
        if (groupsHere.has(phrase.group)) continue;
        if (i + phrase.stems.length <= count && phrase.stems.every((stem, k) => stems[i + k] === stem)) {
          groupsHere.add(phrase.group);
          found.push({ from: i, length: phrase.stems.length, group: phrase.group });
        }
      }
    }
    return found;
  }
}
