import { useId, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Booking, BookingStatus } from '../../api/client';
import { ErrorMessage } from '../../components/ui/banner';
import { LocalTime } from '../../components/ui/local-time';
import { Loading } from '../../components/ui/loading';
import { Money } from '../../components/ui/money';
import { statusInWords } from '../../lib/booking-words';
import { addDays, isCalendarDate } from '../../lib/format';
import { useDocumentTitle } from '../../lib/use-document-title';
import { SelectField } from './components/select-field';
import { paymentStatusInWords, startOfLocalDay } from './admin-words';
import { useAdminBarbersIncludingInactive, useAdminBookings, type BookingFilters } from './hooks/use-admin-api';

export const BOOKINGS_PAGE_SIZE = 20;

const STATUSES: Array<{ value: BookingStatus; label: string }> = [
  { value: 'pending_payment', label: 'Waiting for payment' },
  { value: 'confirmed', label: 'Confirmed' },
  { value: 'expired', label: 'Expired' },
  { value: 'cancelled', label: 'Cancelled' },
];

function isStatus(value: string | null): value is BookingStatus {
  return STATUSES.some((status) => status.value === value);
}

/** Every booking, newest first, filtered (status, barber, days) and paged; the filters live in the address. */
export function BookingsPage() {
  useDocumentTitle('Bookings · Admin');
  const [params, setParams] = useSearchParams();
  const status = params.get('status');
  const barberId = params.get('barberId') ?? '';
  const from = params.get('from');
  const to = params.get('to');
  const page = Math.max(0, Number.parseInt(params.get('page') ?? '0', 10) || 0);
  const filters: BookingFilters = {
    ...(isStatus(status) ? { status } : {}),
    ...(barberId ? { barberId } : {}),
    ...(isCalendarDate(from) ? { from: startOfLocalDay(from) } : {}),
    ...(isCalendarDate(to) ? { to: startOfLocalDay(addDays(to, 1)) } : {}),
    // One more than a page: whether there is a next page, without counting them all.
    limit: BOOKINGS_PAGE_SIZE + 1,
    offset: page * BOOKINGS_PAGE_SIZE,
  };
  const bookings = useAdminBookings(filters);
  const barbers = useAdminBarbersIncludingInactive();
  const resultsId = useId();

  const applyFilters = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const name of ['status', 'barberId', 'from', 'to']) {
      const value = form.get(name);
      if (typeof value === 'string' && value !== '') next.set(name, value);
    }
    setParams(next);
  };
  const goToPage = (to: number) => {
    const next = new URLSearchParams(params);
    if (to === 0) next.delete('page');
    else next.set('page', String(to));
    setParams(next);
  };

  const shown = bookings.data?.slice(0, BOOKINGS_PAGE_SIZE) ?? [];
  const hasNext = (bookings.data?.length ?? 0) > BOOKINGS_PAGE_SIZE;
  return (
    <>
      <h1>Bookings</h1>
      <form className="filters card" onSubmit={applyFilters} aria-label="Filter bookings" key={params.toString()}>
        <SelectField label="Status" name="status" defaultValue={isStatus(status) ? status : ''}>
          <option value="">Any status</option>
          {STATUSES.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Barber" name="barberId" defaultValue={barberId}>
          <option value="">Any barber</option>
          {barbers.data?.map((barber) => (
            <option key={barber.id} value={barber.id}>
              {barber.name}
            </option>
          ))}
        </SelectField>
        <label>
          From day
          <input type="date" name="from" defaultValue={isCalendarDate(from) ? from : ''} />
        </label>
        <label>
          To day
          <input type="date" name="to" defaultValue={isCalendarDate(to) ? to : ''} />
        </label>
        <button type="submit" className="primary">
          Show bookings
        </button>
        {params.size > 0 && (
          <Link to="/admin/bookings" className="button">
            Clear filters
          </Link>
        )}
      </form>
      <p className="hint">Days run from midnight to midnight in your own time zone; each booking’s time is shown in its barber’s.</p>
      {bookings.isPending && <Loading what="bookings" />}
      {bookings.isError && <ErrorMessage error={bookings.error} />}
      {bookings.data && (
        <section aria-labelledby={resultsId}>
          <h2 id={resultsId}>
            {shown.length === 0 ? 'No bookings match' : `Bookings ${page * BOOKINGS_PAGE_SIZE + 1}–${page * BOOKINGS_PAGE_SIZE + shown.length}`}
          </h2>
          <ul className="admin-list">
            {shown.map((booking) => (
              <BookingCard key={booking.id} booking={booking} />
            ))}
          </ul>
          <nav className="pager" aria-label="Pages of bookings">
            <button type="button" onClick={() => goToPage(page - 1)} disabled={page === 0}>
              Previous page
            </button>
            <span>Page {page + 1}</span>
            <button type="button" onClick={() => goToPage(page + 1)} disabled={!hasNext}>
              Next page
            </button>
          </nav>
        </section>
      )}
    </>
  );
}

function BookingCard({ booking }: { booking: Booking }) {
  return (
    <li className="card">
      <h3>
        {booking.serviceName} with {booking.barberName}
      </h3>
      <dl className="details">
        <dt>When</dt>
        <dd>
          <LocalTime iso={booking.startsAt} timeZone={booking.timeZone} withDate />
        </dd>
        <dt>Customer</dt>
        <dd>
          Customer <span title={booking.customerId}>{booking.customerId.slice(0, 8)}</span>
        </dd>
        <dt>Status</dt>
        <dd>{statusInWords(booking)}</dd>
        <dt>Payment</dt>
        <dd>{paymentStatusInWords(booking.paymentStatus)}</dd>
        <dt>Price</dt>
        <dd>
          <Money minorUnits={booking.priceCents} currency={booking.currency} />
        </dd>
        <dt>Booking</dt>
        <dd>{booking.id}</dd>
      </dl>
    </li>
  );
}
