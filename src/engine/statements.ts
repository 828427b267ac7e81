/**
 * What kind of statement a question asks a paragraph to make, by its wording: a question that asks
 * "how long", "what time", "how many died", "what did X say" is answered only by a paragraph that
 * states a length of time, a time of day, deaths, someone's words. A paragraph that matches the
 * question's other words but not this is about something else, and the question is declined.
 * Pure regular expressions over the question and the paragraph text: no index, no corpus.
 */
import { DATE_NAMES, MONTHS, REASON_CUES } from './analyse.js';

/** How a paragraph states someone's age: "62-year-old", "62 years old", "aged 62", "at the age of 62". */
export const AGE = /\b\d+[- ]years?[- ]old\b|\baged \d+|\bage of \d+|\b\d+-year-old\b/i;
/** "how long did/will/would…", but not "how long have/has/had…". */
const ASKS_FOR_DURATION = /\bhow long\b(?!\s+(?:have|has|had)\b)/i;
/** How a paragraph states a length of time: "for three hours", "two weeks", "a decade", "48-hour". */
const DURATION = /\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|many|couple of)[- ](?:more[- ])?(?:second|minute|hour|day|week|month|year|decade)s?\b|\bdecades?\b|\bovernight\b/i;
/** "what time was…", "what time of day", "at what hour". */
const ASKS_FOR_CLOCK_TIME = /\bwhat time\b|\btime of (?:the )?day\b|\bwhat hour\b/i;
/** How a paragraph states a time of day: "at 1 a.m.", "14:30", "before dawn", "on Friday night". */
const CLOCK_TIME = /\b\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)|\b\d{1,2}:\d\d\b|\b(?:morning|afternoon|evening|night|dawn|dusk|midnight|noon|midday)\b|o['’]clock/i;
/** A question about the votes against something ("how many voted against the resolution"). */
const ASKS_FOR_OPPOSING_VOTES = /\bvot\w*\s+against\b|\bno votes\b/i;
/** How a paragraph reports them: "voted against", "opposed", "rejected", "no votes", "abstained". */
const STATES_OPPOSING_VOTES = /\bagainst\b|\bopposed\b|\brejected\b|\bno votes?\b|\babstain/i;
/** A question about how a vote went in numbers: "what was the vote tally", "the vote count", "what was the final tally". */
const ASKS_FOR_VOTE_COUNT = /\bvote (?:count|tally|totals?|numbers?|breakdown)\b|\b(?:final|vote) tally\b/i;
/** How a paragraph states one: "173 of the 329 lawmakers", "passed 60 to 40", "by 170 votes", "unanimously". */
const STATES_VOTE_COUNT = /\b\d[\d,]*\s+(?:of(?: the)? \d|to \d|votes?\b|in favou?r|against|lawmakers|legislators|members|mps|deputies|senators)|\bunanimous/i;
/**
 * A question about a deadline: "what's the deadline for…", "by what date do they have to…", "by
 * when", "when do the troops have to be out", "when must they leave" (but not "when did Iraq have to…").
 */
const ASKS_FOR_DEADLINE = /\bdeadlines?\b|\bby what (?:date|day|time)\b|\bby when\b|\bwhen\b.*\b(?:do|does|will)\b.*\b(?:have|has|need|needs) to\b|\bwhen\b.*\bmust\b/i;
/** How a paragraph sets one: "a deadline", "by March 1", "by the end of the year", "within 30 days", "no later than". */
const STATES_DEADLINE = new RegExp(
  `\\bdeadlines?\\b|\\bby (?:the end of|\\d|(?:${DATE_NAMES.join('|')})\\b)|\\bwithin (?:\\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few) \\w+|\\bno later than\\b`,
  'i',
);
/**
 * A count of the dead or hurt, or whether there were any: "how many soldiers have died", "how many
 * were killed or wounded", "did any American soldiers get hurt", "was anyone injured".
 */
const ASKS_FOR_CASUALTIES = /\b(?:how many|(?:were|was|did|has|have|had)\s+(?:any|anyone|anybody|someone|somebody)\b)\b.*\b(?:die|died|dead|killed|deaths|casualties|wounded|injured|hurt)\b/i;
/** How a paragraph tells of them. */
const STATES_CASUALTIES = /\b(?:died|dead|killed|killing|deaths?|casualt\w*|wounded|injured|injuries|hurt)\b/i;
/** A question about money: "how much does the US spend…", "how much did it cost", "the cost of…". */
const ASKS_FOR_MONEY = /\bhow much\b.*\b(?:cost|costs|costing|spend|spends|spent|spending|pay|pays|paid|money|dollars|budget|worth|price|earn|earns|earned|earning|salary|salaries|wage|wages|income)\b|\b(?:cost|price) of\b/i;
/** How a paragraph states an amount or a cost: "$5 billion", "2 million dollars", "the cost", "spending". */
const STATES_MONEY = /[$€£]\s?\d|\b(?:million|billion|trillion|dollars|euros|pounds|budget|salar(?:y|ies)|wages?|income)\b|\bcost\w*|\bspen[dt]\w*|\bfund(?:s|ed|ing)\b|\bpa(?:y|id|ys|ying)\b|\bearn\w*/i;
/**
 * A question about what a strike was carried out with: "what weapon…", "a drone or a fighter jet?",
 * "was he killed by a drone strike?", "was it a missile?".
 */
const ASKS_FOR_WEAPON =
  /\b(?:what|which) (?:kind of |type of |sort of )?(?:weapons?|missiles?|drones?|bombs?|aircraft|planes?|jets?|rockets?|munitions?)\b|\bdrones? or\b|\bor an? (?:drone|jet|fighter jet|missile|rocket|bomb|plane)\b|\b(?:by|with|from|it) an? (?:drone|jet|fighter jet|missile|rocket|bomb|plane|helicopter)s?\b/i;
/** How a paragraph names one: "a drone", "missiles", "rockets", "an air strike", "bombs". */
const STATES_WEAPON = /\b(?:drones?|missiles?|rockets?|bombs?|bombing|jets?|aircraft|planes?|helicopters?|air ?strikes?|weapons?|munitions?|guns?|shot|shelling)\b/i;
/** "how many lawmakers are needed for a quorum", "how many votes were required". */
const ASKS_FOR_REQUIREMENT = /\bhow many\b.*\b(?:needed|required|necessary|need|needs)\b/i;
/** How a paragraph states one: "needs at least 165", "a quorum of 165", "required", "a minimum". */
const STATES_REQUIREMENT = /\bneed(?:s|ed)?\b|\brequir\w*|\bnecessary\b|\bat least\b|\bminimum\b|\bthreshold\b|\bquorum of\b/i;
/** A question that asks for a calendar date, not a weekday: "what was the exact date", "the calendar date of the vote". */
const ASKS_FOR_CALENDAR_DATE = /\b(?:exact|calendar|specific|precise) date\b/i;
/** How a paragraph states one: "January 5", "5th", "2020-01-05", "1/5". */
const STATES_CALENDAR_DATE = new RegExp(`\\b(?:${MONTHS.join('|')})\\b|\\b\\d{1,2}(?:st|nd|rd|th)\\b|\\b\\d{4}-\\d\\d-\\d\\d\\b|\\b\\d{1,2}/\\d{1,2}\\b`, 'i');
/** A question about a distance: "how far is the airport from the city". */
const ASKS_FOR_DISTANCE = /\bhow far\b|\bdistance\b/i;
/** How a paragraph states one: "20 kilometers", "12 miles", "500 meters", "a distance of". */
const STATES_DISTANCE = /\b\d[\d,.]*\s*(?:km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?|yards?|feet)\b|\bdistance\b|\bkilomet|\bmiles\b/i;
/**
 * A question about what would have been, had things gone otherwise: "what would have happened if
 * parliament had chosen the drawdown", "what should have been done". Not "could have to leave", a
 * need, nor "could legislators have picked…", which asks about an option.
 */
const ASKS_FOR_COUNTERFACTUAL = /\b(?:would|could|might|should)(?:n['’]?t| not)? have (?!to\b)\w+/i;
/** How a paragraph tells of one: "would have collapsed", "had it not been for", "were it not for". */
const STATES_COUNTERFACTUAL = new RegExp(`${ASKS_FOR_COUNTERFACTUAL.source}|\\bhad (?:it|they|he|she|we|the \\w+) not\\b|\\bwere it not\\b|\\bbut for\\b`, 'i');
/**
 * A question about why someone was somewhere: "why was Suleimani in Baghdad", "why were US troops
 * legally in Iraq". Not "why were they invited back in 2014": a verb there asks about the act.
 */
const ASKS_WHY_THERE = /\bwhy (?:was|were) ((?:(?!\S+ed\b)\S+ ){1,4}?)(?:in|at) (?!\d)\S+/i;
/** "what was Suleimani (even) doing in Baghdad": what brought someone there. */
const ASKS_WHAT_DOING_THERE = /\bwhat (?:was|were) ((?:\S+ ){1,4}?)(?:(?:even|actually|really) )?doing (?:in|at) (?!\d)\S+/i;
/** Who "why was X in Baghdad" or "what was X doing in Baghdad" asks about ("X"), or undefined for another question. The caller decides whether X is someone. */
export function whyThereSubject(question: string): string | undefined {
  return (ASKS_WHY_THERE.exec(question) ?? ASKS_WHAT_DOING_THERE.exec(question))?.[1]?.trim();
}
/** How a paragraph tells of someone's being somewhere: a presence, a posting, a visit, an arrival. */
export const STATES_PRESENCE = /\b(?:presence|stationed|based|deployed|visit\w*|trip|travel\w*|arriv\w*|landed|flew|came|stay\w*|lived|living|meeting|talks|there to)\b/i;
/** How a paragraph gives a cause: a reason, or what something responded to. */
export const GIVES_CAUSE = new RegExp(`${REASON_CUES.source}|\\b(?:in response to|response to|in retaliation for|prompted by|triggered by|sparked by|because of)\\b`, 'i');
/**
 * A question about why someone or something is what it is: "why is Abdul Mahdi only a caretaker
 * prime minister", "why was he an interim leader". Not "why is Washington *sending* a…", an act.
 */
const ASKS_WHY_STATUS = /\bwhy (?:is|was|are|were) (?!there\b|it\b|this\b|that\b)(?:(?!\S+(?:ing|ed)\b)\S+ ){1,4}?(?:(?:only|just|merely|still) (?:an? )?|an? )(?!\S+(?:ing|ed)\b)\S+/i;
/** A question about someone's birth: "where was he born", "what is his birthplace". */
const ASKS_FOR_BIRTH = /\bborn\b|\bbirth(?:place|day|date)?\b/i;
/** How a paragraph tells of one: "was born in", "birth", "a native of". */
const STATES_BIRTH = /\bborn\b|\bbirth\w*|\bnative of\b/i;
/** A question about someone's family: "is he married", "how many children does he have", "his wife's name". */
const ASKS_FOR_FAMILY = /\b(?:wife|wives|husband|children|kids|sons?|daughters?|married|parents|father|mother|brothers?|sisters?|family|families)\b/i;
/** How a paragraph tells of one. */
const STATES_FAMILY = ASKS_FOR_FAMILY;
/**
 * A question about what someone said ("did Trump say anything about the vote", "what did the
 * Kurdish parties say"), but not about what the article says ("what does the story say about…")
 * nor one that only tells what someone said ("my cousin says they voted…, what did the vote decide").
 */
const ASKS_FOR_WORDS = /\b(?:did|does|do|has|have|had|will|would)\s+(?!(?:the\s+|this\s+)?(?:article|story|piece|report|text|news|it)\s)(?:\S+\s+){1,6}?(?:say|said|tweet|tweeted|comment|commented|announce|announced)\b/i;
/** How a paragraph reports words: a quotation, or a verb or noun of saying. */
const REPORTS_WORDS =
  /["“”]|\b(?:say|says|said|saying|declare[ds]?|declared|describe[ds]?|described|statement|vow(?:s|ed)?|urge[ds]?|urged|add(?:s|ed|ing)|outline[ds]?|insist(?:s|ed)?|spok(?:e|en)|call(?:s|ed)? for|demand(?:s|ed)?|tweet(?:s|ed)?|post(?:s|ed)|told|tell(?:s)?|announce[ds]?|state[ds]|claim(?:s|ed)?|warn(?:s|ed)?|argue[ds]?|according to|speech|remarks?|comment(?:s|ed)?|wrote|write[s]?)\b/i;
/**
 * Wordings that ask for one kind of statement, each with how a paragraph makes it:
 * - "how long did the session last": a length of time, not a day ("how long have troops been
 *   there" may be answered by the year they came);
 * - "what time (of day)": a time of day, not a day;
 * - "how many voted against": who voted against, not how many voted;
 * - "what was the vote tally": a count of votes or voters ("173 of the 329"), not any number;
 * - "what did X say": a paragraph that reports someone's words;
 * - "what's the deadline for…": a paragraph that sets one, not any date;
 * - "how many soldiers have died": a paragraph that tells of deaths, not any number of soldiers;
 * - "how much does it cost": a paragraph that speaks of money;
 * - "what weapon…", "a drone or a jet?": a paragraph that names a weapon;
 * - "how many are needed for a quorum": a paragraph that states what is needed, not how many there were;
 * - "the exact date": a calendar date, not a weekday;
 * - "how far": a distance; "is he married", "his children": a paragraph that speaks of family;
 * - "where was he born": a paragraph that tells of a birth;
 * - "what would have happened if…": a paragraph that tells what would have been, not what was;
 * - "why is X only a caretaker": a paragraph that gives a cause, not one that only calls X one.
 */
export const STATEMENTS_ASKED_FOR: readonly (readonly [asks: RegExp, states: RegExp])[] = [
  [ASKS_FOR_DURATION, DURATION],
  [ASKS_FOR_CLOCK_TIME, CLOCK_TIME],
  [ASKS_FOR_OPPOSING_VOTES, STATES_OPPOSING_VOTES],
  [ASKS_FOR_VOTE_COUNT, STATES_VOTE_COUNT],
  [ASKS_FOR_WORDS, REPORTS_WORDS],
  [ASKS_FOR_DEADLINE, STATES_DEADLINE],
  [ASKS_FOR_CASUALTIES, STATES_CASUALTIES],
  [ASKS_FOR_MONEY, STATES_MONEY],
  [ASKS_FOR_WEAPON, STATES_WEAPON],
  [ASKS_FOR_REQUIREMENT, STATES_REQUIREMENT],
  [ASKS_FOR_DISTANCE, STATES_DISTANCE],
  [ASKS_FOR_CALENDAR_DATE, STATES_CALENDAR_DATE],
  [ASKS_FOR_FAMILY, STATES_FAMILY],
  [ASKS_FOR_BIRTH, STATES_BIRTH],
  [ASKS_FOR_COUNTERFACTUAL, STATES_COUNTERFACTUAL],
  [ASKS_WHY_STATUS, GIVES_CAUSE],
];
/** Words that make what follows a possibility, a choice or a demand, not a fact: "could result in the removal", "choosing a more gradual drawdown", "calls to eject". */
export const NOT_AS_FACT = new Set(['could', 'would', 'might', 'may', 'can', 'should', 'will', 'if', 'unless', 'whether', 'option', 'options', 'choosing', 'choose', 'choice', 'proposed', 'proposal', 'plan', 'plans', 'planned', 'calls', 'called', 'call', 'urged', 'urge', 'demanded', 'demand', 'demands', 'threatened', 'vowed']);
/** How many words before a verb such a word still governs it ("could *result in the* removal"). */
export const MODAL_WINDOW = 4;
