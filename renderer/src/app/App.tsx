import { useRef, useState } from 'react';
import { Link, Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import type { Key } from 'react-aria-components';
import { FIRST_SECTION, SECTIONS, isSectionId } from './sections.ts';
import type { SectionId } from './sections.ts';
import { shortcutDescription, shortcutHint } from './platform.ts';
import { useSectionShortcuts } from './useSectionShortcuts.ts';
import { StatusBar } from './StatusBar.tsx';
import './app.css';

const MAIN_CONTENT_ID = 'main-content';

export function App() {
  const [selectedSection, setSelectedSection] = useState<SectionId>(FIRST_SECTION);
  const mainRef = useRef<HTMLElement>(null);
  const tabElements = useRef(new Map<SectionId, HTMLElement>());

  useSectionShortcuts((section) => {
    setSelectedSection(section);
    // Focus follows the jump so arrow keys keep working and screen readers announce the section.
    tabElements.current.get(section)?.focus();
  });

  function handleSelectionChange(key: Key): void {
    if (isSectionId(key)) setSelectedSection(key);
  }

  return (
    <div className="app-frame">
      <Link className="skip-link" href={`#${MAIN_CONTENT_ID}`} onPress={() => mainRef.current?.focus()}>
        Skip to content
      </Link>

      <header className="app-header">
        <p className="app-name">Outpost</p>
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
