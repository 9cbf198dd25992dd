import type { ConsentKind } from '../../../shared/domain/consent.std.ts';
import { DISTANCE_CHECKLIST } from '../../../shared/domain/consent.std.ts';

/** First versions of the consent texts; a service edits them into its own later versions. */
export const DEFAULT_CONSENT_TEMPLATES: Record<
  ConsentKind,
  { title: string; body: string; checklist: { key: string; label: string }[] }
> = {
  distance_counselling: {
    title: 'Informed consent for distance counselling',
    body: [
      'We will work together by the means you choose: email, chat, phone, video or social media.',
      'Distance counselling lets us meet when travel is hard and lets you write at your own pace. It also has limits: I cannot see you, messages can be misread, and replies are not instant.',
      'What you tell me is confidential. I must act without your agreement only when someone is at serious risk of harm, when a child or vulnerable adult is in danger, or when the law requires it.',
      'My notes are kept in an encrypted vault on my computer. Nobody else can open them.',
      'If you are in danger or crisis, contact emergency services or a crisis line straight away; do not wait for my reply.',
      'If the connection fails during a session, I will try to reach you by the other contact you gave me within 10 minutes.',
      'At the start of each contact I will check that I am speaking with you.',
    ].join('\n'),
    checklist: DISTANCE_CHECKLIST.map(({ key, label }) => ({ key, label })),
  },
  record_keeping: {
    title: 'Consent to keep records',
    body: 'I keep brief notes of our sessions so that I can follow your progress. They are encrypted, kept for the period our service requires, and you may ask to see or correct them.',
    checklist: [
      { key: 'purpose', label: 'Why notes are kept' },
      { key: 'access', label: 'How to see or correct them' },
      { key: 'retention', label: 'How long they are kept' },
    ],
  },
  team_sharing: {
    title: 'Consent to share session summaries with my team',
    body: 'With your agreement, I may share short, encrypted summaries of our sessions with colleagues in my team, for supervision and continuity of service. They are bound by the same confidentiality.',
    checklist: [
      { key: 'who', label: 'Who may receive summaries' },
      { key: 'what', label: 'What a summary contains' },
      { key: 'withdraw', label: 'How to withdraw this consent' },
    ],
  },
  social_media: {
    title: 'Consent to contact through social media',
    body: 'Social media platforms keep their own copies of messages and are not designed for confidential counselling. We will use them only for arranging contact, unless you agree otherwise.',
    checklist: [
      { key: 'platform_copies', label: 'The platform keeps its own copies' },
      { key: 'scope', label: 'What we will and will not discuss there' },
    ],
  },
  research: {
    title: 'Consent to use anonymised information for service evaluation',
    body: 'Counts and patterns without names (for example, how many people used email) help us improve the service. Nothing that identifies you is used.',
    checklist: [{ key: 'anonymised', label: 'Only anonymised figures are used' }],
  },
};
