import {
  Button,
  Calendar,
  CalendarCell,
  CalendarGrid,
  DateInput,
  DatePicker,
  DateSegment,
  Dialog,
  FieldError,
  Group,
  Heading,
  Label,
  Popover,
  Text,
} from 'react-aria-components';
import type { DateValue } from 'react-aria-components';
import type { ReactNode } from 'react';
import { ChevronDownIcon, ChevronLeftIcon, ChevronRightIcon } from './icons.tsx';
import { RequiredMark } from './TextInputField.tsx';
import './widgets.css';

interface DatePickerFieldProps<T extends DateValue> {
  label: string;
  value: T | null;
  onChange: (value: T | null) => void;
  /** 'day' for a date, 'minute' for a date and time. */
  granularity?: 'day' | 'minute';
  description?: ReactNode;
  errorMessage?: string | null;
  isRequired?: boolean;
  minValue?: DateValue;
  maxValue?: DateValue;
}

/**
 * A date (or date and time) typed segment by segment or picked from a calendar. Typing
 * works with the keyboard alone; the calendar button is there for those who prefer it.
 */
export function DatePickerField<T extends DateValue>({
  label,
  value,
  onChange,
  granularity = 'day',
  description,
  errorMessage = null,
  isRequired = false,
  minValue,
  maxValue,
}: DatePickerFieldProps<T>) {
  return (
    <DatePicker<T>
      className="field"
      value={value}
      // A picker keeps the kind of value it was given (a date stays a date).
      onChange={(next) => onChange(next as T | null)}
      granularity={granularity}
      hourCycle={24}
      isInvalid={errorMessage !== null}
      isRequired={isRequired}
      validationBehavior="aria"
      {...(minValue === undefined ? {} : { minValue })}
      {...(maxValue === undefined ? {} : { maxValue })}
    >
      <Label className="field-label">
        {label}
        {isRequired && <RequiredMark />}
      </Label>
      <Group className="date-group">
        <DateInput className="date-input">
          {(segment) => <DateSegment segment={segment} className="date-segment" />}
        </DateInput>
        <Button className="icon-button" aria-label={`Choose the “${label}” date from a calendar`}>
          <ChevronDownIcon />
        </Button>
      </Group>
      {description !== undefined && (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      )}
      <FieldError className="field-error">{errorMessage}</FieldError>
      <Popover className="popover">
        <Dialog className="calendar-dialog" aria-label={label}>
          <Calendar className="calendar">
            <header>
              <Button slot="previous" className="icon-button" aria-label="Previous month">
                <ChevronLeftIcon />
              </Button>
              <Heading />
              <Button slot="next" className="icon-button" aria-label="Next month">
                <ChevronRightIcon />
              </Button>
            </header>
            <CalendarGrid>{(date) => <CalendarCell date={date} className="calendar-cell" />}</CalendarGrid>
          </Calendar>
        </Dialog>
      </Popover>
    </DatePicker>
  );
}
