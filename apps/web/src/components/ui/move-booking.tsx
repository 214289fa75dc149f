import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { api, call, type Booking } from '../../api/client';
import { daySlotsKey, useDaySlots, useLiveSlots } from '../../api/slots';
import { canRescheduleOnline, earliestStart, isMovable, rescheduleSentence } from '../../lib/booking-words';
import { isCode, rescheduleRefusal } from '../../lib/errors';
import { localDate, localTime, shortDateTime } from '../../lib/format';
import { Banner } from './banner';
import { DayNav } from './day-nav';
import { Loading } from './loading';
import { SlotPicker } from './slot-picker';

/** What a move needs of the booking (or the appointment standing for it). */
export interface MovingBooking {
  bookingId: string;
  barberId: string;
  timeZone: string;
  startsAt: string;
  endsAt: string;
}

/**
 * Another time of the same barber for a booking (DESIGN §6.7), for the same length: a day with
 * Previous/Next day, that day's free times kept current by the slot feed (none sooner than the
 * minimum notice), then "Confirm new time" → POST /bookings/:id/reschedule. One Idempotency-Key per
 * choice: a double click or a retry moves once. A refusal is said as the API's sentence with what
 * to do next.
 */
export function MovePicker({
  moving,
  label,
  onMoved,
  onClose,
}: {
  moving: MovingBooking;
  /** The region's accessible name, e.g. "Pick a new time". */
  label: string;
  onMoved: (booking: Booking) => void;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const { barberId, timeZone } = moving;
  const today = localDate(new Date(), timeZone);
  const [day, setDay] = useState(() => localDate(moving.startsAt, timeZone));
  const [choice, setChoice] = useState<{ slotId: string; key: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const slots = useDaySlots(barberId, day);
  useLiveSlots(barberId, timeZone);
  const lengthMinutes = Math.round((new Date(moving.endsAt).getTime() - new Date(moving.startsAt).getTime()) / 60_000);
  const selected = slots.data?.find((slot) => slot.id === choice?.slotId) ?? null;

  useEffect(() => headingRef.current?.focus(), []);

  const move = useMutation({
    mutationFn: ({ slotId, key }: { slotId: string; key: string }) =>
      call(
        api.POST('/bookings/{id}/reschedule', {
          params: { path: { id: moving.bookingId }, header: { 'Idempotency-Key': key } },
          body: { slotId },
        }),
      ),
    onSuccess: (booking) => onMoved(booking),
    onError: (error) => {
      if (isCode(error, 'SLOT_UNAVAILABLE')) {
        setChoice(null);
        void queryClient.invalidateQueries({ queryKey: daySlotsKey(barberId, day) });
      }
    },
  });

  // The chosen time taken by someone else while it was on screen: say so, pick again.
  useEffect(() => {
    if (selected && selected.status !== 'available' && !move.isPending && !move.isSuccess) {
      setNotice(`Someone has just taken ${localTime(selected.startsAt, timeZone)}. Please pick another time.`);
      setChoice(null);
    }
  }, [selected?.id, selected?.status]);

  return (
    <section className="card move-picker" aria-labelledby={headingId}>
      <h3 id={headingId} ref={headingRef} tabIndex={-1}>
        {label}
      </h3>
      <p className="muted">Now: {shortDateTime(moving.startsAt, timeZone)}. The price and the payment stay as they are.</p>
      <DayNav
        day={day}
        min={today}
        label="Choose a day for the new time"
        onChange={(next) => {
          setDay(next < today ? today : next);
          setChoice(null);
          move.reset();
        }}
      />
      {notice && <Banner tone="warning">{notice}</Banner>}
      {slots.isPending && <Loading what="free times" />}
      {slots.isError && <Banner tone="error">{rescheduleRefusal(slots.error)}</Banner>}
      {slots.data && (
        <SlotPicker
          slots={slots.data}
          day={day}
          timeZone={timeZone}
          now={earliestStart()}
          lengthMinutes={lengthMinutes}
          headingLevel={4}
          selectedId={selected?.id ?? null}
          onSelect={(slot) => {
            setNotice(null);
            move.reset();
            setChoice({ slotId: slot.id, key: crypto.randomUUID() });
          }}
        />
      )}
      {move.isError && <Banner tone="error">{rescheduleRefusal(move.error)}</Banner>}
      <div className="actions">
        {selected && choice && selected.status === 'available' && (
          <button type="button" className="primary" onClick={() => move.mutate(choice)} disabled={move.isPending || move.isSuccess}>
            {move.isPending ? 'Moving…' : `Move to ${shortDateTime(selected.startsAt, timeZone, { zone: false })}`}
          </button>
        )}
        <button type="button" onClick={onClose} disabled={move.isPending}>
          Keep the current time
        </button>
      </div>
    </section>
  );
}

/**
 * A customer's "Reschedule" (DESIGN §12): said before the click until when the booking can be moved
 * online, or, inside RESCHEDULE_WINDOW_HOURS, that the shop must be asked; the picker on click.
 */
export function RescheduleBooking({ booking, onMoved }: { booking: Booking; onMoved: (booking: Booking) => void }) {
  const [open, setOpen] = useState(false);
  const sentenceId = useId();
  const allowed = canRescheduleOnline(booking);
  if (!isMovable(booking)) return null;
  return (
    <div className="reschedule">
      <p id={sentenceId}>{rescheduleSentence(booking)}</p>
      {allowed && !open && (
        <button type="button" onClick={() => setOpen(true)} aria-describedby={sentenceId}>
          Reschedule
        </button>
      )}
      {allowed && open && (
        <MovePicker
          moving={{ bookingId: booking.id, barberId: booking.barberId, timeZone: booking.timeZone, startsAt: booking.startsAt, endsAt: booking.endsAt }}
          label="Pick a new time"
          onMoved={(moved) => {
            setOpen(false);
            onMoved(moved);
          }}
          onClose={() => setOpen(false)}
        />
      )}
    </div>
  );
}
