import { useId } from 'react';
import type { Slot } from '../../api/client';
import { localTime, longDate, zoneName } from '../../lib/format';

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
  lengthMinutes,
  heading = 'Free times on',
  headingLevel = 2,
}: {
  slots: Slot[];
  day: string;
  timeZone: string;
  selectedId: string | null;
  onSelect: (slot: Slot) => void;
  /** Times starting at or before this are not offered (pass the earliest start the minimum notice allows). */
  now?: Date;
  /** Offer only starts followed by free slots covering this long (a booking being moved keeps its length). */
  lengthMinutes?: number;
  heading?: string;
  /** The level of the "Free times on …" heading where the picker sits (2 on a page of its own). */
  headingLevel?: 2 | 3 | 4;
}) {
  const headingId = useId();
  const free = freeTimes(slots, now, lengthMinutes);
  const Heading = `h${headingLevel}` as const;
  return (
    <section aria-labelledby={headingId}>
      <Heading id={headingId}>
        {heading} {longDate(day)} <span className="muted">({zoneName(timeZone)})</span>
      </Heading>
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

export function freeTimes(slots: Slot[], now: Date, lengthMinutes?: number): Slot[] {
  return slots.filter(
    (slot, index) => slot.status === 'available' && new Date(slot.startsAt).getTime() > now.getTime() && (!lengthMinutes || fits(slots, index, lengthMinutes)),
  );
}

/** Whether free slots back to back from `slots[index]` (slots in start order) cover `lengthMinutes`. */
function fits(slots: Slot[], index: number, lengthMinutes: number): boolean {
  const end = new Date(slots[index].startsAt).getTime() + lengthMinutes * 60_000;
  let reached = new Date(slots[index].startsAt).getTime();
  for (let next = index; next < slots.length && reached < end; next += 1) {
    const slot = slots[next];
    if (slot.status !== 'available' || new Date(slot.startsAt).getTime() !== reached) return false;
    reached = new Date(slot.endsAt).getTime();
  }
  return reached >= end;
}
