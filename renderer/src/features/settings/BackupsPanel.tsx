import { useCallback, useEffect, useId, useState } from 'react';
import {
  Button,
  Cell,
  Column,
  Form,
  Input,
  Label,
  NumberField,
  Row,
  Table,
  TableBody,
  TableHeader,
  Text,
  TextField,
} from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import type { MethodOutput, VaultSettings } from '../../../../shared/rpc/contract.std.ts';
import { formatBytes, formatDateTimeShort } from '../../ui/format.ts';
import { ErrorNotice, StatusNotice } from '../../ui/Notice.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import type { SelectOption } from '../../ui/SelectField.tsx';
import { BackupNow } from './BackupNow.tsx';
import { RestoreBackupDialog } from './RestoreBackupDialog.tsx';
import { SettingsLoadState } from './SettingsLoadState.tsx';
import type { VaultSettingsHandle } from './useVaultSettings.ts';
import { VerifyBackupDialog } from './VerifyBackupDialog.tsx';
import './settings.css';

export type BackupSummary = MethodOutput<'backup.create'>;

const SCHEDULES: Record<string, number | null> = { off: null, daily: 24, weekly: 168 };

function scheduleKey(everyHours: number | null): string {
  const match = Object.entries(SCHEDULES).find(([, hours]) => hours === everyHours);
  return match?.[0] ?? String(everyHours);
}

function scheduleOptions(everyHours: number | null): SelectOption[] {
  const options: SelectOption[] = [
    { id: 'off', label: 'Off (only when I choose)' },
    { id: 'daily', label: 'Every day' },
    { id: 'weekly', label: 'Every week' },
  ];
  // A schedule set elsewhere (the command line) is shown as it is, not replaced.
  if (everyHours !== null && scheduleKey(everyHours) === String(everyHours)) {
    options.push({ id: String(everyHours), label: `Every ${everyHours} hours` });
  }
  return options;
}

function hoursFor(key: string): number | null {
  return key in SCHEDULES ? (SCHEDULES[key] ?? null) : Number(key);
}

export function BackupsPanel({ settings }: { settings: VaultSettingsHandle }) {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Backups</h2>
      <p className="panel-intro">
        A backup is an encrypted copy of your whole vault. Keep backups on another drive, so a lost or broken
        laptop does not take your records with it.
      </p>
      <SettingsLoadState state={settings.state} onRetry={settings.retry} />
      {settings.state.status === 'ready' && (
        <BackupsContent saved={settings.state.settings} save={settings.save} />
      )}
    </section>
  );
}

interface BackupsContentProps {
  saved: VaultSettings;
  save: (changes: Partial<VaultSettings>) => Promise<VaultSettings>;
}

