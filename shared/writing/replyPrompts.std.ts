/**
 * Reply prompts for the message being answered: ways to reflect the client's feelings,
 * validate them, ask open questions, bracket emotion and show immediacy in text, and
 * the client's own sentence to quote (DESIGN section 1, "Communicating emotion in text").
 * When triage shows risk, the safety checklist's items come first.
 *
 * Wording varies between messages but never between renders: every choice is drawn from
 * a hash of the message text, so the same message always gets the same prompts.
 */
import { replyNeedsSafetyChecklist, SAFETY_CHECKLIST_ITEMS } from '../domain/safetyChecklist.std.ts';
import type { SafetyChecklistItemId, SafetyTriageFacts } from '../domain/safetyChecklist.std.ts';
import type { EmotionReading } from './feelings.std.ts';
import {
  EKMAN_PHRASES,
  FEELING_PHRASES,
  feltGroups,
  soundsDistressed,
  strongestLabels,
} from './feelings.std.ts';
import { pick, splitSentences, stableHash } from './textStats.std.ts';
import type { Sentence } from './textStats.std.ts';

export const PROMPT_GROUPS = [
  'safety',
  'reflection',
  'validation',
  'open_question',
  'bracketing',
  'immediacy',
  'quote',
] as const;
export type PromptGroupId = (typeof PROMPT_GROUPS)[number];

export interface ReplyPrompt {
  /** Stable within one message: group and position. */
  id: string;
  /** The words the Insert button puts into the reply. */
  text: string;
  /** For safety prompts: the checklist item it helps with. */
  checklistItem?: SafetyChecklistItemId;
}

export interface ReplyPromptGroup {
  id: PromptGroupId;
  title: string;
  /** Why this helps, in a sentence. */
  why: string;
  prompts: ReplyPrompt[];
}

/** What the prompts need from triage; a full TriageResult fits, its evidence picks the sentence to quote. */
export type PromptTriage = SafetyTriageFacts & { evidence?: readonly { start: number; end: number }[] };

export interface ReplyPromptsInput {
  messageText: string;
  /** The message's emotions, or null when they could not be read (the prompts are then general). */
  emotions: EmotionReading | null;
  triage: PromptTriage | null;
}

export const PROMPT_GROUP_TEXT: Record<PromptGroupId, { title: string; why: string }> = {
  safety: {
    title: 'Safety first',
    why: 'Triage found risk in this message: ask about it directly and give a way to get help now. The checklist must be complete before the reply is ready.',
  },
  reflection: {
    title: 'Reflect the feeling',
    why: 'Without a face or a voice, the client only knows you understood if you say so in words.',
  },
  validation: {
    title: 'Validate',
    why: 'Saying the feeling makes sense lowers the guard and keeps the client talking.',
  },
  open_question: {
    title: 'Open questions',
    why: 'Questions that cannot be answered yes or no invite the client to tell you more.',
  },
  bracketing: {
    title: 'Emotional bracketing',
    why: 'A bracketed aside puts into words the expression your face would have shown.',
  },
  immediacy: {
    title: 'Descriptive immediacy',
    why: 'Describing what you are doing as you read shows you are present with this message, not a template.',
  },
  quote: {
    title: 'Quote their words',
    why: "Quoting the client's own sentence before you answer shows exactly what you are responding to.",
  },
};

/** Words for the safety checklist's items; the crisis line is the practitioner's to fill in. */
const SAFETY_WORDING: Record<SafetyChecklistItemId, readonly string[]> = {
  asked_about_suicide: [
    'I want to ask you directly, because your safety matters to me: are you having thoughts of ending your life?',
    'Some of what you wrote worries me, so I am going to ask plainly: are you thinking about suicide?',
    'I would rather ask than guess: are you having thoughts of killing yourself, or of not wanting to be alive?',
  ],
  safety_plan: [
    'Could we put together a short plan for the hardest moments: the signs that things are getting worse, what helps, who you can contact, and how to keep anything you might use to hurt yourself out of reach?',
    'I would like us to write down a safety plan together: what tells you things are getting worse, what has helped before, who you can reach, and how to make your surroundings safer for now.',
  ],
  crisis_contacts: [
    'If you feel you might act on these thoughts, please do not wait for my reply: call [add your local crisis line] or your local emergency number now, at any time of day or night.',
    'My replies cannot always be immediate, so please keep this number close: [add your local crisis line], open day and night. In an emergency, call your local emergency number straight away.',
  ],
};

