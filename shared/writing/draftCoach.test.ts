import { describe, expect, it } from 'vitest';
import { analyseEmotions } from '../emotions/analyseEmotions.std.ts';
import { parseEmotionModel } from '../emotions/emotionModel.std.ts';
import modelFile from '../emotions/model/emotions-model.json' with { type: 'json' };
import type { SafetyTriageFacts } from '../domain/safetyChecklist.std.ts';
import {
  checkFeelingAcknowledged,
  checkJargon,
  checkLength,
  checkOpenQuestions,
  checkReadability,
  checkSafetyAddressed,
  checkShouting,
  checkToneMatch,
  checkWarmth,
  classifyQuestion,
  coachDraft,
  COACH_CHECKS,
  shoutedRuns,
} from './draftCoach.std.ts';
import type { CoachInput } from './draftCoach.std.ts';

const model = parseEmotionModel(modelFile);

const CLIENT =
  "I was made redundant last Friday after six years. Rent is due on the 1st and I'm scared we won't make it. I don't know where to start.";

/** A coach input with real emotion readings of both texts. */
function input(draft: string, clientText = CLIENT, triage: SafetyTriageFacts | null = null): CoachInput {
  return {
    clientText,
    draft,
    clientEmotions: analyseEmotions(model, clientText),
    draftEmotions: analyseEmotions(model, draft),
    triage,
  };
}

const RISK: SafetyTriageFacts = { tier: 'crisis', categories: ['self_harm'], cssrs_level: 'plan' };

describe('checkFeelingAcknowledged', () => {
  it('passes when the client’s feeling is named back to them', () => {
    const result = checkFeelingAcknowledged(input("It sounds like you're scared about the rent."));
    expect(result).toMatchObject({ id: 'feeling', status: 'pass' });
    expect(result.message).toContain('scared');
  });
  it('fails when no feeling is named', () => {
    expect(checkFeelingAcknowledged(input('Please send me your CV by Tuesday.')).status).toBe('fail');
  });
  it('warns when the only feeling is the writer’s own', () => {
    expect(checkFeelingAcknowledged(input("I'm glad you wrote to me about the job.")).status).toBe('warn');
  });
  it('does not take "low-paid" for a feeling, but does take "you sound low"', () => {
    expect(checkFeelingAcknowledged(input('Your low-paid job ended.')).status).toBe('fail');
    expect(checkFeelingAcknowledged(input('You sound low about the job.')).status).toBe('pass');
  });
});

