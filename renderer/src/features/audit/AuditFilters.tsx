import {
  Button,
  Input,
  Label,
  ListBox,
  Popover,
  Select,
  SelectValue,
  TextField,
} from 'react-aria-components';
import type { DateValue, Key } from 'react-aria-components';
import type { AuditAction, AuditFilter } from '../../../../shared/rpc/contract.std.ts';
import { ChevronDownIcon } from '../../ui/icons.tsx';
import { DatePickerField } from '../../ui/DatePickerField.tsx';
import { OptionItem } from '../../ui/SelectField.tsx';
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS_IN_ORDER } from './auditText.ts';

export interface AuditFilterDraft {
  from: DateValue | null;
  to: DateValue | null;
  actions: AuditAction[];
  clientId: string;
}

export const EMPTY_FILTER_DRAFT: AuditFilterDraft = { from: null, to: null, actions: [], clientId: '' };

const ACTION_OPTIONS = AUDIT_ACTIONS_IN_ORDER.map((action) => ({
  id: action,
  label: AUDIT_ACTION_LABELS[action],
}));

function isAuditAction(key: Key): key is AuditAction {
  return typeof key === 'string' && Object.hasOwn(AUDIT_ACTION_LABELS, key);
}

/** Midnight at the start of that day, where the counsellor is. */
function startOfLocalDay(date: DateValue): Date {
  return new Date(date.year, date.month - 1, date.day);
}

/** The dates are whole local days: "to" includes everything up to that day's last millisecond. */
export function filterFromDraft(draft: AuditFilterDraft): AuditFilter {
  const filter: AuditFilter = {};
  if (draft.from !== null) filter.from = startOfLocalDay(draft.from).toISOString();
  if (draft.to !== null) {
    const end = startOfLocalDay(draft.to);
    end.setDate(end.getDate() + 1);
    filter.to = new Date(end.getTime() - 1).toISOString();
  }
  if (draft.actions.length > 0) filter.actions = draft.actions;
  const clientId = draft.clientId.trim();
  if (clientId !== '') filter.clientId = clientId;
  return filter;
}

export function isFilterActive(filter: AuditFilter): boolean {
  return Object.keys(filter).length > 0;
}

interface AuditFiltersProps {
  draft: AuditFilterDraft;
  onChange: (draft: AuditFilterDraft) => void;
}

export function AuditFilters({ draft, onChange }: AuditFiltersProps) {
  const isEmpty =
    draft.from === null && draft.to === null && draft.actions.length === 0 && draft.clientId.trim() === '';
  const datesReversed = draft.from !== null && draft.to !== null && draft.from.compare(draft.to) > 0;

  return (
    <div className="audit-filters" role="group" aria-label="Filters">
      <DatePickerField label="From" value={draft.from} onChange={(from) => onChange({ ...draft, from })} />
      <DatePickerField
        label="To"
        value={draft.to}
        onChange={(to) => onChange({ ...draft, to })}
        errorMessage={datesReversed ? 'This is before the “From” date.' : null}
      />
      <Select
        className="field"
        selectionMode="multiple"
        value={draft.actions}
        onChange={(keys) => onChange({ ...draft, actions: keys.filter(isAuditAction) })}
        placeholder="All actions"
      >
        <Label className="field-label">Actions</Label>
        <Button className="select-button">
          <SelectValue>
            {({ isPlaceholder, selectedText }) =>
              isPlaceholder
                ? 'All actions'
                : draft.actions.length === 1
                  ? selectedText
                  : `${draft.actions.length} actions`
            }
          </SelectValue>
          <ChevronDownIcon />
        </Button>
        <Popover className="popover">
          <ListBox className="list-box" items={ACTION_OPTIONS}>
            {(option) => <OptionItem id={option.id} label={option.label} />}
          </ListBox>
        </Popover>
      </Select>
      <TextField
        className="field"
        value={draft.clientId}
        onChange={(clientId) => onChange({ ...draft, clientId })}
        maxLength={100}
        autoComplete="off"
      >
        <Label className="field-label">Client id</Label>
        <Input className="input input-client" spellCheck={false} placeholder="Any client" />
      </TextField>
      <Button
        className="button clear-filters"
        onPress={() => onChange(EMPTY_FILTER_DRAFT)}
        isDisabled={isEmpty}
      >
        Clear filters
      </Button>
    </div>
  );
}
