import { Actor } from '@app/contracts';
import fc from 'fast-check';
import {
  Appointment,
  BookingFact,
  BookingFactKind,
  appointmentFromFact,
  applyBookingFact,
  canViewAppointment,
  recordVisitOutcome,
} from './appointment';
import { dayRange } from './day';

const BOOKING = '11111111-1111-4111-8111-111111111111';
const CUSTOMER = '22222222-2222-4222-8222-222222222222';
const BARBER = '33333333-3333-4333-8333-333333333333';
const T0 = Date.parse('2026-12-01T08:00:00.000Z');
const NOW = new Date('2026-12-01T08:30:00.000Z');

/** A booking fact; `at` is where the booking stood then ('09:00' by default, where it was made). */
function fact(kind: BookingFactKind, atMs: number, options: { at?: string; paid?: boolean } = {}): BookingFact {
  const startsAt = new Date(`2026-12-01T${options.at ?? '09:00'}:00.000Z`);
  return {
    kind,
    occurredAt: new Date(T0 + atMs),
    bookingId: BOOKING,
    customerId: CUSTOMER,
    barberId: BARBER,
    startsAt,
    endsAt: new Date(startsAt.getTime() + 30 * 60_000),
    ...(kind === 'created' ? { customerName: 'Ada', serviceName: 'Haircut' } : {}),
    ...(kind === 'rescheduled' ? { paid: options.paid ?? false } : {}),
  };
}

/** Deliver facts in order as the use case does: the first creates, the rest apply. */
function fold(facts: BookingFact[]): Appointment {
  let current: Appointment | null = null;
  for (const f of facts) current = current ? applyBookingFact(current, f, NOW).appointment : appointmentFromFact('a', f, NOW);
  if (!current) throw new Error('no facts');
  return current;
}

const visible = (a: Appointment) => ({
  status: a.status,
  customerName: a.customerName,
  serviceName: a.serviceName,
  startsAt: a.startsAt.toISOString(),
  endsAt: a.endsAt.toISOString(),
});

/** Real booking histories, in the order booking wrote them. */
const HISTORIES: Record<string, BookingFact[]> = {
  paid: [fact('created', 0), fact('confirmed', 1000)],
  expired: [fact('created', 0), fact('expired', 1000)],
  cancelledUnpaid: [fact('created', 0), fact('cancelled', 1000)],
  paidThenCancelled: [fact('created', 0), fact('confirmed', 1000), fact('cancelled', 2000)],
  expiredThenLatePayment: [fact('created', 0), fact('expired', 1000), fact('confirmed', 2000)],
  cancelledThenLatePayment: [fact('created', 0), fact('cancelled', 1000), fact('confirmed', 2000)],
  // DESIGN §6.7: every fact after a move carries the booking's new time.
  movedThenPaid: [fact('created', 0), fact('rescheduled', 1000, { at: '11:00' }), fact('confirmed', 2000, { at: '11:00' })],
  paidThenMovedTwice: [
    fact('created', 0),
    fact('confirmed', 1000),
    fact('rescheduled', 2000, { at: '11:00', paid: true }),
    fact('rescheduled', 3000, { at: '14:00', paid: true }),
  ],
  movedThenCancelled: [fact('created', 0), fact('confirmed', 1000), fact('rescheduled', 2000, { at: '11:00', paid: true }), fact('cancelled', 3000, { at: '11:00' })],
  movedThenExpired: [fact('created', 0), fact('rescheduled', 1000, { at: '10:30' }), fact('expired', 2000, { at: '10:30' })],
};

