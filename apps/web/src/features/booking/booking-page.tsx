import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, call, type Booking } from '../../api/client';
import { useSession } from '../../auth/session';
import { SignInForm } from '../../auth/sign-in-form';
import { Banner, ErrorMessage } from '../../components/ui/banner';
import { LocalTime } from '../../components/ui/local-time';
import { Loading } from '../../components/ui/loading';
import { Money } from '../../components/ui/money';
import { RescheduleBooking } from '../../components/ui/move-booking';
import { movedSentence } from '../../lib/booking-words';
import { localDate } from '../../lib/format';
import { useDocumentTitle } from '../../lib/use-document-title';
import { BookingState, type CheckoutReturn } from './components/booking-state';
import { bookingKey, useBooking, useLiveBooking } from './hooks/use-booking';

/** Where Checkout sends the customer back (success_url and cancel_url): the booking, followed live. */
export function BookingPage() {
  const { bookingId = '' } = useParams();
  const [params] = useSearchParams();
  const { session } = useSession();
  const booking = useBooking(bookingId, session !== null);
  // Followed once it loaded: a booking that is not there, or not this customer's, has no feed.
  useLiveBooking(bookingId, session !== null && booking.isSuccess);
  const checkoutReturn = (['success', 'cancelled'] as const).find((value) => value === params.get('checkout')) ?? null;
  useDocumentTitle('Your booking');

  if (!session)
    return (
      <>
        <h1>Your booking</h1>
        <SignInForm heading="Sign in to see your booking" />
      </>
    );
  if (booking.isPending) return <Loading what="your booking" />;
  if (booking.isError)
    return (
      <>
        <h1>Your booking</h1>
        <ErrorMessage error={booking.error} />
        <p>
          <Link to="/my-bookings">See all your bookings</Link>
        </p>
      </>
    );
  return <BookingView booking={booking.data} checkoutReturn={checkoutReturn} />;
}

export function BookingView({ booking, checkoutReturn }: { booking: Booking; checkoutReturn: CheckoutReturn }) {
  const queryClient = useQueryClient();
  const payAgain = useMutation({
    mutationFn: () => call(api.POST('/bookings/{id}/checkout', { params: { path: { id: booking.id } } })),
    onSuccess: (updated) => {
      queryClient.setQueryData(bookingKey(booking.id), updated);
      if (updated.checkout?.url) window.location.assign(updated.checkout.url);
    },
  });
  const anotherTime = `/barbers/${booking.barberId}/services/${booking.serviceId}?day=${localDate(booking.startsAt, booking.timeZone)}`;
  const holdOpen = new Date(booking.holdExpiresAt).getTime() > Date.now();
  const moved = movedSentence(booking);

  return (
    <article className="booking" aria-live="polite">
      <BookingState booking={booking} checkoutReturn={checkoutReturn} />
      {moved && (booking.status === 'pending_payment' || booking.status === 'confirmed') && <Banner tone="success">{moved}</Banner>}
      <dl className="details">
        <dt>Service</dt>
        <dd>{booking.serviceName}</dd>
        <dt>Barber</dt>
        <dd>{booking.barberName}</dd>
        <dt>When</dt>
        <dd>
          <LocalTime iso={booking.startsAt} timeZone={booking.timeZone} withDate />
        </dd>
        <dt>Price</dt>
        <dd>
          <Money minorUnits={booking.priceCents} currency={booking.currency} />
        </dd>
      </dl>
      {booking.status === 'pending_payment' && holdOpen && (
        <div className="actions">
          <button type="button" className="primary" onClick={() => payAgain.mutate()} disabled={payAgain.isPending || payAgain.isSuccess}>
            {payAgain.isPending || payAgain.isSuccess ? 'Opening the payment page…' : 'Pay now'}
          </button>
        </div>
      )}
      {payAgain.isError && <ErrorMessage error={payAgain.error} />}
      <RescheduleBooking booking={booking} onMoved={(updated) => queryClient.setQueryData(bookingKey(booking.id), updated)} />
      {(booking.status === 'expired' || booking.status === 'cancelled') && (
        <p>
          <Link className="button" to={anotherTime}>
            Pick another time
          </Link>
        </p>
      )}
      <p>
        <Link to="/my-bookings">See all your bookings</Link>
      </p>
    </article>
  );
}