const REFLECTION_STEMS = [
  (feeling: string) => `It sounds like you're feeling ${feeling} right now.`,
  (feeling: string) => `Reading this, I get a sense that you feel ${feeling}.`,
  (feeling: string) => `I can hear that you're ${feeling} about this.`,
  (feeling: string) => `You seem ${feeling}, and that comes through clearly in what you wrote.`,
  (feeling: string) => `I imagine you might be feeling ${feeling}.`,
  (feeling: string) => `From what you've written, it seems you're feeling ${feeling}.`,
] as const;

const NEUTRAL_REFLECTIONS = [
  "It sounds like you've been giving this a lot of thought.",
  "I get the sense you'd like to get this sorted and move on.",
  "You've set out where things stand very clearly.",
] as const;

/** When triage shows risk and the model finds no distress to name. */
const RISK_REFLECTIONS = [
  "It sounds like you're carrying a great deal of pain right now.",
  'You sound exhausted by all of this, and very alone with it.',
  'I can hear how heavy things feel for you at the moment.',
] as const;

/** Open questions that keep a risk conversation going and learn about safety. */
const RISK_QUESTIONS = [
  'What is happening for you right now, as you write this?',
  'Who is with you at the moment, or who could be?',
  'What has helped you get through times like this before?',
  'What has kept you going until now, even a little?',
] as const;

const VALIDATION = {
  distressed: [
    'It makes complete sense that you feel this way.',
    'Anyone in your position would find this hard.',
    "What you're feeling is an understandable response to a lot of pressure.",
    "It's not surprising this has been weighing on you.",
    'Many people feel exactly this way in a situation like yours.',
  ],
  positive: [
    "You've clearly put a lot into this, and it shows.",
    "It's really good to hear things are moving for you.",
    'That is a real achievement, and worth taking a moment to enjoy.',
    'You have every reason to feel good about this.',
  ],
  neutral: [
    'It makes sense to want to get this right.',
    "It's a good question to be asking at this point.",
    'Wanting to think this through carefully is a real strength.',
  ],
} as const;

const OPEN_QUESTIONS: Readonly<Record<string, readonly string[]>> = {
  fear: [
    'What worries you most when you think about it?',
    'What would help you feel a little safer or steadier this week?',
    'When the worry is at its worst, what goes through your mind?',
  ],
  sadness: [
    'What has been the hardest part of this for you?',
    'How have you been looking after yourself since this happened?',
    'What has helped, even a little, when you have felt like this before?',
  ],
  anger: [
    'What would feel like a fair outcome to you?',
    'What about this has been hardest to accept?',
    'How would you like things to be handled from here?',
  ],
  disgust: ['What about this has troubled you most?', 'How would you like things to be handled from here?'],
  surprise: [
    'What would help you feel clearer about your options?',
    'How are you making sense of this so far?',
    'What questions are going round in your head at the moment?',
  ],
  joy: [
    'What do you think made the difference?',
    'How would you like to build on this?',
    'What are you most looking forward to?',
  ],
  general: [
    'What would you most like to happen next?',
    'How can I best help you with this?',
    'Could you tell me a little more about how things are for you at the moment?',
    'What feels most important to you in all of this?',
  ],
};

const BRACKETS = {
  distressed: [
    '[feeling concerned as I read this]',
    '[sighing with you as I read this]',
    '[reading this slowly, and with care]',
    '[wishing I could sit with you as you tell me this]',
  ],
  positive: ['[smiling as I read your news]', '[grinning at my desk]', '[doing a small cheer here]'],
  neutral: ['[nodding as I read this]', '[thinking this through with you]'],
} as const;

