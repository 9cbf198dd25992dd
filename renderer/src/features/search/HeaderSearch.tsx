import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type { FocusEvent } from 'react';
import {
  Autocomplete,
  Button,
  Collection,
  Header,
  Input,
  ListBox,
  ListBoxItem,
  ListBoxSection,
  SearchField,
} from 'react-aria-components';
import type { Key } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import {
  RECORD_SHORTCUTS,
  isInDialog,
  isTypingTarget,
  shortcutAria,
  shortcutLabel,
  useShortcut,
} from '../../app/shortcuts.ts';
import type { MethodOutput } from '../../../../shared/rpc/contract.std.ts';
import { CloseIcon, NoteIcon, PersonIcon, SearchIcon } from '../../ui/recordIcons.tsx';
import { openClient } from '../clients/clientSelection.ts';
import { hasMarks, markQueryWords, plainSnippet, renderSnippet } from './snippet.tsx';
import './search.css';

type SearchHit = MethodOutput<'search.query'>['hits'][number];

/** Typing pauses this long before the vault is searched. */
const SEARCH_DELAY_MS = 250;
const RESULT_LIMIT = 30;

const GROUPS = [
  { kind: 'client', title: 'Clients' },
  { kind: 'note', title: 'Session notes' },
] as const;

type SearchState =
  | { status: 'idle' }
  | { status: 'searching'; query: string }
  | { status: 'done'; query: string; hits: SearchHit[] }
  | { status: 'failed'; query: string; message: string };

/** What the vault answered for one query. */
type SearchAnswer = { query: string; hits: SearchHit[] } | { query: string; message: string };

function searchState(query: string, answer: SearchAnswer | null): SearchState {
  if (query === '') return { status: 'idle' };
  if (answer === null || answer.query !== query) return { status: 'searching', query };
  return 'hits' in answer
    ? { status: 'done', query, hits: answer.hits }
    : { status: 'failed', query, message: answer.message };
}

function hitKey(hit: SearchHit): string {
  return `${hit.kind}:${hit.refId}`;
}

/**
 * Searches client records and session notes as you type. Results are grouped by kind;
 * the arrow keys move through them while typing continues, Enter or a click opens one.
 */
