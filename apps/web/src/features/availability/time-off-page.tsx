import { useId, useState, type FormEvent } from 'react';
import type { Barber } from '../../api/client';
import { Banner, ErrorMessage } from '../../components/ui/banner';
import { LocalTime } from '../../components/ui/local-time';
import { Loading } from '../../components/ui/loading';
import { localDate, zoneName } from '../../lib/format';
import { useDocumentTitle } from '../../lib/use-document-title';
import { BarberOnly } from './components/barber-only';
import { useAddTimeOff, useRemoveTimeOff, useTimeOff, type TimeOff } from './hooks/use-time-off';
import { instantInZone } from './zone-time';

/** `/barber/time-off`: future time off, add (refused over a booking, naming it), remove. */
export function TimeOffPage() {
  useDocumentTitle('Time off');
  return <BarberOnly title="Time off">{(barber) => <TimeOffView barber={barber} />}</BarberOnly>;
}

function TimeOffView({ barber }: { barber: Barber }) {
  const list = useTimeOff(barber.id);
  return (
    <>
      <h1>Time off</h1>
      <p className="muted">Times in {zoneName(barber.timeZone)}. Free times inside your time off cannot be booked; booked ones must be cancelled or moved first.</p>
      <AddTimeOff barber={barber} />
      <section aria-labelledby="time-off-heading">
        <h2 id="time-off-heading">Coming up</h2>
        {list.isPending && <Loading what="your time off" />}
        {list.isError && <ErrorMessage error={list.error} />}
        {list.data && list.data.length === 0 && <p>No time off planned.</p>}
        {list.data && list.data.length > 0 && (
          <ul className="bookings">
            {list.data.map((timeOff) => (
              <TimeOffRow key={timeOff.id} barber={barber} timeOff={timeOff} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function Period({ timeOff, timeZone }: { timeOff: Pick<TimeOff, 'startsAt' | 'endsAt'>; timeZone: string }) {
  const sameDay = localDate(timeOff.startsAt, timeZone) === localDate(timeOff.endsAt, timeZone);
  return (
    <>
      <LocalTime iso={timeOff.startsAt} timeZone={timeZone} withDate /> to <LocalTime iso={timeOff.endsAt} timeZone={timeZone} withDate={!sameDay} />
    </>
  );
}

function TimeOffRow({ barber, timeOff }: { barber: Barber; timeOff: TimeOff }) {
  const remove = useRemoveTimeOff(barber.id);
  const headingId = useId();
  return (
    <li className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>{timeOff.reason?.trim() ? timeOff.reason : 'Time off'}</h3>
      <p>
        <Period timeOff={timeOff} timeZone={barber.timeZone} />
      </p>
      <p className="muted">
        {timeOff.blockedSlots} free {timeOff.blockedSlots === 1 ? 'time' : 'times'} blocked
      </p>
      <button type="button" onClick={() => remove.mutate(timeOff.id)} disabled={remove.isPending} aria-label={`Remove time off: ${timeOff.reason?.trim() || 'Time off'}`}>
        {remove.isPending ? 'Removing…' : 'Remove'}
      </button>
      {remove.isError && <ErrorMessage error={remove.error} />}
    </li>
  );
}

function AddTimeOff({ barber }: { barber: Barber }) {
  const add = useAddTimeOff(barber.id);
  const [problem, setProblem] = useState<string | null>(null);
  const headingId = useId();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : '';
    };
    const startsAt = instantInZone(text('startsAt'), barber.timeZone);
    const endsAt = instantInZone(text('endsAt'), barber.timeZone);
    add.reset();
    if (!startsAt || !endsAt) return setProblem('Give the day and time your time off starts and ends.');
    if (endsAt <= startsAt) return setProblem('The end must be after the start.');
    setProblem(null);
    const reason = text('reason').trim();
    const element = event.currentTarget;
    add.mutate({ startsAt, endsAt, reason: reason || null }, { onSuccess: () => element.reset() });
  };

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Add time off</h2>
      <form onSubmit={submit} className="stack" noValidate>
        <label>
          Starts
          <input type="datetime-local" name="startsAt" required />
        </label>
        <label>
          Ends
          <input type="datetime-local" name="endsAt" required />
        </label>
        <label>
          Reason (optional)
          <input name="reason" maxLength={500} />
        </label>
        {problem && <Banner tone="warning">{problem}</Banner>}
        {add.isError && <ErrorMessage error={add.error} />}
        {add.isSuccess && (
          <Banner tone="success">
            Added: <Period timeOff={add.data} timeZone={barber.timeZone} />. {add.data.blockedSlots} free {add.data.blockedSlots === 1 ? 'time' : 'times'} blocked.
          </Banner>
        )}
        <button type="submit" className="primary" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add time off'}
        </button>
      </form>
    </section>
  );
}
