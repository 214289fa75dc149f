import type { ReactNode } from 'react';
import { addDays, isCalendarDate } from '../../lib/format';

/**
 * A day chosen with a date field and "Previous day" / "Next day" (DESIGN §12); none before `min`
 * when given. `children` follow the buttons in the same group (e.g. a "Today" link).
 */
export function DayNav({
  day,
  min,
  onChange,
  label = 'Choose a day',
  children,
}: {
  day: string;
  min?: string;
  onChange: (day: string) => void;
  label?: string;
  children?: ReactNode;
}) {
  return (
    <div className="day-nav" role="group" aria-label={label}>
      <button type="button" onClick={() => onChange(addDays(day, -1))} disabled={min !== undefined && day <= min}>
        Previous day
      </button>
      <label className="day-field">
        <span className="visually-hidden">Day</span>
        <input
          type="date"
          value={day}
          min={min}
          onChange={(event) => {
            if (isCalendarDate(event.target.value)) onChange(event.target.value);
          }}
        />
      </label>
      <button type="button" onClick={() => onChange(addDays(day, 1))}>
        Next day
      </button>
      {children}
    </div>
  );
}
