import { useId } from 'react';
import { Checkbox } from 'react-aria-components';
import {
  isSafetyChecklistComplete,
  SAFETY_CHECKLIST_ITEMS,
} from '../../../../shared/domain/safetyChecklist.std.ts';
import type { SafetyChecklistItemId } from '../../../../shared/domain/safetyChecklist.std.ts';
import { CheckIcon } from '../../ui/icons.tsx';
import './writingHelp.css';

export type SafetyChecklistValue = Record<SafetyChecklistItemId, boolean>;

interface SafetyChecklistProps {
  /** From `replyNeedsSafetyChecklist(triage)`; nothing is shown when false. */
  needed: boolean;
  /** Ticked items; a missing id counts as not ticked. */
  value: Partial<Record<SafetyChecklistItemId, boolean>>;
  /** Every item's state after a change. */
  onChange: (value: SafetyChecklistValue) => void;
}

/** The items a reply to a risk message must cover, each with why it matters. */
export function SafetyChecklist({ needed, value, onChange }: SafetyChecklistProps) {
  const headingId = useId();
  const idPrefix = useId();
  if (!needed) return null;
  const done = SAFETY_CHECKLIST_ITEMS.filter((item) => value[item.id] === true).length;
  const complete = isSafetyChecklistComplete(value);
  const toggle = (id: SafetyChecklistItemId, isSelected: boolean) => {
    const next = Object.fromEntries(
      SAFETY_CHECKLIST_ITEMS.map((item) => [item.id, item.id === id ? isSelected : value[item.id] === true]),
    ) as SafetyChecklistValue;
    onChange(next);
  };
  return (
    <section
      className="writing-panel safety-checklist"
      aria-labelledby={headingId}
      data-testid="safety-checklist"
      data-complete={complete}
    >
      <h3 id={headingId}>Safety checklist</h3>
      <p className="safety-status" role="status">
        {complete
          ? 'All done: the reply can be marked ready.'
          : `${done} of ${SAFETY_CHECKLIST_ITEMS.length} done. This message shows risk: the reply cannot be marked ready until every item is ticked.`}
      </p>
      <ul className="safety-items">
        {SAFETY_CHECKLIST_ITEMS.map((item) => {
          const whyId = `${idPrefix}-${item.id}`;
          return (
            <li key={item.id}>
              <Checkbox
                className="checkbox"
                isSelected={value[item.id] === true}
                onChange={(isSelected) => toggle(item.id, isSelected)}
                aria-describedby={whyId}
              >
                {({ isSelected }) => (
                  <>
                    <span className="checkbox-box">{isSelected && <CheckIcon />}</span>
                    <span>{item.label}</span>
                  </>
                )}
              </Checkbox>
              <p id={whyId} className="safety-why">
                {item.why}
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
