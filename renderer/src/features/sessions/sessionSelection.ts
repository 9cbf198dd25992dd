import { createSelectionStore } from '../../app/navigation.ts';

/** What the Sessions section has open; kept while another section is shown. */
export const sessionSelection = createSelectionStore<{ clientId: string | null; noteId: string | null }>({
  clientId: null,
  noteId: null,
});