describe('checkWarmth', () => {
  it('passes with warm words', () => {
    expect(checkWarmth(input('Thank you for telling me about this. I am glad you wrote.')).status).toBe(
      'pass',
    );
  });
  it('counts emotional bracketing as warmth', () => {
    expect(checkWarmth(input('[pausing here, because this matters] Rent worries are hard.')).status).toBe(
      'pass',
    );
  });
  it('fails an officious or blaming draft', () => {
    const result = checkWarmth(input('Please be advised you should have applied for benefits sooner.'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('please be advised');
  });
  it('fails a draft with no warm words at all', () => {
    expect(checkWarmth(input('CV appointments are on Tuesdays.')).status).toBe('fail');
  });
});

describe('checkOpenQuestions', () => {
  it('passes with an open question', () => {
    expect(checkOpenQuestions(input('What kind of work did you enjoy most?')).status).toBe('pass');
  });
  it('passes an open invitation without a question mark', () => {
    expect(checkOpenQuestions(input('Tell me more about the warehouse.')).status).toBe('pass');
  });
  it('warns when every question can be answered yes or no', () => {
    const result = checkOpenQuestions(input('Do you have a CV? Is Tuesday OK?'));
    expect(result.status).toBe('warn');
    expect(result.message).toContain('All 2 questions');
  });
  it('fails when there is no question at all', () => {
    expect(checkOpenQuestions(input('Come in on Tuesday.')).status).toBe('fail');
  });
  it('classifies questions by how they start', () => {
    expect(classifyQuestion('How are you feeling about it?')).toBe('open');
    expect(classifyQuestion('Could you tell me more about that?')).toBe('open');
    expect(classifyQuestion('Could you come in on Tuesday?')).toBe('closed');
    expect(classifyQuestion('And are you OK?')).toBe('closed');
    expect(classifyQuestion("That's hard, isn't it?")).toBe('other');
  });
});

describe('checkJargon', () => {
  it('passes plain words', () => {
    expect(checkJargon(input('Let us look at jobs near you.')).status).toBe('pass');
  });
  it('fails professional terms and offers plain ones', () => {
    const result = checkJargon(
      input('Your career readiness and self-efficacy suggest a CASVE intervention.'),
    );
    expect(result.status).toBe('fail');
    expect(result.message).toContain('“self-efficacy” (try: confidence in what you can do)');
    expect(result.message).toContain('CASVE');
  });
  it('matches acronyms only in capitals', () => {
    expect(checkJargon(input('The cip of tea helped.')).status).toBe('pass');
  });
});

describe('checkReadability', () => {
  it('passes short everyday sentences', () => {
    const draft =
      'Thank you for writing. That sounds so hard. We can look at this together. What worries you most?';
    expect(checkReadability(input(draft)).status).toBe('pass');
  });
  it('fails long sentences of long words, far above the client’s level', () => {
    const draft =
      'Notwithstanding the considerable organisational uncertainties characterising contemporary employment, comprehensive consideration of transferable competencies, supplementary qualifications and geographically diversified opportunities would substantially ameliorate your prospective circumstances, particularly given institutional accommodation possibilities.';
    expect(checkReadability(input(draft)).status).toBe('fail');
  });
  it('does not judge a draft too short to measure', () => {
    expect(checkReadability(input('Thank you.')).status).toBe('not_applicable');
  });
});

describe('checkLength', () => {
  it('passes a reply in proportion to the message', () => {
    expect(
      checkLength(input('Thank you for writing. That sounds frightening. What would help most this week?'))
        .status,
    ).toBe('pass');
  });
  it('fails a reply many times longer than the message', () => {
    expect(checkLength(input('word '.repeat(260))).status).toBe('fail');
  });
  it('warns on a very short reply to a long message', () => {
    const long = 'I have been thinking about my job a lot lately and about what to do next. '.repeat(4);
    expect(checkLength(input('OK, noted.', long)).status).toBe('warn');
  });
});

describe('checkShouting', () => {
  it('passes ordinary capitals and acronyms', () => {
    expect(checkShouting(input('Bring your CV to the NHS jobs fair. I think it will help.')).status).toBe(
      'pass',
    );
  });
  it('fails long runs of capitals', () => {
    const result = checkShouting(input('You MUST BRING YOUR CV with you.'));
    expect(result.status).toBe('fail');
    expect(shoutedRuns('You MUST BRING YOUR CV with you.')).toEqual(['MUST BRING YOUR']);
  });
  it('fails one long shouted word', () => {
    expect(shoutedRuns('This is IMPORTANT.')).toEqual(['IMPORTANT']);
  });
});

describe('checkToneMatch', () => {
  it('passes a caring reply to a worried client', () => {
    const result = checkToneMatch(
      input("I'm sorry this happened. It sounds frightening, and I want to help."),
    );
    expect(result.status).toBe('pass');
  });
  it('fails a cheerful reply to a frightened client', () => {
    const result = checkToneMatch(input('Great news!!! Cheer up, it will all be fine :)'));
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(/more cheerful/);
  });
  it('fails an angry reply', () => {
    expect(checkToneMatch(input('I am so angry and annoyed that you ignored my advice.')).status).toBe(
      'fail',
    );
  });
  it('says it could not compare when a reading is missing', () => {
    const withoutModel = { ...input('Thank you for writing.'), draftEmotions: null };
    expect(checkToneMatch(withoutModel).status).toBe('not_applicable');
  });
});

describe('checkSafetyAddressed', () => {
  it('does not apply when triage found no risk', () => {
    expect(checkSafetyAddressed(input('Thank you.')).status).toBe('not_applicable');
    expect(
      checkSafetyAddressed(
        input('Thank you.', CLIENT, { tier: 'priority', categories: ['distress'], cssrs_level: null }),
      ).status,
    ).toBe('not_applicable');
  });
  it('passes a direct question about suicide with a crisis line', () => {
    const draft =
      'I want to ask you directly: are you thinking about suicide? Please call Samaritans on 116 123 now.';
    expect(checkSafetyAddressed(input(draft, CLIENT, RISK)).status).toBe('pass');
  });
  it('fails a risk reply that does neither', () => {
    expect(checkSafetyAddressed(input('Let us talk about your CV on Tuesday.', CLIENT, RISK)).status).toBe(
      'fail',
    );
  });
  it('warns when only one of the two is there', () => {
    expect(checkSafetyAddressed(input('Are you thinking of ending your life?', CLIENT, RISK)).status).toBe(
      'warn',
    );
  });
  it('fails while a prompt’s placeholder is still in the reply', () => {
    const draft = 'Are you thinking about suicide? Call [add your local crisis line] now.';
    const result = checkSafetyAddressed(input(draft, CLIENT, RISK));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('[add your local crisis line]');
  });
});

describe('coachDraft', () => {
  it('runs every check, each with its reason', () => {
    const results = coachDraft(input('Thank you for writing. What worries you most?'));
    expect(results.map((check) => check.id)).toEqual([...COACH_CHECKS]);
    for (const check of results) expect(check.why.length).toBeGreaterThan(20);
  });
  it('a good draft passes where a poor one fails', () => {
    const good = coachDraft(
      input(
        "Thank you for writing to me. It sounds like you're scared about the rent, and that makes sense after such a shock. What kind of work did you enjoy most?",
      ),
    );
    const poor = coachDraft(input('Please be advised CV APPOINTMENTS ARE ON TUESDAYS. Do you have one?'));
    const failing = (results: typeof good) =>
      results.filter((check) => check.status === 'fail').map((c) => c.id);
    expect(failing(good)).toEqual([]);
    expect(failing(poor)).toEqual(expect.arrayContaining(['feeling', 'warmth', 'shouting']));
  });
});
