import { useEffect, useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { ModalDialog } from '../../ui/ModalDialog.tsx';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import './licences.css';

/** The shape of thirdPartyLicences.json, written by `npm run licences`. */
interface LicenceEntry {
  name: string;
  version: string;
  licence: string;
  shippedAs: 'app' | 'interface' | 'runtime';
  text: string | null;
}

type NoticeState =
  { status: 'loading' } | { status: 'ready'; packages: LicenceEntry[] } | { status: 'failed' };

/** Settings › About: a button that opens the licences of Outpost, its data and its libraries. */
export function LicencesButton() {
  const [isOpen, setOpen] = useState(false);
  return (
    <>
      <Button className="button" onPress={() => setOpen(true)}>
        Licences and credits
      </Button>
      <ModalDialog title="Licences and credits" isOpen={isOpen} onOpenChange={setOpen} size="wide">
        <LicencesView />
        <div className="button-row button-row-end">
          <Button className="button" slot="close">
            Close
          </Button>
        </div>
      </ModalDialog>
    </>
  );
}

/** Outpost's licence, the GoEmotions credit, and every third-party library shipped with its licence. */
export function LicencesView() {
  const listId = useId();
  const [notice, setNotice] = useState<NoticeState>({ status: 'loading' });
  useEffect(() => {
    let isStale = false;
    // A quarter of a megabyte of licence texts: loaded only when someone asks to read them.
    import('./thirdPartyLicences.json').then(
      (module) => {
        if (!isStale) setNotice({ status: 'ready', packages: module.default.packages as LicenceEntry[] });
      },
      () => {
        if (!isStale) setNotice({ status: 'failed' });
      },
    );
    return () => {
      isStale = true;
    };
  }, []);

  return (
    <div className="licences" data-testid="licences">
      <section className="licence-section">
        <h3>Outpost</h3>
        <p>Outpost is free software under the Apache License 2.0.</p>
      </section>
      <section className="licence-section" data-testid="goemotions-credit">
        <h3>Emotion model data: GoEmotions</h3>
        <p>
          The emotion model in Writing help was trained on GoEmotions: Dorottya Demszky, Dana
          Movshovitz-Attias, Jeongwoo Ko, Alan Cowen, Gaurav Nemade and Sujith Ravi (2020), “GoEmotions: A
          Dataset of Fine-Grained Emotions”, Proceedings of ACL 2020. © Google. Used under the Creative
          Commons Attribution 4.0 International licence (CC BY 4.0).
        </p>
        <p>
          Changes: the comments were used to fit a small linear model of words and word parts; the dataset
          itself is not included in Outpost.
        </p>
        <p className="licence-addresses">
          Licence: <span className="path">creativecommons.org/licenses/by/4.0</span>
          <br />
          Dataset:{' '}
          <span className="path">github.com/google-research/google-research/tree/master/goemotions</span>
        </p>
      </section>
      <section className="licence-section" aria-labelledby={listId}>
        <h3 id={listId}>Open-source libraries</h3>
        {notice.status === 'loading' && <PendingBar label="Loading the list of libraries…" />}
        {notice.status === 'failed' && <ErrorNotice>The list of libraries could not be loaded.</ErrorNotice>}
        {notice.status === 'ready' && (
          <>
            <p>
              Outpost ships {notice.packages.length} open-source packages, each under its own licence.
              Electron also carries the licences of Chromium and its other components in its own files.
            </p>
            <ul className="licence-list">
              {notice.packages.map((entry) => (
                <li key={`${entry.name}@${entry.version}`}>
                  <details>
                    <summary>
                      <span className="licence-name">{entry.name}</span> {entry.version}{' '}
                      <span className="muted">({entry.licence})</span>
                    </summary>
                    {entry.text === null ? (
                      <p className="muted">
                        The package carries no licence file; its licence is {entry.licence}.
                      </p>
                    ) : (
                      <pre className="licence-text">{entry.text}</pre>
                    )}
                  </details>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </div>
  );
}
