/**
 * Built-in synonyms of everyday news English, used for every corpus on top of the corpus's own
 * `_aliases.txt`. They close the commonest vocabulary gaps between how people ask and how reporters
 * write ("MPs" for "lawmakers", "kick out" for "expel"). Names belong in the corpus's aliases file,
 * not here: this list must stay true for any English news story.
 */
export const BUILT_IN_SYNONYMS: readonly (readonly string[])[] = [
  ['lawmaker', 'legislator', 'MP', 'MPs', 'parliamentarian', 'member of parliament', 'deputies', 'congressman', 'senator', 'politician', 'seats', 'members'],
  ['parliament', 'legislature', 'parliamentary', 'congress', 'chamber', 'assembly', 'council of representatives', 'house of representatives'],
  ['troops', 'soldiers', 'forces', 'military', 'military personnel', 'servicemen', 'service members', 'army', 'GIs', 'GI'],
  ['expel', 'expulsion', 'eject', 'kick out', 'throw out', 'threw out', 'thrown out', 'evict', 'get rid of', 'get out', 'boot out', 'booting', 'send home', 'sent home', 'force out', 'yeet', 'send packing', 'sent packing'],
  ['withdraw', 'withdrawal', 'pull out', 'pullout', 'drawdown', 'draw down', 'leave', 'exit', 'go home', 'gone', 'depart', 'departure', 'head home', 'heading home', 'headed home', 'going home'],
  ['kill', 'killing', 'assassinate', 'assassination', 'murder', 'slay', 'slain', 'death', 'dead', 'died', 'die', 'take out', 'took out', 'taken out', 'taking out'],
  ['vote', 'ballot', 'voting', 'voted'],
  ['count', 'tally', 'number', 'total', 'figure', 'amount', 'headcount'],
  ['cleric', 'clergyman', 'imam', 'mullah', 'preacher', 'religious leader', 'religious figure', 'religious guy', 'holy man', 'man of god'],
  ['militia', 'paramilitary', 'armed group', 'fighters'],
  ['general', 'commander', 'gen'],
  ['airport', 'airfield'],
  ['attack', 'strike', 'airstrike', 'raid', 'assault', 'drone strike', 'hit'],
  ['tweet', 'tweeted', 'twitter', 'posted online', 'social media'],
  ['criminalize', 'criminalise', 'outlaw', 'make illegal', 'illegal', 'ban', 'make a crime', 'made a crime', 'crime'],
  ['quick', 'quickly', 'fast', 'rapid', 'rapidly', 'swift', 'swiftly', 'speedy', 'accelerated', 'immediate', 'asap', 'as soon as possible', 'urgent', 'soon'],
  ['gradual', 'gradually', 'slow', 'slowly', 'phased', 'step by step', 'drag out', 'dragging out', 'dragged out', 'drawn out', 'drawn-out'],
  // How fast, asked either way: "was the vote slow?" is answered by "an extraordinarily rapid response".
  ['slow', 'slowly', 'rapid', 'rapidly', 'swift', 'swiftly', 'speedy', 'fast', 'quick', 'quickly'],
  ['request', 'invite', 'invitation', 'ask', 'asked for'],
  ['legal', 'legality', 'lawful', 'legitimate', 'legitimacy', 'legal basis', 'illegally', 'unlawful', 'unlawfully'],
  ['sovereignty', 'independence', 'autonomy', 'self-rule', 'self-determination', 'self-government', 'own affairs', 'self-governance', 'run its own affairs', 'run their own affairs', 'running its own affairs'],
  ['prime minister', 'PM', 'premier'],
  ['influence', 'sway', 'clout'],
  ['contractor', 'private contractor', 'mercenary'],
  ['cancel', 'cancellation', 'revoke', 'rescind', 'annul', 'scrap', 'terminate'],
  ['demand', 'demanded', 'call for', 'called for', 'calls for', 'call to', 'calls to', 'insist', 'urge'],
  ['vow', 'vowed', 'threaten', 'threat', 'warn', 'warning', 'pledge', 'promise'],
  ['feeble', 'weak', 'inadequate', 'insufficient', 'not enough'],
  ['close', 'closure', 'shut', 'shut down'],
  ['march', 'marched', 'parade', 'rally', 'protest', 'demonstrate', 'demonstration'],
  ['invade', 'invasion', 'invading', 'occupation', 'occupy', 'occupied', 'occupying'],
  ['extremist', 'extremists', 'jihadist', 'jihadists', 'jihadi', 'jihadis', 'terrorist', 'terrorists'],
  ['oust', 'ousting', 'topple', 'overthrow', 'depose'],
  ['decision', 'decide', 'resolution', 'ruling'],
  ['respond', 'response', 'reaction', 'react'],
  ['tension', 'friction', 'hostility', 'standoff', 'strain', 'rift', 'anger', 'angry', 'angered', 'outrage', 'outraged', 'furious', 'fury', 'upset', 'mad at'],
  ['escalate', 'escalation', 'widen', 'widening', 'deepen', 'intensify', 'worsen', 'worse', 'heighten', 'ramp up', 'ramped up', 'ratchet up', 'heat up', 'flare up'],
  // Something that may come, asked as an expectation: "does he expect complications" is answered by "the possibility of complications".
  ['possibility', 'expect', 'expected', 'expects', 'anticipate', 'anticipated', 'foresee', 'foresaw'],
  ['complication', 'difficulty', 'difficult', 'trouble', 'problem', 'hassle', 'struggle', 'struggling', 'hard time', 'setback', 'headache', 'headaches', 'downside', 'downsides', 'drawback', 'drawbacks'],
  ['achieve', 'reach', 'attain', 'secure', 'manage'],
  ['present', 'presented', 'put before', 'put in front of', 'put to', 'put on the table', 'tabled', 'offer', 'propose', 'proposal', 'lay out'],
  ['commit', 'require', 'oblige', 'obligate', 'bind', 'binding', 'mandate'],
  ['around the country', 'across the country', 'all over', 'nationwide', 'throughout the country', 'everywhere'],
  ['start', 'begin', 'beginning', 'opening', 'get off the ground', 'kick off', 'outset'],
  ['embassy', 'diplomatic mission'],
  ['speech', 'address', 'remarks'],
  ['grow', 'grew', 'grown', 'growth', 'increase', 'rise', 'expand', 'bigger', 'larger', 'get bigger', 'got bigger', 'gotten bigger', 'getting bigger'],
  ['session', 'sitting'],
  // How something went, asked either way: "did the session go smoothly?" is answered by "a torturous start".
  ['torturous', 'tortuous', 'smooth', 'smoothly', 'rocky', 'rough', 'bumpy', 'chaotic', 'turbulent'],
  // Whether something was out of the ordinary, asked either way: "was it a normal session?" is answered by "an extraordinary session".
  ['extraordinary', 'emergency', 'special', 'unusual', 'exceptional', 'unscheduled', 'normal', 'regular', 'ordinary', 'routine', 'usual'],
  ['boycott', 'shun', 'stop buying', 'stopped buying', 'quit buying'],
  ['caretaker', 'interim', 'temporary'],
  ['quorum', 'enough members', 'enough people', 'enough lawmakers', 'enough mps', 'enough legislators'],
  ['continue', 'keep', 'keep on', 'carry on', 'go on', 'stick with'],
  ['preserve', 'keep', 'maintain', 'retain', 'protect', 'safeguard'],
  ['region', 'neighborhood', 'neighbourhood'],
  ['hold back', 'held back', 'holding back', 'stay away', 'stayed away', 'staying away', 'sit out', 'sat out', 'sitting out', 'stay out', 'stayed out', 'skip', 'skipped', 'absent', 'no-show', 'stayed home', 'stay home', 'stayed at home'],
  ['urge', 'urged', 'advise', 'recommend', 'press', 'push for', 'pushed for', 'push', 'pushed', 'want', 'wanted', 'ask', 'asked', 'tell to', 'told to', 'telling to', 'tells to'],
  ['option', 'choice', 'alternative', 'route', 'path', 'course of action'],
  ['important', 'vital', 'crucial', 'essential', 'key', 'significant', 'useful', 'valuable', 'indispensable', 'any use', 'of use', 'much use', 'any good', 'much good', 'made a difference', 'make a difference'],
  ['fight', 'fighting', 'combat', 'counter', 'battle'],
  ['ties', 'relations', 'relationship', 'good terms', 'on good terms', 'burn bridges', 'burn its bridges', 'burn their bridges', 'burn his bridges', 'burning bridges'],
  ['send', 'sent', 'dispatch', 'dispatched', 'deploy', 'deployed', 'deployment'],
  ['additional', 'extra', 'further'],
  ['resurgence', 'comeback', 'revival', 'return', 'come back'],
  ['prevent', 'stop', 'block', 'avert', 'head off'],
  ['declare', 'declared', 'announce', 'announced', 'announcement', 'proclaim'],
  ['belligerent', 'aggressive', 'hostile', 'warlike', 'combative'],
  ['spoken out against', 'speak out against', 'spoke out against', 'oppose', 'opposes', 'opposed', 'criticize', 'criticise', 'criticized', 'criticised', 'critic'],
  ['interest', 'interests', 'good for', 'benefit', 'benefits', 'beneficial', 'advantage', 'advantageous', 'come out ahead', 'comes out ahead', 'came out ahead', 'better off'],
  ['timetable', 'timeline', 'time frame', 'timeframe', 'schedule'],
  ['in addition to', 'along with', 'as well as', 'together with', 'besides', 'alongside'],
  ['describe', 'described', 'describes', 'description', 'characterize', 'characterise', 'portray', 'depict', 'what it says is', 'what he says is', 'what they say is', 'what it calls', 'what he calls', 'nickname', 'nicknamed', 'dub', 'dubbed', 'label', 'labelled', 'labeled', 'branded'],
  ['opt', 'choose', 'pick', 'select', 'go with', 'prefer', 'favour', 'favor'],
  // Whether something was enough, asked either way: "was everyone satisfied with the decision?" is answered by "didn't go far enough".
  ['far enough', 'satisfied', 'satisfy', 'satisfying', 'happy with', 'content with', 'pleased with', 'dissatisfied', 'unhappy', 'unsatisfied', 'disappointed'],
  // How much of something, said as a degree: "is Iraq *predominantly* Shiite" is answered by "largely Shiite".
  // ("mostly" is left out: people use it of "almost all" as much as of "largely".)
  ['largely', 'mainly', 'predominantly', 'primarily', 'chiefly', 'overwhelmingly', 'in the main', 'for the most part'],
  // Which faith, asked in any words: "what religion are most Iraqis" is answered by "Shiite Muslim nations".
  // ("sect" stays out: it is how a story says which group people belong to, and joining it drew those questions to "Muslim nations".)
  ['religion', 'religions', 'religious', 'faith', 'denomination', 'denominations', 'branch of islam', 'muslim', 'muslims'],
  // Islam's two main branches, asked either way: "did many Sunni lawmakers vote?" is answered by "almost all of them from the Shiite sect".
  ['Sunni', 'Sunnis', 'Shiite', 'Shiites'],
];

/**
 * The members of a body, and the body they make up: "did the MPs respond quickly?" is answered by
 * "parliament's rapid response". Read so only when the members act (the subject of the question's
 * verb): "how many MPs voted" counts members, which the body does not.
 */
export const MEMBERS_OF_BODIES: readonly (readonly [members: string, body: string])[] = [['lawmaker', 'parliament']];

/**
 * Wanting someone out or gone is expelling them: "did the MPs want US troops out" is answered by
 * "voted … to expel U.S. troops". The want-word keeps its own synonyms too ("urged").
 */
export const WANTING_AWAY: { readonly verbs: ReadonlySet<string>; readonly away: ReadonlySet<string>; readonly means: string } = {
  verbs: new Set(['want', 'wants', 'wanted', 'wanting']),
  away: new Set(['out', 'gone']),
  means: 'expel',
};
