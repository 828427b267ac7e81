/**
 * Deterministic made-up local news articles for `npm run bench:bot`'s run with many servers: each
 * server gets its own towns, people and topics, so its articles and questions are its own.
 */
import type { NewStory } from '../../src/store/settings.js';
import { random } from './haystack.js';

const FIRST =
  'Ada Bram Cleo Dario Edda Farid Greta Hugo Ines Jonas Kaia Lior Mira Nils Oona Pavel Rhea Sami Tova Ugo Vera Wim Yara Zeno'.split(
    ' ',
  );
const LAST =
  'Achterberg Belmonte Castellan Dunmore Eskildsen Fairweather Galloway Holmgren Iversen Jardine Kowalczyk Lindqvist Marchetti Nakamura Okonkwo Pellegrini Quennell Rasmussen Szabo Thorvaldsen Underhill Vasquez Whitlock Zielinski'.split(
    ' ',
  );
const PLACE_START =
  'Ash Bright Cold Deer Elm Fair Glen Hazel Iron Kings Lark Mill Oak Pine Red Salt Stone Thorn Wester Wolf'.split(' ');
const PLACE_END = 'bridge brook field ford gate haven hill marsh mouth ridge stead ton vale wick wood'.split(' ');
const TOPICS = [
  ['library', 'books', 'opening hours'],
  ['ferry', 'crossings', 'timetable'],
  ['market', 'stalls', 'rents'],
  ['school', 'pupils', 'classrooms'],
  ['bus route', 'passengers', 'fares'],
  ['harbour wall', 'repairs', 'storm damage'],
  ['swimming pool', 'swimmers', 'heating'],
  ['football ground', 'supporters', 'stand'],
  ['hospital wing', 'patients', 'beds'],
  ['bakery', 'bread', 'ovens'],
] as const;
const VERBS = ['approved', 'delayed', 'questioned', 'welcomed', 'criticised', 'funded', 'reviewed', 'postponed'];
const UNITS = ['thousand pounds', 'weeks', 'residents', 'metres', 'percent', 'families'];

export interface ServerStories {
  readonly stories: NewStory[];
  /** Questions this server's articles answer ("What did Ada Castellan say about the ferry?"). */
  readonly questions: string[];
}

/** `count` articles of `paragraphs` paragraphs for server number `server`. */
export function serverStories(guildId: string, server: number, count: number, paragraphs: number): ServerStories {
  const next = random(1000 + server);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const stories: NewStory[] = [];
  const questions: string[] = [];
  for (let a = 0; a < count; a++) {
    const place = `${pick(PLACE_START)}${pick(PLACE_END)}`;
    const [thing, people, detail] = pick(TOPICS);
    const texts: string[] = [];
    for (let p = 0; p < paragraphs; p++) {
      const person = `${pick(FIRST)} ${pick(LAST)}`;
      const amount = 2 + Math.floor(next() * 400);
      const verb = pick(VERBS);
      const sentences = [
        `${person} said the council in ${place} had ${verb} the plan for the ${thing} after ${amount} ${pick(UNITS)} were counted.`,
        `The ${people} of ${place} were told that the ${detail} would change by the end of the year.`,
      ];
      if (next() < 0.5)
        sentences.push(
          `A spokesperson for the ${thing} said ${pick(FIRST)} ${pick(LAST)} would answer questions on ${pick(['Monday', 'Tuesday', 'Friday'])}.`,
        );
      texts.push(sentences.join(' '));
      if (p === 3) questions.push(`What did ${person} say about the ${thing} in ${place}?`);
    }
    stories.push({
      guildId,
      title: `${place} ${thing}: the ${detail} (${a + 1})`,
      published: `2031-${String(1 + (a % 12)).padStart(2, '0')}-${String(1 + (server % 28)).padStart(2, '0')}`,
      url: undefined,
      source: `${place} Gazette`,
      paragraphs: texts,
      examples: [],
      addedBy: '100000000000000050',
    });
  }
  return { stories, questions };
}
