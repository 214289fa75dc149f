import { useId } from 'react';
import type { Slot } from '../../../api/client';
import { localTime, longDate, zoneName } from '../../../lib/format';

/**
 * A day's free times as buttons named by their local start ("09:30"), in the barber's zone. A time
 * taken by someone else leaves the list the moment its change arrives (the slots come from the
 * query cache the live feed updates).
 */
export function SlotPicker({
  slots,
  day,
  timeZone,
  selectedId,
  onSelect,
  now = new Date(),
}: {
  slots: Slot[];
  day: string;
  timeZone: string;
  selectedId: string | null;
  onSelect: (slot: Slot) => void;
  now?: Date;
}) {
  const headingId = useId();
  const free = freeTimes(slots, now);
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>
        Free times on {longDate(day)} <span className="muted">({zoneName(timeZone)})</span>
      </h2>
      {free.length === 0 ? (
        <p>No free times left on this day. Try another day.</p>
      ) : (
        <ul className="times" aria-label="Free times">
          {free.map((slot) => (
            <li key={slot.id}>
              <button type="button" className="time" aria-pressed={slot.id === selectedId} onClick={() => onSelect(slot)}>
                {localTime(slot.startsAt, timeZone)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function freeTimes(slots: Slot[], now: Date): Slot[] {
  return slots.filter((slot) => slot.status === 'available' && new Date(slot.startsAt).getTime() > now.getTime());
}
