/** Words for the emotion model's output, for people. */

export const SENTIMENT_TEXT: Record<string, string> = {
  positive: 'Positive',
  negative: 'Negative',
  ambiguous: 'Mixed',
  neutral: 'Neutral',
};

export function labelText(label: string): string {
  return label.charAt(0).toUpperCase() + label.slice(1);
}

export function percent(score: number): string {
  return `${Math.round(score * 100)}%`;
}
