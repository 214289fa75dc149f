import { BookingResource, appointmentIdOf } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { BookingProcess, BookingTestWorld, aBarberWithHours, aService, admin, anActor } from './support/booking-test-app';
import { deliver, envelopeOf, reissued } from './support/payment-messages';

// Monday 07:00 in London (GMT); the day's slots are generated from here.
const START = '2027-03-22T07:00:00Z';

/** appointment.created put on booking-inbox as appointments' relay would: the two-way link (DESIGN §6.2). */
describe('appointment.created applied by booking (real PostgreSQL and Redis, through booking-inbox)', () => {
  let world: BookingTestWorld;
  let booking: BookingProcess;
  let barberId: string;
  let serviceId: string;

  beforeAll(async () => {
    world = await BookingTestWorld.create('appointment_link', START);
    booking = await world.start();
    barberId = (await aBarberWithHours(booking)).id;
    serviceId = (await aService(booking)).id;
  });

  afterAll(async () => {
    await world?.close();
  });

  const book = async (): Promise<BookingResource> => {
    const slots = await booking.slots.list({ barberId, date: '2027-03-23' });
    const slot = slots.find((s) => s.status === 'available');
    if (!slot) throw new Error('no free slot left');
    return (await booking.bookings.create({ actor: anActor('customer'), slotId: slot.id, serviceId })).booking;
  };

  it('knows a new booking\'s appointment id from the start: derived from the booking\'s, no message needed', async () => {
    const created = await book();
    expect(created.appointmentId).toBe(appointmentIdOf(created.id));
  });

  it('records the appointment id of a booking made before ids were derived once; a repeat or another id leaves the link as it is', async () => {
    const made = await book();
    await booking.madeBeforeDerivedIds(made.id);
    const created = await booking.bookings.get({ actor: admin, bookingId: made.id });
    expect(created.appointmentId).toBeNull();
    const appointmentId = randomUUID();
    const message = envelopeOf('appointment.created', { appointmentId, bookingId: created.id, barberId });

    world.clock.advance(1000);
    await deliver(booking, [message, message, reissued(message)]);
    const linked = await booking.bookings.get({ actor: admin, bookingId: created.id });
    expect(linked.appointmentId).toBe(appointmentId);
    expect(Date.parse(linked.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));

    await deliver(booking, [envelopeOf('appointment.created', { appointmentId: randomUUID(), bookingId: created.id, barberId })]);
    const after = await booking.bookings.get({ actor: admin, bookingId: created.id });
    expect(after.appointmentId).toBe(appointmentId);
    expect(after.updatedAt).toBe(linked.updatedAt);
  });
});
