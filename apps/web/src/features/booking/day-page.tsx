import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, call, type Barber, type Service, type Slot } from '../../api/client';
import { useSession } from '../../auth/session';
import { SignInForm } from '../../auth/sign-in-form';
import { Banner, ErrorMessage } from '../../components/ui/banner';
import { Loading } from '../../components/ui/loading';
import { Money } from '../../components/ui/money';
import { earliestStart } from '../../lib/booking-words';
import { isCode } from '../../lib/errors';
import { formatDuration, isCalendarDate, localDate, localTime, namedDateTime } from '../../lib/format';
import { useDocumentTitle } from '../../lib/use-document-title';
import { DayNav } from '../../components/ui/day-nav';
import { SlotPicker } from '../../components/ui/slot-picker';
import { useBarber, useServices } from './hooks/use-catalog';
import { daySlotsKey, useDaySlots, useLiveSlots } from '../../api/slots';

/** Steps 3 to 5: a day, a free time, sign in if need be, Book → Stripe Checkout. */
export function DayPage() {
  const { barberId = '', serviceId = '' } = useParams();
  const barber = useBarber(barberId);
  const services = useServices();
  const service = services.data?.find((candidate) => candidate.id === serviceId);
  // The day in the address is fetched at once, beside the barber and the services, not after them.
  const [params] = useSearchParams();
  const requestedDay = params.get('day');
  useDaySlots(barberId, isCalendarDate(requestedDay) ? requestedDay : null);
  useDocumentTitle(service && barber.data ? `${service.name} with ${barber.data.name}: pick a time` : 'Pick a time');

  return (
    <>
      <p className="crumbs">
        <Link to="/">All barbers</Link> › <Link to={`/barbers/${barberId}`}>{barber.data?.name ?? 'Services'}</Link>
      </p>
      {(barber.isPending || services.isPending) && <Loading what="the barber's days" />}
      {barber.isError && <ErrorMessage error={barber.error} />}
      {services.isError && <ErrorMessage error={services.error} />}
      {services.data && !service && <Banner tone="error">That service is no longer offered. Please choose another one.</Banner>}
      {barber.data && service && <DayPicker barber={barber.data} service={service} />}
    </>
  );
}

function DayPicker({ barber, service }: { barber: Barber; service: Service }) {
  const [params, setParams] = useSearchParams();
  const today = localDate(new Date(), barber.timeZone);
  const requested = params.get('day');
  const day = isCalendarDate(requested) && requested >= today ? requested : today;
  const selectedId = params.get('slot');
  const slots = useDaySlots(barber.id, day);
  useLiveSlots(barber.id, barber.timeZone);
  const [notice, setNotice] = useState<string | null>(null);
  const selected = useMemo(() => slots.data?.find((slot) => slot.id === selectedId) ?? null, [slots.data, selectedId]);

  const choose = (next: { day?: string; slot?: string | null }) => {
    const updated = new URLSearchParams(params);
    if (next.day !== undefined) {
      updated.set('day', next.day);
      updated.delete('slot');
    }
    if (next.slot !== undefined) {
      if (next.slot === null) updated.delete('slot');
      else updated.set('slot', next.slot);
    }
    setParams(updated, { replace: true });
  };

  // The chosen time taken by someone else while this page showed it free: say so, and let the
  // customer pick again. (A time already taken when the page loads, or taken by this customer's
  // own Book, is just deselected.)
  const seenFree = useRef<string | null>(null);
  const ownBooking = useRef<string | null>(null);
  useEffect(() => {
    if (!selected) return;
    if (selected.status === 'available') {
      seenFree.current = selected.id;
      return;
    }
    if (ownBooking.current === selected.id) return;
    if (seenFree.current === selected.id) setNotice(`Someone has just taken ${localTime(selected.startsAt, barber.timeZone)}. Please pick another time.`);
    choose({ slot: null });
  }, [selected?.id, selected?.status]);

  return (
    <>
      <h1>
        {service.name} with {barber.name}
      </h1>
      <p className="muted">
        <Money minorUnits={service.priceCents} currency={service.currency} /> · {formatDuration(service.durationMinutes)}
      </p>
      <DayNav day={day} min={today} onChange={(next) => choose({ day: next })} />
      {notice && <Banner tone="warning">{notice}</Banner>}
      {slots.isPending && <Loading what="free times" />}
      {slots.isError && <ErrorMessage error={slots.error} />}
      {slots.data && (
        <SlotPicker
          slots={slots.data}
          day={day}
          timeZone={barber.timeZone}
          now={earliestStart()}
          selectedId={selected?.id ?? null}
          onSelect={(slot) => {
            setNotice(null);
            choose({ slot: slot.id });
          }}
        />
      )}
      {selected && selected.status === 'available' && (
        <BookingPanel
          barber={barber}
          service={service}
          slot={selected}
          onBooked={(slotId) => {
            ownBooking.current = slotId;
          }}
          onTaken={(message) => {
            setNotice(message);
            choose({ slot: null });
          }}
        />
      )}
    </>
  );
}

function BookingPanel({
  barber,
  service,
  slot,
  onBooked,
  onTaken,
}: {
  barber: Barber;
  service: Service;
  slot: Slot;
  onBooked: (slotId: string) => void;
  onTaken: (message: string) => void;
}) {
  const { session } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // One key per choice: a double click or a retry books once.
  const idempotencyKey = useMemo(() => crypto.randomUUID(), [slot.id, service.id]);
  const book = useMutation({
    mutationFn: () =>
      call(
        api.POST('/bookings', {
          body: { slotId: slot.id, serviceId: service.id },
          params: { header: { 'Idempotency-Key': idempotencyKey } },
        }),
      ),
    onMutate: () => onBooked(slot.id),
    onSuccess: (booking) => {
      queryClient.setQueryData(['booking', booking.id], booking);
      void queryClient.invalidateQueries({ queryKey: ['my-bookings'] });
      if (booking.checkout?.url) window.location.assign(booking.checkout.url);
      else void navigate(`/bookings/${booking.id}`);
    },
    onError: (error) => {
      if (isCode(error, 'SLOT_UNAVAILABLE')) {
        onTaken(`Someone has just taken ${localTime(slot.startsAt, barber.timeZone)}. The free times are up to date: please pick another.`);
        void queryClient.invalidateQueries({ queryKey: daySlotsKey(barber.id, localDate(slot.startsAt, barber.timeZone)) });
      }
    },
  });

  return (
    <section className="card summary" aria-label="Your choice">
      <h2>Your choice</h2>
      <p>
        {service.name} with {barber.name}, {namedDateTime(slot.startsAt, barber.timeZone)}.{' '}
        <Money minorUnits={service.priceCents} currency={service.currency} />, paid now by card.
      </p>
      {book.isError && !isCode(book.error, 'SLOT_UNAVAILABLE') && <ErrorMessage error={book.error} />}
      {session ? (
        <button type="button" className="primary" onClick={() => book.mutate()} disabled={book.isPending || book.isSuccess}>
          {book.isPending || book.isSuccess ? 'Booking…' : 'Book'}
        </button>
      ) : (
        <SignInForm heading="Sign in to book" />
      )}
    </section>
  );
}