const IMMEDIACY = [
  '[pausing here, because this matters]',
  "[I'm taking a moment with what you've written here]",
  '[reading this twice, because I want to get it right]',
  '[stopping here before I answer, because this part is important]',
] as const;

const QUOTE_FRAMES = [
  (quote: string) => `You wrote: "${quote}"`,
  (quote: string) => `When you said "${quote}", it stayed with me.`,
  (quote: string) => `I noticed you said "${quote}"`,
] as const;

/** The longest quote offered, in characters; longer sentences are cut at a word. */
const QUOTE_MAX = 180;

/** Distinct items from a list, chosen by seed: up to `count`, never the same twice. */
function pickDistinct<T>(items: readonly T[], count: number, seed: number, salt: string): T[] {
  const start = stableHash(`${seed}:${salt}`) % Math.max(1, items.length);
  const step = items.length > 1 ? 1 + (stableHash(`${salt}:${seed}`) % (items.length - 1)) : 1;
  const chosen: T[] = [];
  const used = new Set<number>();
  let index = start;
  while (chosen.length < Math.min(count, items.length)) {
    while (used.has(index)) index = (index + 1) % items.length;
    used.add(index);
    chosen.push(items[index] as T);
    index = (index + step) % items.length;
  }
  return chosen;
}

/**
 * Feelings to reflect. For a distressed or risk message, positive labels are left out:
 * the "thank you" in a goodbye note is not gratitude to reflect back.
 */
function feelingPhrases(emotions: EmotionReading | null, seed: number, distressed: boolean): string[] {
  const labels = strongestLabels(emotions, 3, distressed);
  if (labels.length > 0) {
    return labels.map((label) => pick(FEELING_PHRASES[label] ?? [label], seed, `feeling:${label}`));
  }
  return feltGroups(emotions, distressed)
    .slice(0, 2)
    .map((group) => pick(EKMAN_PHRASES[group] ?? [group], seed, `group:${group}`));
}

function reflections(emotions: EmotionReading | null, seed: number, tone: Mood, risk: boolean): string[] {
  const phrases = feelingPhrases(emotions, seed, tone === 'distressed');
  if (phrases.length === 0) {
    if (risk) return pickDistinct(RISK_REFLECTIONS, 2, seed, 'risk-reflection');
    return pickDistinct(NEUTRAL_REFLECTIONS, 2, seed, 'neutral-reflection');
  }
  const stems = pickDistinct(REFLECTION_STEMS, phrases.length, seed, 'stem');
  const out = phrases.map((phrase, index) => (stems[index] ?? REFLECTION_STEMS[0])(phrase));
  if (phrases.length >= 2) {
    // Mixed feelings are common, and naming both is a reflection in itself.
    out.push(`I can hear more than one thing here: ${phrases[0]}, and ${phrases[1]} too.`);
  }
  return out;
}

type Mood = 'distressed' | 'positive' | 'neutral';

function mood(emotions: EmotionReading | null, risk: boolean): Mood {
  if (risk || soundsDistressed(emotions)) return 'distressed';
  if (emotions?.sentiment === 'positive') return 'positive';
  return 'neutral';
}

function openQuestions(emotions: EmotionReading | null, seed: number, tone: Mood, risk: boolean): string[] {
  const groups = feltGroups(emotions, tone === 'distressed');
  const specific = risk ? [...RISK_QUESTIONS] : groups.flatMap((group) => OPEN_QUESTIONS[group] ?? []);
  const fromFeelings = pickDistinct(specific, 2, seed, 'open-specific');
  const general = pickDistinct(OPEN_QUESTIONS.general ?? [], 3 - fromFeelings.length, seed, 'open-general');
  return [...fromFeelings, ...general];
}

