import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Barber } from '../../api/client';
import { useSession } from '../../auth/session';
import { SignInForm } from '../../auth/sign-in-form';
import { Banner, ErrorMessage } from '../../components/ui/banner';
import { DayNav } from '../../components/ui/day-nav';
import { Loading } from '../../components/ui/loading';
import { isCalendarDate, localDate, longDate, zoneName } from '../../lib/format';
import { useDocumentTitle } from '../../lib/use-document-title';
import { AppointmentRow } from './components/appointment-row';
import { CalendarLink } from './components/calendar-link';
import { useBarber, useBarberDay, useLiveAppointments } from './hooks/use-barber-day';

/** The barber's day (`/barber/day?date=YYYY-MM-DD`, any date, in their zone), followed live. */
export function BarberDayPage() {
  const { session } = useSession();
  const barberId = session?.user.role === 'barber' ? (session.user.barberId ?? null) : null;
  const barber = useBarber(barberId);
  useDocumentTitle('My day');

  if (!session)
    return (
      <>
        <h1>My day</h1>
        <SignInForm heading="Sign in to see your day" />
      </>
    );
  if (!barberId)
    return (
      <>
        <h1>My day</h1>
        <Banner tone="warning">This page is for barbers. You are signed in as {session.user.name}, who is not a barber.</Banner>
      </>
    );
  if (barber.isPending) return <Loading what="your day" />;
  if (barber.isError)
    return (
      <>
        <h1>My day</h1>
        <ErrorMessage error={barber.error} />
      </>
    );
  return <BarberDay barber={barber.data} />;
}

/** Now, moved on every minute: a start that passes while the page is open enables "Mark completed". */
function useMinuteClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function BarberDay({ barber }: { barber: Barber }) {
  const [params, setParams] = useSearchParams();
  const now = useMinuteClock();
  const today = localDate(now, barber.timeZone);
  const requested = params.get('date');
  const day = isCalendarDate(requested) ? requested : today;
  const appointments = useBarberDay(barber.id, day);
  useLiveAppointments(barber.id, barber.timeZone);
  const choose = (next: string) => setParams({ date: next }, { replace: true });
  const active = (appointments.data ?? []).filter((appointment) => appointment.status !== 'cancelled');

  return (
    <>
      <h1>My day</h1>
      <p className="muted">
        {longDate(day)}
        {day === today && ' (today)'} · times in {zoneName(barber.timeZone)}
      </p>
      <DayNav day={day} onChange={choose}>
        {day !== today && (
          <button type="button" className="link" onClick={() => choose(today)}>
            Today
          </button>
        )}
      </DayNav>
      {appointments.isPending && <Loading what="appointments" />}
      {appointments.isError && <ErrorMessage error={appointments.error} />}
      {appointments.data && (
        <section aria-labelledby="appointments-heading">
          <h2 id="appointments-heading">Appointments</h2>
          <p aria-live="polite">
            {active.length === 0 ? 'Nothing booked on this day.' : `${active.length} ${active.length === 1 ? 'appointment' : 'appointments'}.`}
          </p>
          {appointments.data.length > 0 && (
            <ul className="appointments" aria-live="polite">
              {appointments.data.map((appointment) => (
                <AppointmentRow key={appointment.id} appointment={appointment} timeZone={barber.timeZone} now={now} />
              ))}
            </ul>
          )}
        </section>
      )}
      <CalendarLink barberId={barber.id} />
    </>
  );
}
