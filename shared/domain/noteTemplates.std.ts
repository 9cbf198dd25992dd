/** Session-note structures in common use; practitioners can add their own. */
export interface NoteSection {
  key: string;
  label: string;
  hint: string;
}

export interface NoteTemplate {
  key: string;
  name: string;
  sections: NoteSection[];
}

export const BUILTIN_NOTE_TEMPLATES: readonly NoteTemplate[] = [
  {
    key: 'dap',
    name: 'DAP',
    sections: [
      { key: 'data', label: 'Data', hint: 'What the client said and what you observed.' },
      { key: 'assessment', label: 'Assessment', hint: 'Your professional reading of the situation.' },
      { key: 'plan', label: 'Plan', hint: 'Next steps, tasks and the next contact.' },
    ],
  },
  {
    key: 'soap',
    name: 'SOAP',
    sections: [
      { key: 'subjective', label: 'Subjective', hint: "The client's own account, in their words." },
      { key: 'objective', label: 'Objective', hint: 'Observable facts: attendance, materials, results.' },
      { key: 'assessment', label: 'Assessment', hint: 'Your analysis.' },
      { key: 'plan', label: 'Plan', hint: 'What happens next.' },
    ],
  },
  {
    key: 'birp',
    name: 'BIRP',
    sections: [
      { key: 'behaviour', label: 'Behaviour', hint: 'Presentation and what the client brought.' },
      { key: 'intervention', label: 'Intervention', hint: 'What you did.' },
      { key: 'response', label: 'Response', hint: 'How the client responded.' },
      { key: 'plan', label: 'Plan', hint: 'Next steps.' },
    ],
  },
  {
    key: 'cip',
    name: 'CIP career session (CASVE)',
    sections: [
      {
        key: 'communication',
        label: 'Communication',
        hint: 'The gap the client is aware of and how it feels.',
      },
      { key: 'analysis', label: 'Analysis', hint: 'Self-knowledge and options knowledge explored.' },
      { key: 'synthesis', label: 'Synthesis', hint: 'Options widened, then narrowed.' },
      { key: 'valuing', label: 'Valuing', hint: 'Costs and benefits for self and significant others.' },
      { key: 'execution', label: 'Execution', hint: 'The plan and its first steps.' },
      { key: 'readiness', label: 'Readiness', hint: 'Capability and complexity today.' },
      { key: 'next_steps', label: 'Next steps', hint: 'Agreed actions and the next contact.' },
    ],
  },
  {
    key: 'crisis',
    name: 'Crisis contact',
    sections: [
      { key: 'risk_level', label: 'Risk level', hint: 'Assessed risk and what it rests on.' },
      {
        key: 'safety_plan',
        label: 'Safety plan',
        hint: 'Warning signs, coping steps, people and places, contacts.',
      },
      { key: 'actions', label: 'Actions taken', hint: 'What you did, with times.' },
      { key: 'referrals', label: 'Referrals', hint: 'Services contacted or recommended.' },
    ],
  },
];
