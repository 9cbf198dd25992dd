/**
 * The draft coach: checks on a practitioner's reply against the client's message. One
 * exported function per check; each says what it found and why it matters. Advice only:
 * nothing here blocks a reply (the safety checklist does that, elsewhere).
 *
 * Emotion readings come from the emotion model (`writing.analyse`); a check that needs one
 * and has none says it could not run rather than guessing.
 */
import { replyNeedsSafetyChecklist } from '../domain/safetyChecklist.std.ts';
import type { SafetyTriageFacts } from '../domain/safetyChecklist.std.ts';
import type { EmotionReading } from './feelings.std.ts';
import {
  feelingWords,
  feelingWordsForReader,
  soundsDistressed,
  soundsNeutral,
  strongestLabels,
} from './feelings.std.ts';
import { readingMeasures, splitSentences, words } from './textStats.std.ts';

export const COACH_CHECKS = [
  'feeling',
  'warmth',
  'questions',
  'jargon',
  'readability',
  'length',
  'shouting',
  'tone',
  'safety',
] as const;
export type CoachCheckId = (typeof COACH_CHECKS)[number];

/** pass: fine; warn: worth a look; fail: likely to land badly; not_applicable: nothing to judge. */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'not_applicable';

export interface CoachCheckResult {
  id: CoachCheckId;
  title: string;
  status: CheckStatus;
  /** What the check found in this draft. */
  message: string;
  /** Why it matters, in a sentence; the same for every draft. */
  why: string;
}

export interface CoachInput {
  clientText: string;
  draft: string;
  clientEmotions: EmotionReading | null;
  draftEmotions: EmotionReading | null;
  /** The client's message's triage, when known: the safety check applies only to risk. */
  triage: SafetyTriageFacts | null;
}

export const CHECK_TEXT: Record<CoachCheckId, { title: string; why: string }> = {
  feeling: {
    title: 'Feeling acknowledged',
    why: 'In text the client cannot see you nod: naming their feeling is how they know you understood.',
  },
  warmth: {
    title: 'Warmth',
    why: 'Warm words make up for the tone of voice that text loses, and keep people writing back.',
  },
  questions: {
    title: 'Open questions',
    why: 'Open questions invite the client to say more; yes-or-no questions close the conversation down.',
  },
  jargon: {
    title: 'Plain words',
    why: 'Professional terms put distance between you and the client and can leave them feeling talked down to.',
  },
  readability: {
    title: 'Easy to read',
    why: 'A reply much harder to read than the client’s own message is tiring, and more so for someone in distress.',
  },
  length: {
    title: 'Length',
    why: 'A reply far longer than the message can overwhelm; one far shorter can feel dismissive.',
  },
  shouting: {
    title: 'No shouting',
    why: 'Long runs of capital letters read as shouting, whatever you meant by them.',
  },
  tone: {
    title: 'Tone in step',
    why: 'A reply whose mood clashes with the client’s (cheerful to someone low, sharp to anyone) feels like it was not read.',
  },
  safety: {
    title: 'Safety addressed',
    why: 'When a message shows risk, the reply must ask about it directly and say how to get help now.',
  },
};

function result(id: CoachCheckId, status: CheckStatus, message: string): CoachCheckResult {
  return { id, ...CHECK_TEXT[id], status, message };
}

function isBlank(text: string): boolean {
  return text.trim() === '';
}

function quoteList(items: readonly string[]): string {
  const unique = [...new Set(items.map((item) => item.toLowerCase()))];
  return unique.map((item) => `“${item}”`).join(', ');
}

