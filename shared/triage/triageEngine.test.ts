import { describe, expect, it } from 'vitest';
import defaultRules from './rules/triage-rules.json' with { type: 'json' };
import { defaultTriageEngine } from './defaultEngine.std.ts';
import { evaluateTriage } from './evaluation.std.ts';
import { developmentCorpora, readCorpus } from './testing/developmentCorpora.node.ts';
import { TriageRulesError, createTriageEngine } from './triageEngine.std.ts';

const engine = defaultTriageEngine();
const triage = (text: string) => engine.triage(text);

describe('triage tiers for the hard cases', () => {
  it.each([
    ["I've taken 30 sertraline and I feel dizzy", 'crisis', 'behaviour'],
    ['I have a plan and I am going to end my life tonight', 'crisis', 'intent'],
    ['my flatmate said she is taking all her pills tonight', 'crisis', 'plan'],
    [
      "Gave my guitar and games to my brother, won't be needing them. Thanks for everything x",
      'crisis',
      'behaviour',
    ],
    ['kms tonight fr 😭', 'crisis', 'intent'],
    ['Some days I wish I just would not wake up', 'urgent', 'wish_to_be_dead'],
    ['cut myself again last night', 'urgent', 'behaviour'],
  ])('%s -> %s', (text, tier, cssrs) => {
    const result = triage(text);
    expect(result.tier).toBe(tier);
    expect(result.categories).toContain('self_harm');
    expect(result.cssrs_level).toBe(cssrs);
  });

  it.each([
    ["I'm not suicidal, just tired of rejections"],
    ['this job search is killing me'],
    ["I'd kill for an internship at the BBC"],
    ['I used to self-harm years ago, now I want to train as a nurse'],
    ['I want to work in suicide prevention, what do I need?'],
    ['got killed 20 times in my game lol'],
    ['My dissertation is on domestic abuse policy, which jobs use that?'],
  ])('a hard negative stays at or below priority: %s', (text) => {
    const result = triage(text);
    expect(['priority', 'routine', 'none']).toContain(result.tier);
    expect(result.categories).not.toContain('self_harm');
  });

  it('negation reaches only its own clause', () => {
    const result = triage(
      "I'm not going to do anything tonight but I have the pills ready for when mum leaves on Sunday",
    );
    expect(result.tier).toBe('crisis');
  });

  it('an anniversary dates an act in the past; the same act this week is recent', () => {
    expect(
      triage('Two years ago this week I tried to end my life. Today I started my new job.').tier,
    ).not.toMatch(/crisis|urgent/);
    expect(triage('This week I tried to end my life.').tier).toBe('crisis');
  });

  /** Each of `crisis` is a crisis, and none of `notCrisis` is. */
  function expectCrisisOnly({ crisis, notCrisis }: { crisis: string[]; notCrisis: string[] }): void {
    for (const text of notCrisis) expect(triage(text).tier, text).not.toBe('crisis');
    for (const text of crisis) expect(triage(text).tier, text).toBe('crisis');
  }

  it('a roof or a car park is a place of danger, not for a roofer at work or a visitor parking', () => {
    expectCrisisOnly({
      notCrisis: [
        "I'm a roofer. I'm on the roof of a house in Leith all week, can we talk on Monday?",
        "Sorry for the slow reply, I'm on the roof fixing slates until 4, will call after.",
        'Heading down to the car park right now, is visitor parking in bay C?',
      ],
      crisis: [
        "I'm on the roof. I can't do this anymore.",
        "I'm a roofer and I'm on the roof now and I'm going to jump off it",
        "Top floor of the car park. I'm done. Nobody will miss me.",
      ],
    });
  });

  it('a bridge, a platform or a multi-storey with a time soon is a plan, not when the message is about travel or good news', () => {
    expectCrisisOnly({
      notCrisis: [
        "My train's been cancelled and I'm stood on the platform at Crewe. Could we do today's session by phone instead?",
        "Got the job! I start on the bridge maintenance crew today, can't believe it.",
        'Top floor flat and the lift is broken again, can we do this afternoon over the phone instead?',
        "Out on the river with the rowing club today, could you look at my CV before Friday's deadline?",
      ],
      crisis: [
        "If I miss Thursday it's because I went off the top of the multi-storey. Sorry.",
        'I stood at the edge of the quarry for an hour checking whether it was high enough.',
        "I'm on the bridge tonight. No signal up here. Goodbye everyone.",
        "Stood on the platform tonight, the fast trains don't stop here. Thank you for everything.",
      ],
    });
    const grades = "I got 120 points and I'm not sure whether it was high enough for nursing.";
    expect(triage(grades).tier, grades).not.toMatch(/crisis|urgent/);
  });

  it('a roof terrace is no place of danger, and the explanation says which words set the roof aside', () => {
    const result = triage(
      'Graduation drinks on the roof terrace tonight!! Thank you for everything this year.',
    );
    expect(result.tier).not.toBe('crisis');
    expect(result.set_aside).toContainEqual(
      expect.objectContaining({
        signal: 'at_risk_place',
        reason: 'context',
        because: expect.objectContaining({ rule: 'CTX.venue', text: 'roof terrace' }),
      }),
    );
    expect(triage("I'm on the roof tonight. Thank you for everything.").tier).toBe('crisis');
  });

  it('"that should be plenty" about saved tablets is a crisis; "not sure it is good enough" about a CV is not', () => {
    expect(triage("I've been saving my tablets. 40 of them. That should be plenty.").tier).toBe('crisis');
    for (const text of [
      "Could you check my CV? I'm not sure it is good enough.",
      'My offer is 24k, do you think that would be high enough to move out?',
    ])
      expect(triage(text).tier, text).not.toMatch(/crisis|urgent/);
  });

  it('a report about someone else is still a risk', () => {
    expect(triage('my friend says she wants to disappear forever').tier).toBe('urgent');
    expect(triage('He has a knife and is screaming at mum, we are hiding upstairs').tier).toBe('crisis');
  });

  it('intent to harm someone else is crisis, figurative anger is not', () => {
    expect(triage("I'm bringing my dad's knife to work tomorrow for my manager").tier).toBe('crisis');
    expect(triage('mum is gonna kill me when she finds out I failed maths lol').tier).not.toMatch(
      /crisis|urgent/,
    );
  });

  it('routine, none and priority messages', () => {
    expect(triage('Could I book an appointment to go over my CV?').tier).toBe('routine');
    expect(triage('ok thanks 👍').tier).toBe('none');
    expect(
      triage('Limited time offer! Boost your website traffic with our SEO services, click here').tier,
    ).toBe('none');
    expect(triage('They want a £150 training fee before I start, is this legit?').categories).toContain(
      'scam',
    );
    expect(triage('I have no idea what to do with my life and my parents want me to do law').tier).toBe(
      'priority',
    );
  });
});

