import type { Note } from '../../../../shared/rpc/recordSchemas.std.ts';
import { MODALITY_LABELS } from '../clients/recordText.ts';
import { formatDayTime } from '../clients/dates.ts';

export interface TemplateSection {
  key: string;
  label: string;
  hint: string;
}

export interface NoteTemplateInfo {
  key: string;
  name: string;
  sections: TemplateSection[];
}

/** The template's sections, or the note's own keys if its template is no longer known. */
export function sectionsOf(note: Note, templates: readonly NoteTemplateInfo[]): TemplateSection[] {
  const template = templates.find((candidate) => candidate.key === note.templateKey);
  if (template !== undefined) return template.sections;
  return Object.keys(note.content).map((key) => ({ key, label: key.replaceAll('_', ' '), hint: '' }));
}

export function templateName(key: string, templates: readonly NoteTemplateInfo[]): string {
  return templates.find((template) => template.key === key)?.name ?? 'Session';
}

/** "Email, written · 12 Mar 2025, 10:30 · 50 min" */
export function sessionFacts(note: Note): string {
  const parts = [
    `${MODALITY_LABELS[note.modality]}, ${note.synchronous ? 'live' : 'written'}`,
    formatDayTime(note.sessionAt),
  ];
  if (note.durationMinutes !== null) parts.push(`${note.durationMinutes} min`);
  return parts.join(' · ');
}

/** The first characters of the signed content's SHA-256: enough to compare two copies by eye. */
export function hashPrefix(hash: string | null): string {
  return hash === null ? '' : hash.slice(0, 12);
}
