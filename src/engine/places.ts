/**
 * Countries of the world, by name, demonym and capital (the `world-countries` data set), so that a
 * question about a country the corpus never mentions ("What did Canada say?", "how many British
 * troops…") is declined instead of answered with whatever the corpus says about its own countries.
 * Everyday English words among those names ("male", the Maldives' capital) are left out.
 */
import { createRequire } from 'node:module';
import type { AliasGroup } from '../corpus/types.js';
import { AliasMatcher } from './analyse.js';
import { isEverydayLowerCaseWord } from './background.js';
import { isStopWord, tokenize, type Token } from './normalise.js';

interface CountryRecord {
  readonly name: { readonly common: string };
  readonly altSpellings: readonly string[];
  readonly capital: readonly string[];
  readonly demonyms?: { readonly eng?: { readonly m: string; readonly f: string } };
}

/** Short codes people do write for a country; the data set's other two-letter codes ("IL", "PM") are not. */
const EVERYDAY_ABBREVIATIONS = new Set(['UK', 'UAE', 'USA', 'KSA', 'DRC', 'PRC', 'DPRK']);
/** Shorter spellings in the data set are ISO codes, not names. */
const MIN_NAME_LENGTH = 4;

function usableName(name: string): boolean {
  if (EVERYDAY_ABBREVIATIONS.has(name)) return true;
  if (name.length < MIN_NAME_LENGTH || name === name.toUpperCase()) return false;
  const tokens = tokenize(name);
  if (tokens.length === 0 || tokens.every((token) => isStopWord(token.folded))) return false;
  return tokens.length > 1 || !isEverydayLowerCaseWord(tokens[0]!.folded);
}

/**
 * Peoples named by faith or ethnicity ("Shiite lawmakers", "Kurdish MPs"): like a country's
 * people, background to a story rather than someone it is about.
 */
const PEOPLES: readonly AliasGroup[] = [
  ['Shiite', 'Shia', "Shi'ite", 'Shiites', 'Shias'],
  ['Sunni', 'Sunnis'],
  ['Muslim', 'Muslims', 'Islam', 'Islamic'],
  ['Christian', 'Christians'],
  ['Jewish', 'Jews', 'Jew'],
  ['Hindu', 'Hindus'],
  ['Buddhist', 'Buddhists'],
  ['Kurd', 'Kurds', 'Kurdish'],
  ['Arab', 'Arabs', 'Arabic'],
  ['Persian', 'Persians'],
  ['Yazidi', 'Yazidis'],
  ['Alawite', 'Alawites'],
  ['Druze'],
  ['Pashtun', 'Pashtuns'],
  ['Catholic', 'Catholics'],
  ['Protestant', 'Protestants'],
];

/** Countries and peoples: names that set where a story happens, not whom it is about. */
export function backgroundNames(): readonly AliasGroup[] {
  return [...countryNames(), ...PEOPLES];
}

let countryGroups: AliasGroup[] | undefined;
let records: readonly CountryRecord[] | undefined;

/** The data set, read once. */
function countryRecords(): readonly CountryRecord[] {
  records ??= createRequire(import.meta.url)('world-countries/countries.json') as CountryRecord[];
  return records;
}

/** One group per country: the names a question may use for it. */
export function countryNames(): readonly AliasGroup[] {
  countryGroups ??= countryRecords().map((country) => {
    const names = [country.name.common, ...country.altSpellings, ...country.capital, country.demonyms?.eng?.m ?? '', country.demonyms?.eng?.f ?? ''];
    return [...new Set(names)].filter(usableName);
  });
  return countryGroups;
}

let capitalCountries: Map<string, readonly string[]> | undefined;

/**
 * The names of the country whose capital `folded` is ("baghdad" → Iraq, Iraqi), or undefined for
 * any other word. A one-word capital only: "Kuala Lumpur" is never a government's byword.
 */
export function countryOfCapital(folded: string): readonly string[] | undefined {
  capitalCountries ??= new Map(
    countryRecords().flatMap((country) => {
      const names = [country.name.common, country.demonyms?.eng?.m ?? '', country.demonyms?.eng?.f ?? ''].filter(usableName);
      const oneWordCapitals = country.capital.filter(usableName).map((capital) => tokenize(capital)).filter((words) => words.length === 1);
      return oneWordCapitals.map(([capital]) => [capital!.folded, names] as const);
    }),
  );
  return capitalCountries.get(folded);
}

/** Finds countries named in a question that the corpus never names. */
export class PlaceNames {
  private readonly matcher: AliasMatcher;
  private readonly known: ReadonlySet<number>;

  /** @param corpusKnows whether the corpus uses a word (by its stem) or an alias (by its folded form) */
  constructor(corpusKnows: (token: Token) => boolean) {
    const groups = countryNames();
    this.matcher = new AliasMatcher(groups);
    const known = new Set<number>();
    groups.forEach((names, group) => {
      // A country is known when the corpus has every word of one of its names (the index keeps no
      // word positions: "United Kingdom" would count as known in a corpus saying "kingdom" and "united").
      if (names.some((name) => tokenize(name).every((token) => isStopWord(token.folded) || corpusKnows(token)))) known.add(group);
    });
    this.known = known;
  }

  /** The first country in `tokens` the corpus never names, as written in the question. */
  unknownIn(tokens: readonly Token[]): string | undefined {
    const match = this.matcher.find(tokens).find(({ group }) => !this.known.has(group));
    return match && tokens.slice(match.from, match.from + match.length).map((token) => token.folded).join(' ');
  }
}