describe('appointment state machine', () => {
  it('is pending when created, paid when confirmed, cancelled when expired or cancelled', () => {
    expect(fold(HISTORIES.paid.slice(0, 1)).status).toBe('pending');
    expect(visible(fold(HISTORIES.paid))).toMatchObject({ status: 'paid', customerName: 'Ada', serviceName: 'Haircut' });
    expect(fold(HISTORIES.expired).status).toBe('cancelled');
    expect(fold(HISTORIES.cancelledUnpaid).status).toBe('cancelled');
    expect(fold(HISTORIES.paidThenCancelled).status).toBe('cancelled');
  });

  it('honours a late payment: confirmed after expired is paid, in either delivery order', () => {
    const [created, expired, confirmed] = HISTORIES.expiredThenLatePayment;
    expect(fold([created, expired, confirmed]).status).toBe('paid');
    expect(fold([created, confirmed, expired]).status).toBe('paid');
    expect(fold([confirmed, expired, created]).status).toBe('paid');
  });

  it('keeps a confirmed that arrives before created, and fills the names in when created arrives', () => {
    const [created, confirmed] = HISTORIES.paid;
    const early = appointmentFromFact('a', confirmed, NOW);
    expect(visible(early)).toMatchObject({ status: 'paid', customerName: null, serviceName: null });
    const { appointment, changed } = applyBookingFact(early, created, NOW);
    expect(changed).toBe(true);
    expect(visible(appointment)).toMatchObject({ status: 'paid', customerName: 'Ada', serviceName: 'Haircut' });
  });

  it('reports no change for a duplicate or an older fact', () => {
    const paid = fold(HISTORIES.paid);
    expect(applyBookingFact(paid, HISTORIES.paid[1], NOW).changed).toBe(false);
    expect(applyBookingFact(paid, HISTORIES.paid[0], NOW).changed).toBe(false);
  });

  it('breaks a same-instant tie by rank: created < rescheduled < expired < confirmed < cancelled', () => {
    expect(fold([fact('confirmed', 5), fact('expired', 5)]).status).toBe('paid');
    expect(fold([fact('cancelled', 5), fact('confirmed', 5)]).status).toBe('cancelled');
    expect(fold([fact('confirmed', 5), fact('created', 5)]).status).toBe('paid');
  });

  it('ends in the same state for any delivery order of a history, with duplicates', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(HISTORIES)),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 4, maxLength: 4 }),
        (name, order, extraCopies) => {
          const history = HISTORIES[name];
          const deliveries = history.flatMap((f, i) => Array.from({ length: 1 + extraCopies[i] }, () => f));
          // A permutation of the deliveries driven by `order` (a Fisher–Yates with fast-check's numbers).
          const shuffled = [...deliveries];
          for (let i = shuffled.length - 1; i > 0; i--) {
            const j = order[i % order.length] % (i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
          }
          expect(visible(fold(shuffled))).toEqual(visible(fold(history)));
        },
      ),
    );
  });

  it('moves its times with a reschedule, restating the status the booking had, whatever arrives first', () => {
    const moved = fact('rescheduled', 2000, { at: '11:00', paid: true });
    expect(visible(fold([fact('created', 0), fact('confirmed', 1000), moved]))).toMatchObject({ status: 'paid', startsAt: '2026-12-01T11:00:00.000Z' });
    // Arriving before everything else, it creates the appointment at the new time; the older facts bring only the names.
    const first = fold([moved, fact('created', 0), fact('confirmed', 1000)]);
    expect(visible(first)).toEqual({
      status: 'paid',
      customerName: 'Ada',
      serviceName: 'Haircut',
      startsAt: '2026-12-01T11:00:00.000Z',
      endsAt: '2026-12-01T11:30:00.000Z',
    });
    const current = fold([fact('created', 0), fact('confirmed', 1000)]);
    expect(applyBookingFact(current, moved, NOW).changed).toBe(true);
    expect(applyBookingFact(applyBookingFact(current, moved, NOW).appointment, moved, NOW).changed).toBe(false);
  });

  it('keeps a visit outcome when a booking fact arrives after it', () => {
    const completed = recordVisitOutcome(fold(HISTORIES.paid), 'completed', new Date('2026-12-01T09:10:00.000Z'));
    const after = applyBookingFact(completed, fact('cancelled', 9_000_000), NOW);
    expect(after.appointment.status).toBe('completed');
    expect(after.changed).toBe(false);
  });
});