/**
 * The sentence to quote: the one holding the most triage evidence when there is risk,
 * otherwise the most emotion evidence, otherwise the first sentence the client writes
 * about themselves ("I ..."), otherwise the longest.
 */
export function keySentence(
  messageText: string,
  emotions: EmotionReading | null,
  riskSpans: readonly { start: number; end: number }[] = [],
): string | null {
  const sentences = splitSentences(messageText);
  if (sentences.length === 0) return null;
  const weightIn = (sentence: Sentence, spans: readonly { start: number; end: number; weight?: number }[]) =>
    spans
      .filter((span) => span.start < sentence.end && span.end > sentence.start)
      .reduce((sum, span) => sum + (span.weight ?? 1), 0);
  const best = (score: (sentence: Sentence) => number): Sentence | undefined => {
    let chosen: Sentence | undefined;
    let bestScore = 0;
    for (const sentence of sentences) {
      const value = score(sentence);
      if (value > bestScore) {
        chosen = sentence;
        bestScore = value;
      }
    }
    return chosen;
  };
  const emotionSpans = (emotions?.evidence ?? []).filter((span) => span.label !== 'neutral');
  const chosen =
    best((sentence) => weightIn(sentence, riskSpans)) ??
    best((sentence) => weightIn(sentence, emotionSpans)) ??
    sentences.find((sentence) => /\b(?:I|I'm|I've|I'd|my|me)\b/.test(sentence.text)) ??
    [...sentences].sort((a, b) => b.text.length - a.text.length)[0];
  return chosen === undefined ? null : shortenQuote(chosen.text);
}

/** One line, without a closing full stop (the frame's sentence goes on after it). */
function shortenQuote(sentence: string): string {
  const flat = sentence.replace(/\s+/g, ' ').trim().replace(/\.+$/, '');
  if (flat.length <= QUOTE_MAX) return flat;
  const cut = flat.slice(0, QUOTE_MAX);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > QUOTE_MAX / 2 ? cut.slice(0, lastSpace) : cut).replace(/[,;:]$/, '')}…`;
}

function group(id: PromptGroupId, texts: readonly string[]): ReplyPromptGroup {
  return {
    id,
    ...PROMPT_GROUP_TEXT[id],
    prompts: texts.map((text, index) => ({ id: `${id}-${index + 1}`, text })),
  };
}

/** The prompts for one message, safety first when triage shows risk. Empty groups are left out. */
export function buildReplyPrompts({ messageText, emotions, triage }: ReplyPromptsInput): ReplyPromptGroup[] {
  const seed = stableHash(messageText);
  const risk = triage !== null && replyNeedsSafetyChecklist(triage);
  const tone = mood(emotions, risk);
  const groups: ReplyPromptGroup[] = [];
  if (risk) {
    groups.push({
      id: 'safety',
      ...PROMPT_GROUP_TEXT.safety,
      prompts: SAFETY_CHECKLIST_ITEMS.map((item) => ({
        id: `safety-${item.id}`,
        text: pick(SAFETY_WORDING[item.id], seed, `safety:${item.id}`),
        checklistItem: item.id,
      })),
    });
  }
  groups.push(group('reflection', reflections(emotions, seed, tone, risk)));
  groups.push(group('validation', pickDistinct(VALIDATION[tone], 2, seed, 'validation')));
  groups.push(group('open_question', openQuestions(emotions, seed, tone, risk)));
  groups.push(group('bracketing', pickDistinct(BRACKETS[tone], 2, seed, 'bracket')));
  groups.push(group('immediacy', pickDistinct(IMMEDIACY, 2, seed, 'immediacy')));
  const quote = keySentence(messageText, emotions, risk ? (triage?.evidence ?? []) : []);
  if (quote !== null) {
    const frames = pickDistinct(QUOTE_FRAMES, 1, seed, 'quote');
    groups.push(
      group(
        'quote',
        frames.map((frame) => frame(quote)),
      ),
    );
  }
  return groups.filter((candidate) => candidate.prompts.length > 0);
}
