import { seededRandom } from '../demo/seededRandom.node.ts';

/**
 * Deterministic synthetic client messages for benchmarks: career-guidance sentences
 * with, now and then, distress, idioms, negations and risk phrases, 50–2,000 characters.
 */
const SENTENCES = [
  'Hi, I hope you are well and had a good weekend.',
  'I have been applying for warehouse and retail jobs near Inverness for three months.',
  'Could we book an appointment next week to go over my CV?',
  'My interview is on Thursday and I am really nervous about it.',
  'This job search is killing me, honestly.',
  "I'd kill for a place on that graduate scheme.",
  'I am not suicidal, just tired of rejections.',
  'My parents want me to do medicine but I want to train as an electrician.',
  'Is the apprenticeship funding still available for people over 25?',
  'I used to self-harm when I was at school but I am doing well now.',
  'I want to work in suicide prevention, what qualifications do I need?',
  'ngl idk what to do with my life rn 😭',
  'They asked me to pay a £200 training fee before I start, is that normal?',
  'Got the job!!! Thank you so much for all your help 🎉',
  'Please change my phone number on your records.',
  'I was made redundant in March and money is really tight.',
  "I can't sleep and I feel like I'm letting everyone down.",
  'My manager keeps shouting at me in front of customers.',
  "Sometimes I wish I just wouldn't wake up.",
  "I've got the tablets ready for tonight.",
  'The recruiter said I was too old for the role.',
  'Limited offer! Boost your website traffic with our SEO services.',
  'ok thanks 👍',
  'Crème brûlée shifts at the café are ending, what can I do next?',
];

export function syntheticMessages(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const messages: string[] = [];
  for (let index = 0; index < count; index++) {
    const target = 50 + Math.floor(random() * 1951);
    let message = '';
    while (message.length < target) {
      message += `${SENTENCES[Math.floor(random() * SENTENCES.length)]} `;
    }
    messages.push(message.slice(0, target));
  }
  return messages;
}

/** What a naive matcher would look for: risk words with no context at all. */
export const NAIVE_KEYWORDS = [
  'suicide',
  'suicidal',
  'kill myself',
  'kill',
  'die',
  'dead',
  'death',
  'overdose',
  'pills',
  'tablets',
  'self-harm',
  'self harm',
  'cut',
  'hang',
  'jump',
  'bridge',
  'knife',
  'gun',
  'abuse',
  'hit me',
  'rape',
  'threat',
  'stalk',
  'harass',
  'racist',
  'sexist',
  'discriminat',
  'scam',
  'fee',
  'bank details',
  'panic',
  'anxious',
  'depressed',
  'hopeless',
  'worthless',
  'appointment',
  'cv',
  'interview',
  'deadline',
  'thank',
  'redundan',
  'money',
  'visa',
  'unsubscribe',
  'offer',
  'help',
  'urgent',
  'tonight',
  'goodbye',
  'kms',
];