describe('evidence and explanation', () => {
  it('every evidence span slices the original text exactly, across emoji and accents', () => {
    const text = 'Héllo 😭 I WANT TO DIE… honestly. ñ I have 40 paracetamol lined up';
    const result = triage(text);
    expect(result.evidence.length).toBeGreaterThan(0);
    for (const item of result.evidence) {
      expect(text.slice(item.start, item.end)).toBe(item.text);
      expect(item.rule).toMatch(/^[A-Z]/);
    }
  });

  it('lists the evidence in the order it stands, time words escalated with a finding among the findings', () => {
    const text =
      "Tonight I will do it. I want to die and I have the tablets ready. Goodbye everyone, I'm going to take them tonight.";
    const { evidence } = triage(text);
    const places = evidence.map((item) => [item.start, item.end] as const);
    const ordered = [...places].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(places).toEqual(ordered);
    expect(evidence[0]).toMatchObject({ text: 'Tonight', signal: 'time_soon' });
    expect(evidence.at(-1)).toMatchObject({ text: 'tonight', signal: 'time_soon' });
    expect(evidence.filter((item) => item.signal !== 'time_soon').length).toBeGreaterThan(4);
  });

  it('says what it set aside and why', () => {
    const result = triage("I'm not suicidal, I just need a new job");
    expect(result.set_aside).toContainEqual(
      expect.objectContaining({ signal: 'suicidal_mention', reason: 'negated' }),
    );
  });

  it('reports protective factors without lowering the tier', () => {
    const result = triage('I think about killing myself a lot but my kids keep me going');
    expect(result.tier).toBe('urgent');
    expect(result.protective_factors.map((p) => p.text).join(' ')).toMatch(/kids keep me going/);
  });

  it('names the rules version and a service level with its reason', () => {
    const result = triage('I lost my job and I do not know what to do next');
    expect(result.rules_version).toBe(defaultRules.version);
    expect(result.service_level).toBe('individual_case_managed');
    expect(result.service_level_reason).toMatch(/capability/i);
  });

  it('normalises Unicode, case and SMS spelling', () => {
    expect(triage('Ｉ ＷＡＮＴ ＴＯ ＤＩＥ').tier).toBe('urgent');
    expect(triage('idk anymore i wanna kms').categories).toContain('self_harm');
  });
});