/** Reflection stems: the practitioner telling the client what they hear. */
const REFLECTION_PATTERN =
  /\b(?:it\s+sounds|you\s+sound|sounds\s+(?:like|as\s+if|as\s+though)|i\s+(?:can\s+)?(?:hear|sense|imagine|get\s+(?:a|the)\s+sense)|it\s+seems|you\s+seem|you(?:'re|’re|\s+are)\s+feeling|you\s+(?:feel|felt)|must\s+(?:be|have\s+been|feel))\b/i;
const ADDRESSES_CLIENT = /\b(?:you|your|you're|you’re|yourself)\b/i;

/** Is the client's feeling named back to them? */
export function checkFeelingAcknowledged(input: CoachInput): CoachCheckResult {
  if (isBlank(input.draft)) return result('feeling', 'fail', 'The reply is empty.');
  const sentences = splitSentences(input.draft);
  const named = sentences.flatMap((sentence) =>
    ADDRESSES_CLIENT.test(sentence.text) ? feelingWordsForReader(sentence.text) : [],
  );
  const reflects = sentences.some((sentence) => REFLECTION_PATTERN.test(sentence.text));
  const clientFeelings = strongestLabels(input.clientEmotions, 2);
  const neutralClient = input.clientEmotions !== null && soundsNeutral(input.clientEmotions);
  if (named.length > 0) {
    return result('feeling', 'pass', `You name the client’s feeling: ${quoteList(named)}.`);
  }
  if (neutralClient) {
    return result(
      'feeling',
      'not_applicable',
      'The client’s message shows no clear feeling to reflect; a word about how they are would still be kind.',
    );
  }
  const selfOnly = feelingWords(input.draft);
  if (selfOnly.length > 0 || reflects) {
    return result(
      'feeling',
      'warn',
      selfOnly.length > 0
        ? `You mention feelings (${quoteList(selfOnly)}) but not the client’s: try “it sounds like you…”.`
        : 'You reflect back, but without a feeling word: say what you think they feel.',
    );
  }
  const hint = clientFeelings.length > 0 ? ` The message reads as ${clientFeelings.join(' and ')}.` : '';
  return result('feeling', 'fail', `The reply does not name how the client feels.${hint}`);
}

const WARM_PATTERNS: readonly RegExp[] = [
  /\bthanks?\s+(?:you\s+)?(?:so\s+much\s+|very\s+much\s+)?for\s+(?:writing|sharing|telling|getting\s+in\s+touch|reaching\s+out|letting\s+me\s+know|your\s+message|being\s+(?:so\s+)?(?:open|honest))/i,
  /\bi(?:'m|’m|\s+am)\s+(?:really\s+|so\s+|very\s+|truly\s+)?(?:glad|pleased|sorry|here|with\s+you)\b/i,
  /\bthat\s+(?:must|sounds)\s+(?:be\s+|have\s+been\s+)?(?:really\s+|so\s+)?(?:hard|difficult|tough|painful|exhausting|frightening|scary|awful|a\s+lot|great|wonderful|exciting)/i,
  /\bit\s+took\s+(?:real\s+)?(?:courage|guts|strength)\b/i,
  /\b(?:well\s+done|congratulations|congrats)\b/i,
  /\b(?:take\s+care|warm(?:est)?\s+(?:wishes|regards)|best\s+wishes|thinking\s+of\s+you)\b/i,
  /\byou(?:'re|’re|\s+are)\s+not\s+alone\b/i,
  /\b(?:together|we\s+can|let's|let’s)\b/i,
  // Emotional bracketing and descriptive immediacy are warmth made visible.
  /\[[^\]\n]{3,100}\]/,
];

const COLD_PATTERNS: readonly RegExp[] = [
  /\bas\s+per\b/i,
  /\bplease\s+be\s+advised\b/i,
  /\bkindly\s+note\b/i,
  /\byou\s+(?:should|must|ought\s+to)\s+have\b/i,
  /\bobviously\b/i,
  /\bclearly\s+you\b/i,
  /\bit\s+is\s+your\s+responsibility\b/i,
  /\bfailure\s+to\b/i,
  /\bcalm\s+down\b/i,
  /\b(?:just|simply)\s+(?:cheer\s+up|relax|get\s+over\s+it|move\s+on|stop\s+worrying)\b/i,
  /\bper\s+(?:our|the)\s+policy\b/i,
];

function matches(text: string, patterns: readonly RegExp[]): string[] {
  return patterns.flatMap((pattern) => {
    const found = pattern.exec(text);
    return found === null ? [] : [found[0]];
  });
}

/** Warm words present, cold or officious ones absent. */
export function checkWarmth(input: CoachInput): CoachCheckResult {
  if (isBlank(input.draft)) return result('warmth', 'fail', 'The reply is empty.');
  const warm = matches(input.draft, WARM_PATTERNS);
  const cold = matches(input.draft, COLD_PATTERNS);
  if (cold.length > 0) {
    return result(
      'warmth',
      warm.length > 0 ? 'warn' : 'fail',
      `${quoteList(cold)} can sound cold or blaming${warm.length > 0 ? ', even next to your warmer words' : ''}.`,
    );
  }
  if (warm.length === 0) {
    return result(
      'warmth',
      'fail',
      'No warm words yet: thank them for writing, say you are glad they did, or how it sounds to you.',
    );
  }
  return result('warmth', 'pass', `Warm words: ${quoteList(warm)}.`);
}

const OPEN_START =
  /^(?:(?:and|so|but|also|then|now|i\s+wonder|i'm\s+wondering|i’m\s+wondering)[,\s]+)?(?:what|how|which|where|when|who|whom|whose|why|in\s+what\s+way|tell\s+me|(?:could|can|would|will)\s+you\s+(?:tell|say|describe|share|explain|talk|walk)|say\s+more)\b/i;
const CLOSED_START =
  /^(?:(?:and|so|but|also|then|now)[,\s]+)?(?:do|does|did|is|are|was|were|have|has|had|can|could|will|would|should|shall|may|might|am|isn't|aren't|don't|doesn't|didn't|won't|wouldn't|haven't|hasn't|any|anything)\b/i;
/** Invitations that are open without a question mark. */
const OPEN_INVITATION =
  /\b(?:i\s+wonder\s+(?:what|how|whether|if)|tell\s+me\s+(?:more|about)|i'd\s+like\s+to\s+hear|i\s+would\s+like\s+to\s+hear)\b/i;

export type QuestionKind = 'open' | 'closed' | 'other';

/** How a question (or an invitation) is put: open, closed (yes or no), or neither. */
export function classifyQuestion(sentence: string): QuestionKind {
  const text = sentence.trim().replace(/^["'“‘([]+/, '');
  if (OPEN_START.test(text) || OPEN_INVITATION.test(text)) return 'open';
  if (CLOSED_START.test(text)) return 'closed';
  // A tag question ("…, isn't it?") or a statement with a question mark ("You're OK?").
  return 'other';
}

/** At least one open question or invitation; yes-or-no questions alone are not enough. */
export function checkOpenQuestions(input: CoachInput): CoachCheckResult {
  if (isBlank(input.draft)) return result('questions', 'fail', 'The reply is empty.');
  const sentences = splitSentences(input.draft);
  const questions = sentences.filter((sentence) => /\?["'”’)\]]*$/.test(sentence.text));
  const invitations = sentences.filter(
    (sentence) => !questions.includes(sentence) && OPEN_INVITATION.test(sentence.text),
  );
  const kinds = questions.map((question) => classifyQuestion(question.text));
  const open = kinds.filter((kind) => kind === 'open').length + invitations.length;
  const closed = kinds.filter((kind) => kind !== 'open').length;
  if (open > 0) {
    const closedNote = closed > 0 ? `, and ${closed} that can be answered yes or no` : '';
    return result('questions', 'pass', `${open} open question${open === 1 ? '' : 's'}${closedNote}.`);
  }
  if (closed > 0) {
    return result(
      'questions',
      'warn',
      `${closed === 1 ? 'Your question' : `All ${closed} questions`} can be answered yes or no: try starting with “what” or “how”.`,
    );
  }
  return result('questions', 'fail', 'No question invites the client to say more.');
}

/** Terms for colleagues, not clients, with what to say instead. Acronyms match in capitals only. */
export const JARGON: readonly { term: string; pattern: RegExp; plain: string }[] = [
  { term: 'CIP', pattern: /\bCIP\b/, plain: 'describe the step itself' },
  { term: 'CASVE', pattern: /\bCASVE\b/, plain: 'describe the step itself' },
  { term: 'C-SSRS', pattern: /\bC-?SSRS\b/, plain: 'ask about safety in your own words' },
  { term: 'RIASEC', pattern: /\bRIASEC\b/, plain: 'the kinds of work you enjoy' },
  { term: 'LMI', pattern: /\bLMI\b/, plain: 'information about jobs in your area' },
  {
    term: 'labour market information',
    pattern: /\blabou?r\s+market\s+information\b/i,
    plain: 'information about jobs in your area',
  },
  {
    term: 'career readiness',
    pattern: /\b(?:career\s+)?(?:decision\s+)?readiness\b/i,
    plain: 'how ready you feel',
  },
  { term: 'metacognition', pattern: /\bmetacogniti\w*/i, plain: 'how you think about your thinking' },
  { term: 'cognitive distortion', pattern: /\bcognitive\s+distortions?\b/i, plain: 'unhelpful thoughts' },
  { term: 'psychoeducation', pattern: /\bpsycho-?education\w*/i, plain: 'information that might help' },
  { term: 'intervention', pattern: /\binterventions?\b/i, plain: 'what we could try' },
  {
    term: 'presenting issue',
    pattern: /\bpresenting\s+(?:issue|problem|concern)s?\b/i,
    plain: 'what brought you here',
  },
  { term: 'modality', pattern: /\bmodalit(?:y|ies)\b/i, plain: 'way of meeting' },
  { term: 'self-efficacy', pattern: /\bself-?efficacy\b/i, plain: 'confidence in what you can do' },
  { term: 'locus of control', pattern: /\blocus\s+of\s+control\b/i, plain: 'what is in your hands' },
  { term: 'maladaptive', pattern: /\bmaladaptive\b/i, plain: 'unhelpful' },
  { term: 'ideation', pattern: /\bideation\b/i, plain: 'thoughts of suicide' },
  { term: 'service level', pattern: /\bservice\s+levels?\b/i, plain: 'the kind of help we offer' },
  { term: 'case-managed', pattern: /\bcase[-\s]managed\b/i, plain: 'regular one-to-one support' },
  { term: 'caseload', pattern: /\bcaseloads?\b/i, plain: 'how many people I see' },
  { term: 'triage', pattern: /\btriag(?:e|ed|ing)\b/i, plain: 'read your message first' },
  { term: 'signposting', pattern: /\bsignpost(?:ing|ed)?\b/i, plain: 'point you to' },
  { term: 'holistic', pattern: /\bholistic(?:ally)?\b/i, plain: 'the whole picture' },
  { term: 'psychometric', pattern: /\bpsychometric\w*/i, plain: 'questionnaire' },
  { term: 'competencies', pattern: /\bcompetenc(?:y|ies)\b/i, plain: 'skills' },
  { term: 'vocational', pattern: /\bvocational\b/i, plain: 'work-related' },
  { term: 'going forward', pattern: /\bgoing\s+forward\b/i, plain: 'from now on' },
  { term: 'touch base', pattern: /\btouch\s+base\b/i, plain: 'talk again' },
  { term: 'leverage', pattern: /\bleverag(?:e|ing)\b/i, plain: 'use' },
  { term: 'stakeholders', pattern: /\bstakeholders?\b/i, plain: 'the people involved' },
  {
    term: 'SMART goals',
    pattern: /\bSMART\s+(?:goals?|targets?|objectives?)\b/,
    plain: 'clear, small goals',
  },
];

/** Professional terms the client may not know. */
export function checkJargon(input: CoachInput): CoachCheckResult {
  if (isBlank(input.draft)) return result('jargon', 'not_applicable', 'Nothing to check yet.');
  const found = JARGON.filter(({ pattern }) => pattern.test(input.draft));
  if (found.length === 0) return result('jargon', 'pass', 'No professional jargon.');
  const list = found.map(({ term, plain }) => `“${term}” (try: ${plain})`).join('; ');
  return result('jargon', 'fail', `Jargon: ${list}.`);
}

/** Below this many words a reading grade means little. */
const READABILITY_MIN_WORDS = 12;

/** Reading grade against the client's own, and sentence length. */
export function checkReadability(input: CoachInput): CoachCheckResult {
  const draft = readingMeasures(input.draft);
  if (draft.words < READABILITY_MIN_WORDS) {
    return result('readability', 'not_applicable', 'Too short to judge yet.');
  }
  const client = readingMeasures(input.clientText);
  // The client's own grade, but never asking a reply to be simpler than grade 8 allows.
  const comfortable = Math.max(client.words > 0 ? client.grade : 8, 8);
  const grade = `reading grade ${draft.grade}`;
  const theirs = client.words > 0 ? ` against the client’s ${client.grade}` : '';
  if (draft.averageSentenceLength > 28 || draft.grade > comfortable + 4) {
    return result(
      'readability',
      'fail',
      `Hard going: ${grade}${theirs}, ${draft.averageSentenceLength} words a sentence. Shorter sentences and everyday words help.`,
    );
  }
  if (draft.averageSentenceLength > 22 || draft.grade > comfortable + 2) {
    return result(
      'readability',
      'warn',
      `A little harder than it needs to be: ${grade}${theirs}, ${draft.averageSentenceLength} words a sentence.`,
    );
  }
  return result('readability', 'pass', `Easy to read: ${grade}${theirs}.`);
}

/** Reply length against the message's. */
export function checkLength(input: CoachInput): CoachCheckResult {
  const draftWords = words(input.draft).length;
  const clientWords = words(input.clientText).length;
  if (draftWords === 0) return result('length', 'fail', 'The reply is empty.');
  const summary = `${draftWords} words, to a message of ${clientWords}`;
  if (draftWords > Math.max(clientWords * 4, 200)) {
    return result(
      'length',
      'fail',
      `Much longer than the message (${summary}). Keep to what matters most now.`,
    );
  }
  if (draftWords > Math.max(clientWords * 2.5, 140)) {
    return result('length', 'warn', `Quite long (${summary}). Could anything wait for a later reply?`);
  }
  if (clientWords >= 40 && draftWords < Math.min(25, clientWords / 3)) {
    return result('length', 'warn', `Very short for what they wrote (${summary}).`);
  }
  return result('length', 'pass', `In proportion (${summary}).`);
}

/** Acronyms and short words in capitals that are not shouting. */
const ALLOWED_CAPITALS = new Set([
  'I',
  'A',
  'OK',
  'CV',
  'CVS',
  'UK',
  'US',
  'USA',
  'EU',
  'NHS',
  'GP',
  'ID',
  'TV',
  'PM',
  'AM',
  'PS',
  'FAQ',
  'UCAS',
  'HR',
  'IT',
]);

/** Runs of capitals: two or more capitalised words in a row, or one long capitalised word. */
export function shoutedRuns(text: string): string[] {
  const runs: string[] = [];
  let current: string[] = [];
  const flush = () => {
    const letters = current.join('').replace(/[^\p{L}]/gu, '').length;
    if ((current.length >= 2 && letters >= 6) || (current.length === 1 && letters >= 5)) {
      runs.push(current.join(' '));
    }
    current = [];
  };
  for (const token of text.split(/\s+/)) {
    const word = token.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
    const isCapitals =
      /\p{Lu}/u.test(word) && !/\p{Ll}/u.test(word) && word.replace(/[^\p{L}]/gu, '').length >= 2;
    if (isCapitals && !ALLOWED_CAPITALS.has(word)) current.push(word);
    else flush();
    // Punctuation that ends a clause also ends a run.
    if (/[.!?;:]$/.test(token)) flush();
  }
  flush();
  return runs;
}

/** No long runs of capital letters. */
export function checkShouting(input: CoachInput): CoachCheckResult {
  if (isBlank(input.draft)) return result('shouting', 'not_applicable', 'Nothing to check yet.');
  const runs = shoutedRuns(input.draft);
  if (runs.length === 0) return result('shouting', 'pass', 'No capitals that read as shouting.');
  return result(
    'shouting',
    'fail',
    `${quoteList(runs).toUpperCase()} reads as shouting. For emphasis, say why it matters instead.`,
  );
}

const UPBEAT_LABELS = ['joy', 'amusement', 'excitement', 'admiration'];
const HARSH_LABELS = ['anger', 'annoyance', 'disapproval', 'disgust'];

/** The draft's emotional tone against the client's, from the emotion model. */
export function checkToneMatch(input: CoachInput): CoachCheckResult {
  if (isBlank(input.draft)) return result('tone', 'not_applicable', 'Nothing to compare yet.');
  const { clientEmotions: client, draftEmotions: draft } = input;
  if (client === null || draft === null) {
    return result(
      'tone',
      'not_applicable',
      'The emotion model could not read the texts, so tone was not compared.',
    );
  }
  const harsh = draft.labels.filter((label) => HARSH_LABELS.includes(label));
  if (harsh.length > 0 || draft.ekman.includes('anger') || draft.ekman.includes('disgust')) {
    const what = harsh.length > 0 ? harsh.join(' and ') : 'annoyance';
    return result('tone', 'fail', `The reply reads as ${what}. Soften it before it goes.`);
  }
  const upbeat = draft.labels.filter((label) => UPBEAT_LABELS.includes(label));
  if (soundsDistressed(client) && draft.sentiment === 'positive' && upbeat.length > 0) {
    return result(
      'tone',
      'fail',
      `The reply sounds more cheerful (${upbeat.join(', ')}) than the client feels (${describeReading(client)}).`,
    );
  }
  if (client.sentiment === 'positive' && draft.sentiment === 'negative' && !soundsDistressed(client)) {
    return result('tone', 'warn', 'The client sounds upbeat; the reply sounds heavier than their news.');
  }
  return result(
    'tone',
    'pass',
    `In step: the reply reads as ${describeReading(draft)}, the client as ${describeReading(client)}.`,
  );
}

function describeReading(reading: EmotionReading): string {
  const labels = strongestLabels(reading, 2);
  return labels.length > 0 ? labels.join(' and ') : reading.sentiment;
}

const ASKS_ABOUT_SUICIDE =
  /\b(?:suicid\w*|kill(?:ing)?\s+yourself|end(?:ing)?\s+your\s+(?:own\s+)?life|take\s+your\s+(?:own\s+)?life|(?:harm|hurt)(?:ing)?\s+yourself|not\s+wanting\s+to\s+(?:be\s+alive|live)|(?:want|wanting)\s+to\s+die)\b/i;
const GIVES_CRISIS_CONTACT =
  /\b(?:crisis\s+(?:line|service|team|number)|emergency\s+(?:number|services?|department)|samaritans|helpline|hotline|lifeline|text\s+line|999|911|112|988|116\s?123|a\s*&\s*e)\b|\+?\d[\d\s()-]{6,}\d/i;
/** A prompt's placeholder left in the reply. */
const PLACEHOLDER = /\[add\s[^\]]*\]/i;

/** For a risk message: asks directly about suicide and gives a way to get help now. */
export function checkSafetyAddressed(input: CoachInput): CoachCheckResult {
  if (input.triage === null || !replyNeedsSafetyChecklist(input.triage)) {
    return result('safety', 'not_applicable', 'Triage found no risk in this message.');
  }
  if (isBlank(input.draft))
    return result('safety', 'fail', 'The reply is empty, and this message shows risk.');
  const placeholder = PLACEHOLDER.exec(input.draft);
  if (placeholder !== null) {
    return result('safety', 'fail', `Fill in ${placeholder[0]} with a real number before the reply goes.`);
  }
  const questions = splitSentences(input.draft).filter((sentence) => ASKS_ABOUT_SUICIDE.test(sentence.text));
  const asks = questions.length > 0;
  const contact = GIVES_CRISIS_CONTACT.test(input.draft);
  if (asks && contact)
    return result('safety', 'pass', 'You ask about suicide directly and give crisis contacts.');
  if (asks) return result('safety', 'warn', 'You ask about safety; add a crisis line they can call now.');
  if (contact) return result('safety', 'warn', 'You give crisis contacts; also ask directly about suicide.');
  return result(
    'safety',
    'fail',
    'This message shows risk: ask directly about suicide and give crisis contacts.',
  );
}

const CHECK_FUNCTIONS: Record<CoachCheckId, (input: CoachInput) => CoachCheckResult> = {
  feeling: checkFeelingAcknowledged,
  warmth: checkWarmth,
  questions: checkOpenQuestions,
  jargon: checkJargon,
  readability: checkReadability,
  length: checkLength,
  shouting: checkShouting,
  tone: checkToneMatch,
  safety: checkSafetyAddressed,
};

/** Every check, in COACH_CHECKS order. */
export function coachDraft(input: CoachInput): CoachCheckResult[] {
  return COACH_CHECKS.map((id) => CHECK_FUNCTIONS[id](input));
}