function BackupsContent({ saved, save }: BackupsContentProps) {
  const [folder, setFolder] = useState(saved.backupFolder ?? '');
  const [schedule, setSchedule] = useState(scheduleKey(saved.backupEveryHours));
  const [keep, setKeep] = useState(saved.backupKeep);
  const [isSaving, setSaving] = useState(false);
  const [formNotice, setFormNotice] = useState<{ kind: 'saved' | 'failed' | 'info'; text: string } | null>(
    null,
  );
  const [backups, setBackups] = useState<BackupSummary[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [verifying, setVerifying] = useState<BackupSummary | null>(null);
  const [restoring, setRestoring] = useState<{ file: string | null } | null>(null);

  const trimmedFolder = folder.trim();
  const everyHours = hoursFor(schedule);
  const isDirty =
    trimmedFolder !== (saved.backupFolder ?? '') ||
    everyHours !== saved.backupEveryHours ||
    keep !== saved.backupKeep;

  const loadBackups = useCallback(async (): Promise<void> => {
    try {
      const listed = await outpost.call('backup.list', {});
      setBackups(listed.backups);
      setListError(null);
    } catch (error) {
      setListError(failureMessage(error));
    }
  }, []);

  useEffect(() => {
    let isStale = false;
    outpost.call('backup.list', {}).then(
      (listed) => {
        if (!isStale) setBackups(listed.backups);
      },
      (error: unknown) => {
        if (!isStale) setListError(failureMessage(error));
      },
    );
    return () => {
      isStale = true;
    };
  }, []);

  async function chooseFolder(): Promise<void> {
    setFormNotice(null);
    try {
      const { path } = await outpost.call('os.chooseFolder', { purpose: 'backup' });
      if (path === null) {
        setFormNotice({ kind: 'info', text: 'No folder was chosen. You can also type the folder’s path.' });
      } else {
        setFolder(path);
      }
    } catch (error) {
      setFormNotice({ kind: 'failed', text: failureMessage(error) });
    }
  }

  async function saveSettings(): Promise<void> {
    if (everyHours !== null && trimmedFolder === '') {
      setFormNotice({
        kind: 'failed',
        text: 'Choose a backup folder first, so scheduled backups have somewhere to go.',
      });
      return;
    }
    setSaving(true);
    setFormNotice(null);
    try {
      await save({
        backupFolder: trimmedFolder === '' ? null : trimmedFolder,
        backupEveryHours: everyHours,
        backupKeep: keep,
      });
      setFormNotice({ kind: 'saved', text: 'Backup settings saved.' });
      await loadBackups();
    } catch (error) {
      setFormNotice({ kind: 'failed', text: failureMessage(error) });
    } finally {
      setSaving(false);
    }
  }

  /** A backup goes to the folder shown; the list reads the saved folder, so save it first. */
  async function prepareFolder(): Promise<string> {
    if (trimmedFolder !== (saved.backupFolder ?? '')) await save({ backupFolder: trimmedFolder });
    return trimmedFolder;
  }

  return (
    <>
      <Form
        className="panel-section form-stack"
        aria-label="Backup settings"
        onSubmit={(event) => {
          event.preventDefault();
          void saveSettings();
        }}
      >
        <TextField
          className="field"
          value={folder}
          onChange={setFolder}
          autoComplete="off"
          isReadOnly={isSaving}
        >
          <Label className="field-label">Backup folder</Label>
          <div className="input-group">
            <Input className="input input-path" spellCheck={false} placeholder="No folder chosen yet" />
            <Button className="button" onPress={() => void chooseFolder()} isDisabled={isSaving}>
              Choose…
            </Button>
          </div>
          <Text slot="description" className="field-description">
            Best on an external drive or a folder your organisation backs up.
          </Text>
        </TextField>
        <div className="field-row">
          <SelectField
            label="Automatic backups"
            options={scheduleOptions(saved.backupEveryHours)}
            value={schedule}
            onChange={setSchedule}
            isDisabled={isSaving}
            description="Made while Outpost is unlocked."
          />
          <NumberField
            className="field"
            value={keep}
            onChange={(value) => setKeep(Number.isNaN(value) ? saved.backupKeep : value)}
            minValue={1}
            maxValue={365}
            step={1}
            isDisabled={isSaving || everyHours === null}
          >
            <Label className="field-label">Keep the newest</Label>
            <Input className="input input-number" />
            <Text slot="description" className="field-description">
              Older automatic backups are removed.
            </Text>
          </NumberField>
        </div>
        {formNotice?.kind === 'saved' && <StatusNotice tone="success">{formNotice.text}</StatusNotice>}
        {formNotice?.kind === 'info' && <StatusNotice>{formNotice.text}</StatusNotice>}
        {formNotice?.kind === 'failed' && <ErrorNotice>{formNotice.text}</ErrorNotice>}
        <div className="button-row">
          <Button type="submit" className="button" isDisabled={!isDirty} isPending={isSaving}>
            Save backup settings
          </Button>
        </div>
      </Form>

      <BackupNow folder={trimmedFolder} prepareFolder={prepareFolder} onBackedUp={() => void loadBackups()} />

      <div className="panel-section">
        <h3>Backups in the folder</h3>
        {listError !== null && <ErrorNotice>{listError}</ErrorNotice>}
        {backups !== null && (
          <div className="table-scroll">
            <Table aria-label="Backups in the folder" className="table" data-testid="backup-list">
              <TableHeader>
                <Column isRowHeader>Made</Column>
                <Column>Size</Column>
                <Column>Actions</Column>
              </TableHeader>
              <TableBody
                items={backups}
                renderEmptyState={() => (
                  <p className="table-empty">
                    {saved.backupFolder === null
                      ? 'No backup folder is set yet.'
                      : 'No backups in this folder yet.'}
                  </p>
                )}
              >
                {(backup) => (
                  <Row id={backup.file}>
                    <Cell className="nowrap">{formatDateTimeShort(backup.createdAt)}</Cell>
                    <Cell className="nowrap">{formatBytes(backup.bytes)}</Cell>
                    <Cell>
                      <div className="button-row">
                        <Button
                          className="button button-small"
                          onPress={() => setVerifying(backup)}
                          aria-label={`Verify the backup made ${formatDateTimeShort(backup.createdAt)}`}
                        >
                          Verify
                        </Button>
                        <Button
                          className="button button-small"
                          onPress={() => setRestoring({ file: backup.file })}
                          aria-label={`Restore the backup made ${formatDateTimeShort(backup.createdAt)}…`}
                        >
                          Restore…
                        </Button>
                      </div>
                    </Cell>
                  </Row>
                )}
              </TableBody>
            </Table>
          </div>
        )}
        <div className="button-row">
          <Button className="button" onPress={() => setRestoring({ file: null })}>
            Restore from a backup…
          </Button>
        </div>
      </div>

      <VerifyBackupDialog backup={verifying} onClose={() => setVerifying(null)} />
      <RestoreBackupDialog
        isOpen={restoring !== null}
        initialFile={restoring?.file ?? null}
        onClose={() => setRestoring(null)}
      />
    </>
  );
}
