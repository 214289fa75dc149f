import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api, call } from '../../../api/client';
import { Banner, ErrorMessage } from '../../../components/ui/banner';
import { LocalTime } from '../../../components/ui/local-time';
import { MovePicker } from '../../../components/ui/move-booking';
import { appointmentStatusInWords, barberCancellationSentence, canCancel, canMarkOutcome } from '../appointment-words';
import { replaceAppointment, type Appointment } from '../hooks/use-barber-day';

/**
 * One appointment of the barber's day. An unpaid hold reads differently from a paid appointment
 * in words ("Awaiting payment", "not paid yet") and in style (dashed border, no fill), not by
 * colour alone.
 */
export function AppointmentRow({ appointment, timeZone, now }: { appointment: Appointment; timeZone: string; now: Date }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [moving, setMoving] = useState(false);
  const headingId = useId();
  const consequenceId = useId();
  const who = `${appointment.customerName}, ${appointment.serviceName}`;

  const outcome = useMutation({
    mutationFn: (kind: 'complete' | 'no-show') =>
      kind === 'complete'
        ? call(api.POST('/appointments/{id}/complete', { params: { path: { id: appointment.id } } }))
        : call(api.POST('/appointments/{id}/no-show', { params: { path: { id: appointment.id } } })),
    onSuccess: (updated) => replaceAppointment(queryClient, timeZone, updated),
  });
  const cancel = useMutation({
    mutationFn: () => call(api.POST('/bookings/{id}/cancel', { params: { path: { id: appointment.bookingId } }, body: { reason: 'Cancelled by the barber' } })),
    // The appointment follows the booking over the live feed; until then the row says it already.
    onSuccess: () => {
      replaceAppointment(queryClient, timeZone, { ...appointment, status: 'cancelled' });
      setConfirming(false);
    },
  });
  const busy = outcome.isPending || cancel.isPending;
  const movable = canCancel(appointment, now);

  return (
    <li className={`card appointment appointment-${appointment.status}`} aria-labelledby={headingId}>
      <h3 id={headingId}>
        <LocalTime iso={appointment.startsAt} timeZone={timeZone} /> · {appointment.customerName}
      </h3>
      <p>
        {appointment.serviceName}, until <LocalTime iso={appointment.endsAt} timeZone={timeZone} />
      </p>
      <p className="appointment-status">
        <strong>{appointmentStatusInWords(appointment.status)}</strong>
        {appointment.status === 'pending' && <> · a hold, not paid yet</>}
      </p>
      {canMarkOutcome(appointment, now) && (
        <div className="actions">
          <button type="button" onClick={() => outcome.mutate('complete')} disabled={busy} aria-label={`Mark completed: ${who}`}>
            Mark completed
          </button>
          <button type="button" onClick={() => outcome.mutate('no-show')} disabled={busy} aria-label={`Mark no-show: ${who}`}>
            Mark no-show
          </button>
        </div>
      )}
      {movable && !moving && (
        <div className="actions">
          <button type="button" onClick={() => setMoving(true)} disabled={busy} aria-label={`Move: ${who}`}>
            Move
          </button>
        </div>
      )}
      {movable && moving && (
        <MovePicker
          moving={{ bookingId: appointment.bookingId, barberId: appointment.barberId, timeZone, startsAt: appointment.startsAt, endsAt: appointment.endsAt }}
          label={`Move ${who}`}
          onMoved={(booking) => {
            setMoving(false);
            // The appointment follows the booking over the live feed; the row moves at once already.
            const updatedAt = booking.updatedAt > appointment.updatedAt ? booking.updatedAt : appointment.updatedAt;
            replaceAppointment(queryClient, timeZone, { ...appointment, startsAt: booking.startsAt, endsAt: booking.endsAt, updatedAt });
          }}
          onClose={() => setMoving(false)}
        />
      )}
      {canCancel(appointment, now) && !moving && (
        <div className="cancel">
          <p id={consequenceId}>{barberCancellationSentence(appointment)}</p>
          {confirming ? (
            <div className="actions" role="group" aria-label={`Cancel ${who}?`}>
              <button type="button" className="danger" onClick={() => cancel.mutate()} disabled={busy} aria-describedby={consequenceId}>
                {cancel.isPending ? 'Cancelling…' : 'Yes, cancel it'}
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Keep it
              </button>
            </div>
          ) : (
            <button type="button" onClick={() => setConfirming(true)} aria-describedby={consequenceId} aria-label={`Cancel: ${who}`}>
              Cancel
            </button>
          )}
        </div>
      )}
      {outcome.isError && <ErrorMessage error={outcome.error} />}
      {cancel.isError && <ErrorMessage error={cancel.error} />}
      {cancel.isSuccess && (
        <Banner tone="success">{cancel.data.paymentStatus === 'unpaid' ? 'Cancelled; the time is free again.' : 'Cancelled; the customer is being refunded in full.'}</Banner>
      )}
    </li>
  );
}