describe('visit outcomes', () => {
  const paid = fold(HISTORIES.paid);

  it('completes or marks no-show a paid appointment whose start has passed', () => {
    const at = new Date('2026-12-01T09:00:00.000Z');
    expect(recordVisitOutcome(paid, 'completed', at)).toMatchObject({ status: 'completed', updatedAt: at });
    expect(recordVisitOutcome(paid, 'no_show', at).status).toBe('no_show');
  });

  it('refuses before the start (APPOINTMENT_NOT_STARTED) and when not paid (APPOINTMENT_NOT_PAID)', () => {
    expect(() => recordVisitOutcome(paid, 'completed', new Date('2026-12-01T08:59:59.999Z'))).toThrow(expect.objectContaining({ code: 'APPOINTMENT_NOT_STARTED' }));
    const pending = fold(HISTORIES.paid.slice(0, 1));
    expect(() => recordVisitOutcome(pending, 'no_show', new Date('2026-12-02T00:00:00.000Z'))).toThrow(expect.objectContaining({ code: 'APPOINTMENT_NOT_PAID' }));
    const cancelled = fold(HISTORIES.expired);
    expect(() => recordVisitOutcome(cancelled, 'completed', new Date('2026-12-02T00:00:00.000Z'))).toThrow(expect.objectContaining({ code: 'APPOINTMENT_NOT_PAID' }));
    const completed = recordVisitOutcome(paid, 'completed', new Date('2026-12-02T00:00:00.000Z'));
    expect(() => recordVisitOutcome(completed, 'no_show', new Date('2026-12-02T00:00:00.000Z'))).toThrow(expect.objectContaining({ code: 'APPOINTMENT_NOT_PAID' }));
  });
});

describe('access', () => {
  const actor = (role: Actor['role'], overrides: Partial<Actor> = {}): Actor => ({ userId: CUSTOMER, role, barberId: null, name: '', email: '', ...overrides });
  const appointment = { customerId: CUSTOMER, barberId: BARBER };

  it('lets its customer, its barber and an admin see an appointment', () => {
    expect(canViewAppointment(actor('customer'), appointment)).toBe(true);
    expect(canViewAppointment(actor('customer', { userId: BOOKING }), appointment)).toBe(false);
    expect(canViewAppointment(actor('barber', { barberId: BARBER }), appointment)).toBe(true);
    expect(canViewAppointment(actor('barber', { barberId: BOOKING }), appointment)).toBe(false);
    expect(canViewAppointment(actor('admin'), appointment)).toBe(true);
  });
});

describe('dayRange', () => {
  it('is the UTC day of a real date when no zone is given', () => {
    expect(dayRange('2026-12-01')).toEqual({ start: new Date('2026-12-01T00:00:00.000Z'), end: new Date('2026-12-02T00:00:00.000Z') });
    expect(dayRange('2028-02-29').end).toEqual(new Date('2028-03-01T00:00:00.000Z'));
  });

  it("is the barber's local day in their zone, 23 or 25 hours long across a clock change", () => {
    expect(dayRange('2026-07-01', 'Europe/London')).toEqual({
      start: new Date('2026-06-30T23:00:00.000Z'),
      end: new Date('2026-07-01T23:00:00.000Z'),
    });
    expect(dayRange('2026-12-01', 'America/New_York').start).toEqual(new Date('2026-12-01T05:00:00.000Z'));
    const springForward = dayRange('2026-03-29', 'Europe/London');
    expect(springForward.end.getTime() - springForward.start.getTime()).toBe(23 * 3600_000);
    const fallBack = dayRange('2026-10-25', 'Europe/London');
    expect(fallBack.end.getTime() - fallBack.start.getTime()).toBe(25 * 3600_000);
  });

  it.each(['2026-02-30', '2026-13-01', '2026-1-01', '20261201', '2026-12-01T00:00', '', 42, null])('refuses %p with INVALID_DATE', (value) => {
    expect(() => dayRange(value, 'Europe/London')).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
  });
});
