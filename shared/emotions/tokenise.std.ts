/**
 * Tokenisation for the emotion model. Training and inference share it, so a token
 * means the same thing in both. Every token keeps its offsets into the ORIGINAL
 * string (normalisation happens per token, after matching), so evidence can be
 * highlighted in the text the user typed.
 */

export interface Token {
  /** Normalised form: NFKC, lower case, curly apostrophes straightened, long letter runs shortened. */
  text: string;
  start: number;
  end: number;
  /** First token of the text, or punctuation (.,;:!? or a line break) separates it from the token before. */
  startsClause: boolean;
}

/**
 * One alternative per token kind, tried in this order at each position:
 * the dataset's masks ([NAME], [RELIGION]), emoji (with skin tones and ZWJ sequences),
 * text emoticons, words (letters, digits and marks, apostrophes inside), runs of ! and ?.
 */
const TOKEN_PATTERN = new RegExp(
  [
    String.raw`(?<mask>\[[A-Z]+\])`,
    String.raw`(?<emoji>\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\uFE0F|\u200D\p{Extended_Pictographic})*)`,
    String.raw`(?<emoticon>(?<![\p{L}\p{N}:])[:;=]-?[()\[\]dDpPoO3*|\/\\](?![\p{L}\p{N}\/])|<3)`,
    String.raw`(?<word>[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*)`,
    String.raw`(?<bang>[!?]+)`,
  ].join('|'),
  'gu',
);

const CLAUSE_PUNCTUATION = /[.,;:!?\n]/;
const REPEATED_CHARACTER = /(.)\1{2,}/gu;
const EMOJI_VARIATION = /[\uFE0F\p{Emoji_Modifier}]/gu;

const NON_ASCII = /[^ -~\t\n\r]/;

function normaliseWord(raw: string): string {
  // NFKC leaves ASCII as it is, and most words are ASCII.
  const folded = NON_ASCII.test(raw)
    ? raw.normalize('NFKC').toLowerCase().replaceAll('’', "'")
    : raw.toLowerCase();
  // "sooooo" and "soooo" are the same word; two letters keep the emphasis apart from "so".
  return folded.replace(REPEATED_CHARACTER, '$1$1');
}

function normaliseBang(raw: string): string {
  if (raw.includes('!') && raw.includes('?')) return '?!';
  const mark = raw.charAt(0);
  return raw.length > 1 ? mark + mark : mark;
}

function normalise(groups: Record<string, string | undefined>, raw: string): string {
  if (groups['mask'] !== undefined) return raw;
  if (groups['emoji'] !== undefined) return raw.replace(EMOJI_VARIATION, '');
  if (groups['emoticon'] !== undefined) return raw.toLowerCase().replace('-', '');
  if (groups['bang'] !== undefined) return normaliseBang(raw);
  return normaliseWord(raw);
}

/** Splits text into tokens in one pass; cost is linear in the length of the text. */
export function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  let previousWasBang = false;
  for (const match of text.matchAll(TOKEN_PATTERN)) {
    const raw = match[0];
    const start = match.index;
    const groups = match.groups ?? {};
    tokens.push({
      text: normalise(groups, raw),
      start,
      end: start + raw.length,
      startsClause:
        tokens.length === 0 || previousWasBang || CLAUSE_PUNCTUATION.test(text.slice(previousEnd, start)),
    });
    previousEnd = start + raw.length;
    previousWasBang = groups['bang'] !== undefined;
  }
  return tokens;
}