describe('the learned risk model', () => {
  it('raises to urgent what no rule caught, showing its words, and never lowers a tier', () => {
    const raised = triage('my head is so loud tonight, everything is too much, i just want out');
    expect(raised.tier).toBe('urgent');
    expect(raised.risk_model).toMatchObject({ raised: true });
    expect(raised.evidence.some((item) => item.signal === 'learned_risk')).toBe(true);
    expect(raised.escalations.map((e) => e.rule).join(' ')).toMatch(/^MODEL\./);
    expect(triage("I've taken 30 sertraline and I feel dizzy").tier).toBe('crisis');
  });

  it('is consulted only where it could raise the tier', () => {
    const crisis = triage("I've taken 30 sertraline and I feel dizzy");
    expect(crisis.tier).toBe('crisis');
    expect(crisis.risk_model).toBeNull();
    const routine = triage('Could we book an appointment next week to go over my CV?');
    expect(routine.risk_model).toMatchObject({ raised: false });
    expect(routine.risk_model?.probability).toBeLessThan(0.731);
  });

  it('stays silent where the rules set risk words aside on purpose', () => {
    const negated = triage("I'm not suicidal, just tired of rejections");
    expect(negated.risk_model?.probability).toBeGreaterThan(0.731);
    expect(negated.risk_model?.raised).toBe(false);
    expect(negated.tier).not.toBe('urgent');
  });
});

describe('robustness and cost', () => {
  it('handles empty, symbol-only and 100k-character input', () => {
    expect(triage('').tier).toBe('routine');
    expect(triage('🙂🙂🙂 ... !!!').tier).toBe('none');
    const long = 'I keep applying for jobs and hearing nothing back. '.repeat(2000);
    const result = triage(`${long} I took 40 paracetamol.`);
    expect(result.tier).toBe('crisis');
  });

  it('costs grow linearly with text length', () => {
    const unit = 'My interview is on Thursday and this job search is killing me, any tips? ';
    const time = (repeats: number) => {
      const text = unit.repeat(repeats);
      const start = performance.now();
      for (let i = 0; i < 3; i++) triage(text);
      return performance.now() - start;
    };
    time(100);
    const small = time(200);
    const large = time(1600);
    // Eight times the text should cost about eight times as much; quadratic would be 64.
    expect(large / small).toBeLessThan(24);
  });

  it('carries nothing from one message to the next (each engine reuses its working arrays)', () => {
    const texts = [
      "I've taken 30 sertraline and I feel dizzy",
      'ok thanks 👍',
      'never had thoughts of ending my life, just tired of rejections',
      'kill '.repeat(300),
      "I'm not going to do anything tonight but I have the pills ready for when mum leaves on Sunday",
    ];
    const fresh = texts.map((text) => JSON.stringify(createTriageEngine(defaultRules).triage(text)));
    const shared = createTriageEngine(defaultRules);
    const forwards = texts.map((text) => JSON.stringify(shared.triage(text)));
    const backwards = [...texts].reverse().map((text) => JSON.stringify(shared.triage(text)));
    expect(forwards).toEqual(fresh);
    expect(backwards.reverse()).toEqual(fresh);
  });

  it('refuses an invalid rules file with a clear error', () => {
    expect(() => createTriageEngine({ ...defaultRules, version: '' })).toThrow(TriageRulesError);
    const broken = structuredClone(defaultRules) as { rules: { patterns: string[] }[] };
    (broken.rules[0] as { patterns: string[] }).patterns = ['~2 kill myself'];
    expect(() => createTriageEngine(broken)).toThrow(/must start with/);
    const phraseInSet = structuredClone(defaultRules) as { sets: Record<string, string[]> };
    phraseInSet.sets.height = [...(phraseInSet.sets.height ?? []), 'car park'];
    expect(() => createTriageEngine(phraseInSet)).toThrow(/sets\.height\.\d+: A set holds single words/);
  });
});

describe('the development corpus', () => {
  const messages = developmentCorpora().flatMap(readCorpus);

  it('is large and varied enough to mean something', () => {
    expect(messages.length).toBeGreaterThanOrEqual(400);
    expect(messages.filter((m) => m.hard_negative).length).toBeGreaterThanOrEqual(80);
    expect(
      messages.filter((m) => m.indirect && (m.tier === 'crisis' || m.tier === 'urgent')).length,
    ).toBeGreaterThanOrEqual(60);
    for (const message of messages) {
      expect(message.cssrs_level !== null).toBe(message.categories.includes('self_harm'));
    }
  });

  it('meets the issue targets', () => {
    const report = evaluateTriage(engine, messages);
    expect(report.crisis_recall).toBeGreaterThanOrEqual(0.97);
    expect(report.crisis_precision).toBeGreaterThanOrEqual(0.85);
    expect(report.under_triage_crisis_urgent).toBeLessThanOrEqual(0.03);
    expect(report.hard_negatives_above_priority).toBe(0);
  });
});
