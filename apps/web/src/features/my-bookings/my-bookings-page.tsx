import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { api, call, type Booking } from '../../api/client';
import { useSession } from '../../auth/session';
import { SignInForm } from '../../auth/sign-in-form';
import { Banner, ErrorMessage } from '../../components/ui/banner';
import { LocalTime } from '../../components/ui/local-time';
import { Loading } from '../../components/ui/loading';
import { Money } from '../../components/ui/money';
import { RescheduleBooking } from '../../components/ui/move-booking';
import { cancellationSentence, isCancellable, movedSentence, paymentSentence, statusInWords } from '../../lib/booking-words';
import { useDocumentTitle } from '../../lib/use-document-title';

const myBookingsKey = ['my-bookings'] as const;

/** Upcoming and past bookings, status in words; cancel says before the click whether it refunds. */
export function MyBookingsPage() {
  const { session } = useSession();
  useDocumentTitle('My bookings');
  const bookings = useQuery({
    queryKey: myBookingsKey,
    queryFn: () => call(api.GET('/bookings', { params: { query: { limit: 200 } } })),
    enabled: session !== null,
  });
  if (!session)
    return (
      <>
        <h1>My bookings</h1>
        <SignInForm heading="Sign in to see your bookings" />
      </>
    );
  const now = new Date();
  const upcoming = (bookings.data ?? [])
    .filter((booking) => isCancellable(booking, now))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const past = (bookings.data ?? []).filter((booking) => !isCancellable(booking, now));

  return (
    <>
      <h1>My bookings</h1>
      {bookings.isPending && <Loading what="your bookings" />}
      {bookings.isError && <ErrorMessage error={bookings.error} />}
      {bookings.data && (
        <>
          <section aria-labelledby="upcoming-heading">
            <h2 id="upcoming-heading">Upcoming</h2>
            {upcoming.length === 0 ? (
              <p>
                Nothing booked. <Link to="/">Book a cut</Link>
              </p>
            ) : (
              <ul className="bookings">
                {upcoming.map((booking) => (
                  <BookingRow key={booking.id} booking={booking} cancellable />
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="past-heading">
            <h2 id="past-heading">Past and cancelled</h2>
            {past.length === 0 ? (
              <p>None yet.</p>
            ) : (
              <ul className="bookings">
                {past.map((booking) => (
                  <BookingRow key={booking.id} booking={booking} cancellable={false} />
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </>
  );
}

function BookingRow({ booking, cancellable }: { booking: Booking; cancellable: boolean }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const sentenceId = useId();
  const replace = (updated: Booking) => {
    queryClient.setQueryData(['booking', updated.id], updated);
    queryClient.setQueryData<Booking[]>(myBookingsKey, (list) => list?.map((item) => (item.id === updated.id ? updated : item)));
  };
  const cancel = useMutation({
    mutationFn: () => call(api.POST('/bookings/{id}/cancel', { params: { path: { id: booking.id } }, body: {} })),
    onSuccess: (updated) => {
      replace(updated);
      setConfirming(false);
    },
  });
  const money = paymentSentence(booking);
  const moved = cancellable ? movedSentence(booking) : null;
  return (
    <li className="card booking-row">
      <h3>
        {booking.serviceName} with {booking.barberName}
      </h3>
      <p>
        <LocalTime iso={booking.startsAt} timeZone={booking.timeZone} withDate /> ·{' '}
        <Money minorUnits={booking.priceCents} currency={booking.currency} />
      </p>
      <p>
        <strong>{statusInWords(booking)}</strong>
        {money && <> · {money}</>}
      </p>
      {moved && <p role="status">{moved}</p>}
      <p>
        <Link to={`/bookings/${booking.id}`} aria-label={`Details of ${booking.serviceName} with ${booking.barberName}`}>
          Details
        </Link>
      </p>
      {cancellable && !cancel.isSuccess && <RescheduleBooking booking={booking} onMoved={replace} />}
      {cancellable && (
        <div className="cancel">
          <p id={sentenceId}>{cancellationSentence(booking)}</p>
          {confirming ? (
            <div className="actions" role="group" aria-label="Cancel this booking?">
              <button type="button" className="danger" onClick={() => cancel.mutate()} disabled={cancel.isPending} aria-describedby={sentenceId}>
                {cancel.isPending ? 'Cancelling…' : 'Yes, cancel it'}
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Keep it
              </button>
            </div>
          ) : (
            <button type="button" onClick={() => setConfirming(true)} aria-describedby={sentenceId}>
              Cancel booking
            </button>
          )}
        </div>
      )}
      {cancel.isError && <ErrorMessage error={cancel.error} />}
      {cancel.isSuccess && <Banner tone="success">Cancelled. {paymentSentence(cancel.data)}</Banner>}
    </li>
  );
}
