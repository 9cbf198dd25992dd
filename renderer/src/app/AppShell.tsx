import { useEffect, useRef, useState } from 'react';
import { Button, Link, Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import type { Key } from 'react-aria-components';
import { FIRST_SECTION, SECTIONS, isSectionId } from './sections.ts';
import type { SectionId } from './sections.ts';
import { shortcutDescription, shortcutHint } from './platform.ts';
import { useSectionShortcuts } from './useSectionShortcuts.ts';
import { StatusBar } from './StatusBar.tsx';
import { onShowSection, resetSelections } from './navigation.ts';
import { HeaderSearch } from '../features/search/HeaderSearch.tsx';
import { CrisisAlert } from '../features/crisis/CrisisAlert.tsx';
import { LockIcon } from '../ui/icons.tsx';
import { useLockShortcut } from '../vault/useLockShortcut.ts';
import { useVaultSession } from '../vault/vaultSession.ts';
import './app.css';

const MAIN_CONTENT_ID = 'main-content';
const LOCK_SHORTCUT_KEY = 'L';

/** The unlocked app: navigation, the sections and the status bar. Unmounted whenever the vault locks. */
export function AppShell() {
  const [selectedSection, setSelectedSection] = useState<SectionId>(FIRST_SECTION);
  const [lockFailed, setLockFailed] = useState(false);
  const frameRef = useRef<HTMLDivElement>(null);
  const mainRef = useRef<HTMLElement>(null);
  const tabElements = useRef(new Map<SectionId, HTMLElement>());
  const { lock } = useVaultSession();

  function lockNow(): void {
    setLockFailed(false);
    lock('manual').catch(() => setLockFailed(true));
  }
  useLockShortcut(lockNow);

  // Coming from the Unlock screen, focus was on a control that no longer exists; start at the
  // top of the app, as on a fresh window, so the first Tab reaches "Skip to content".
  useEffect(() => {
    if (document.activeElement === null || document.activeElement === document.body)
      frameRef.current?.focus();
  }, []);

  // A page asked for another section (a search result opens a client); what was open is forgotten on lock.
  useEffect(() => {
    const stopListening = onShowSection(setSelectedSection);
    return () => {
      stopListening();
      resetSelections();
    };
  }, []);

  useSectionShortcuts((section) => {
    setSelectedSection(section);
    // Focus follows the jump so arrow keys keep working and screen readers announce the section.
    tabElements.current.get(section)?.focus();
  });

  function handleSelectionChange(key: Key): void {
    if (isSectionId(key)) setSelectedSection(key);
  }

  return (
    <div className="app-frame" ref={frameRef} tabIndex={-1}>
      <Link className="skip-link" href={`#${MAIN_CONTENT_ID}`} onPress={() => mainRef.current?.focus()}>
        Skip to content
      </Link>
      <CrisisAlert />

      <header className="app-header">
        <p className="app-name">Outpost</p>
        <HeaderSearch />
        {lockFailed && (
          <p role="alert" className="header-alert">
            The vault could not be locked. Close Outpost to be sure it is locked.
          </p>
        )}
        <Button
          className="button lock-button"
          onPress={lockNow}
          aria-keyshortcuts={shortcutDescription(LOCK_SHORTCUT_KEY).replace('Command', 'Meta')}
        >
          <LockIcon />
          Lock
          <kbd className="shortcut" aria-hidden="true">
            {shortcutHint(LOCK_SHORTCUT_KEY)}
          </kbd>
        </Button>
      </header>

      <Tabs
        className="app-body"
        orientation="vertical"
        selectedKey={selectedSection}
        onSelectionChange={handleSelectionChange}
      >
        <nav className="app-nav" aria-label="Main">
          <TabList className="nav-list" aria-label="Sections">
            {SECTIONS.map((section, index) => {
              const shortcutKey = String(index + 1);
              const descriptionId = `shortcut-${section.id}`;
              return (
                <Tab
                  key={section.id}
                  id={section.id}
                  className="nav-item"
                  aria-describedby={descriptionId}
                  ref={(element) => {
                    if (element === null) tabElements.current.delete(section.id);
                    else tabElements.current.set(section.id, element);
                  }}
                >
                  <span className="nav-label">{section.label}</span>
                  <kbd className="nav-shortcut" aria-hidden="true">
                    {shortcutHint(shortcutKey)}
                  </kbd>
                  <span id={descriptionId} hidden>
                    {shortcutDescription(shortcutKey)}
                  </span>
                </Tab>
              );
            })}
          </TabList>
        </nav>

        <main id={MAIN_CONTENT_ID} className="app-main" ref={mainRef} tabIndex={-1}>
          {SECTIONS.map(({ id, Page }) => (
            <TabPanel key={id} id={id} className="section-panel">
              <Page />
            </TabPanel>
          ))}
        </main>
      </Tabs>

      <StatusBar />
    </div>
  );
}