export function HeaderSearch() {
  const [text, setText] = useState('');
  const [isOpen, setOpen] = useState(false);
  const [answer, setAnswer] = useState<SearchAnswer | null>(null);
  const [clientNames, setClientNames] = useState<ReadonlyMap<string, string>>(new Map());
  const inputRef = useRef<HTMLInputElement>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const query = text.trim();
  const search = searchState(query, answer);

  useShortcut(RECORD_SHORTCUTS.search, focusSearch);
  const focusFromSlash = useEffectEvent(focusSearch);
  useEffect(() => {
    function handleSlash(event: KeyboardEvent): void {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented)
        return;
      if (isTypingTarget(event.target) || isInDialog(event.target)) return;
      event.preventDefault();
      focusFromSlash();
    }
    window.addEventListener('keydown', handleSlash);
    return () => window.removeEventListener('keydown', handleSlash);
  }, []);

  useEffect(() => {
    if (query === '') return;
    let isStale = false;
    const timer = setTimeout(() => {
      outpost.call('search.query', { text: query, kinds: ['client', 'note'], limit: RESULT_LIMIT }).then(
        ({ hits }) => {
          if (!isStale) setAnswer({ query, hits });
        },
        (error: unknown) => {
          if (!isStale) setAnswer({ query, message: failureMessage(error) });
        },
      );
    }, SEARCH_DELAY_MS);
    return () => {
      isStale = true;
      clearTimeout(timer);
    };
  }, [query]);

  // Note hits carry only a client id; the names make them recognisable.
  const hasNoteHits = answer !== null && 'hits' in answer && answer.hits.some((hit) => hit.kind === 'note');
  useEffect(() => {
    if (!hasNoteHits) return;
    let isStale = false;
    outpost.call('clients.list', { status: 'all', limit: 1000 }).then(
      ({ clients }) => {
        if (!isStale) setClientNames(new Map(clients.map((client) => [client.id, client.displayName])));
      },
      () => undefined,
    );
    return () => {
      isStale = true;
    };
  }, [hasNoteHits, answer]);

  function focusSearch(): void {
    inputRef.current?.focus();
    inputRef.current?.select();
    setOpen(true);
  }

  function openHit(hit: SearchHit): void {
    setOpen(false);
    if (hit.kind === 'client') openClient(hit.refId);
    else if (hit.kind === 'note' && hit.clientId !== null)
      openClient(hit.clientId, { tab: 'sessions', noteId: hit.refId });
  }

  function handleAction(key: Key): void {
    if (search.status !== 'done') return;
    const hit = search.hits.find((candidate) => hitKey(candidate) === key);
    if (hit !== undefined) openHit(hit);
  }

  function handleBlur(event: FocusEvent<HTMLDivElement>): void {
    if (!containerRef.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
  }

  // While a new answer is on its way the previous one stays, so the list does not flicker as you type.
  const shown = answer !== null && 'hits' in answer && query !== '' ? answer : null;
  const hits = shown?.hits ?? [];
  const groups = GROUPS.map((group) => ({
    ...group,
    hits: hits.filter((hit) => hit.kind === group.kind),
  })).filter((group) => group.hits.length > 0);
  const showResults = isOpen && query !== '';

  return (
    <div className="header-search" ref={containerRef} onBlur={handleBlur} role="search">
      <Autocomplete
        inputValue={text}
        onInputChange={(value) => {
          setText(value);
          setOpen(true);
          // An emptied box forgets the last answer, so the same words later are searched afresh.
          if (value.trim() === '') setAnswer(null);
        }}
      >
        <SearchField
          className="header-search-field"
          aria-label="Search clients and notes"
          aria-keyshortcuts={`${shortcutAria(RECORD_SHORTCUTS.search)} /`}
          onFocus={() => setOpen(true)}
          onClear={() => setOpen(false)}
        >
          <SearchIcon />
          <Input ref={inputRef} className="header-search-input" placeholder="Search clients and notes" />
          <Button className="icon-button search-clear" aria-label="Clear search">
            <CloseIcon />
          </Button>
          <kbd className="shortcut header-search-hint" aria-hidden="true">
            {shortcutLabel(RECORD_SHORTCUTS.search)}
          </kbd>
        </SearchField>
        <p className="visually-hidden" aria-live="polite">
          {search.status === 'done' && showResults
            ? `${search.hits.length === 0 ? 'No' : search.hits.length} ${search.hits.length === 1 ? 'result' : 'results'}`
            : ''}
        </p>
        {showResults && (
          <div className="search-results" data-testid="search-results">
            {search.status === 'searching' && <p className="search-status">Searching…</p>}
            {search.status === 'failed' && (
              <p className="search-status search-failed" role="alert">
                {search.message}
              </p>
            )}
            {search.status === 'done' && search.hits.length === 0 && (
              <p className="search-status">
                Nothing matches &ldquo;{search.query}&rdquo;. Search looks at client names, channels, tags and
                readiness notes, and at the text of session notes and addenda.
              </p>
            )}
            {groups.length > 0 && (
              <ListBox
                className="search-list"
                aria-label="Search results"
                items={groups}
                // Rendered results are cached per item; these values are read while rendering them.
                dependencies={[clientNames, shown]}
                onAction={handleAction}
              >
                {(group) => (
                  <ListBoxSection id={group.kind} className="search-group">
                    <Header className="search-group-header">
                      {group.kind === 'client' ? <PersonIcon /> : <NoteIcon />}
                      {group.title}
                    </Header>
                    <Collection items={group.hits} dependencies={[clientNames, shown]}>
                      {(hit) => (
                        <ListBoxItem
                          id={hitKey(hit)}
                          className="search-hit"
                          textValue={`${hit.title}. ${plainSnippet(hit.snippet)}`}
                        >
                          <span className="search-hit-title">
                            {hasMarks(hit.snippet) || shown === null
                              ? hit.title
                              : markQueryWords(hit.title, shown.query)}
                            {hit.kind === 'note' &&
                              hit.clientId !== null &&
                              clientNames.has(hit.clientId) && (
                                <span className="muted"> · {clientNames.get(hit.clientId)}</span>
                              )}
                          </span>
                          {hit.snippet.trim() !== '' && (
                            <span className="search-hit-snippet" data-testid="search-snippet">
                              {renderSnippet(hit.snippet)}
                            </span>
                          )}
                        </ListBoxItem>
                      )}
                    </Collection>
                  </ListBoxSection>
                )}
              </ListBox>
            )}
          </div>
        )}
      </Autocomplete>
    </div>
  );
}
