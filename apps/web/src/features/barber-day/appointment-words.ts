import type { Appointment } from './hooks/use-barber-day';

/** An appointment's status as the barber reads it. */
export function appointmentStatusInWords(status: Appointment['status']): string {
  switch (status) {
    case 'pending':
      return 'Awaiting payment';
    case 'paid':
      return 'Paid';
    case 'cancelled':
      return 'Cancelled';
    case 'completed':
      return 'Completed';
    case 'no_show':
      return 'No-show';
  }
}

/** Completed and no-show are for a paid appointment whose start has passed (the API refuses otherwise). */
export function canMarkOutcome(appointment: Pick<Appointment, 'status' | 'startsAt'>, now: Date): boolean {
  return appointment.status === 'paid' && new Date(appointment.startsAt).getTime() <= now.getTime();
}

/** A hold or a paid appointment that has not started yet can be cancelled by its barber. */
export function canCancel(appointment: Pick<Appointment, 'status' | 'startsAt'>, now: Date): boolean {
  return (appointment.status === 'pending' || appointment.status === 'paid') && new Date(appointment.startsAt).getTime() > now.getTime();
}

/** What cancelling does, said before the click (DESIGN §6.5: a barber's cancellation refunds in full). */
export function barberCancellationSentence(appointment: Pick<Appointment, 'status' | 'customerName'>): string {
  return appointment.status === 'paid'
    ? `${appointment.customerName} has paid: cancelling refunds the payment in full to them.`
    : `${appointment.customerName} has not paid yet: cancelling just releases the hold on this time.`;
}
