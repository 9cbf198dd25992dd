import type { CalendarDate } from '@internationalized/date';
import { DatePickerField } from '../../ui/DatePickerField.tsx';
import { RadioChoice } from '../../ui/RadioChoice.tsx';
import { longDay } from './analyticsText.ts';
import { PRESETS } from './period.ts';
import type { DayRange, Preset } from './period.ts';

interface PeriodPickerProps {
  preset: Preset;
  onPresetChange: (preset: Preset) => void;
  range: DayRange;
  onRangeChange: (range: DayRange) => void;
  error: string | null;
  timeZone: string;
}

/** A preset period, or a first and last day (both included) typed or picked from a calendar. */
export function PeriodPicker({
  preset,
  onPresetChange,
  range,
  onRangeChange,
  error,
  timeZone,
}: PeriodPickerProps) {
  return (
    <div className="period-picker">
      <RadioChoice label="Period" options={PRESETS} value={preset} onChange={onPresetChange} isSegmented />
      {preset === 'custom' ? (
        <div className="period-dates">
          <DatePickerField<CalendarDate>
            label="First day"
            value={range.first}
            onChange={(first) => onRangeChange({ ...range, first })}
            errorMessage={null}
          />
          <DatePickerField<CalendarDate>
            label="Last day"
            value={range.last}
            onChange={(last) => onRangeChange({ ...range, last })}
            errorMessage={error}
            {...(range.first === null ? {} : { minValue: range.first })}
          />
        </div>
      ) : (
        range.first !== null &&
        range.last !== null && (
          <p className="period-summary" data-testid="analytics-period">
            {longDay(range.first.toString())} to {longDay(range.last.toString())}
            <span className="visually-hidden"> ({timeZone})</span>
          </p>
        )
      )}
    </div>
  );
}
