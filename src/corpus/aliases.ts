/**
 * Aliases: names that mean the same thing, declared by the operator per corpus in `_aliases.txt`.
 * One group per line, phrases separated by `|`; `#` starts a comment. Example:
 *   U.S. | US | United States | America | American | Washington
 */
import type { AliasGroup } from './types.js';
import { CorpusError } from './load.js';

export function parseAliases(source: string, file: string): AliasGroup[] {
  const groups: AliasGroup[] = [];
  source.split(/\r\n?|\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    const phrases = line
      .split('|')
      .map((phrase) => phrase.trim())
      .filter((phrase) => phrase !== '');
    if (phrases.length < 2) {
      throw new CorpusError(
        `${file}: line ${index + 1} must list at least two phrases separated by "|" (got "${line.slice(0, 60)}").`,
      );
    }
    groups.push(phrases);
  });
  return groups;
}
