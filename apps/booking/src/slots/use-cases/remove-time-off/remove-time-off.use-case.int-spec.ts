import { PayloadOf, TimeOffResource } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { ShopCalendar } from '../../../../../../test/support/calendar';
import { codeOf } from '../../../../../../test/support/domain-errors';
import {
  BookingProcess,
  BookingTestWorld,
  aBarberWithHours,
  admin,
  anActor,
  outboxEvents,
  tableCounts,
} from '../../../../test/support/booking-test-app';
import { RemoveTimeOffUseCase } from './remove-time-off.use-case';

const calendar = new ShopCalendar('Europe/London');
const [TODAY, DAY] = calendar.weekdays(2, { daysAhead: 3 });
const NOW = calendar.at(TODAY, '07:00');

/**
 * RemoveTimeOffUseCase against real PostgreSQL: which blocked slots open again (future ones that
 * no other time off still covers), what goes to the outbox, and who may remove what. Adding time
 * off is in apps/booking/test/slots.int-spec.ts.
 */
describe('RemoveTimeOffUseCase', () => {
  let world: BookingTestWorld;
  let booking: BookingProcess;

  beforeAll(async () => {
    world = await BookingTestWorld.create('remove_time_off_use_case', NOW);
    booking = await world.start({ holdExpiryIntervalSeconds: 3600 });
  });

  afterEach(() => {
    world.clock.set(NOW);
  });

  afterAll(async () => {
    await world?.close();
  });

  const remove = (barberId: string, timeOffId: string, actor = admin) =>
    booking.get(RemoveTimeOffUseCase).execute({ actor, barberId, timeOffId });

  const timeOff = (barberId: string, date: string, from: string, to: string): Promise<TimeOffResource> =>
    booking.slots.addBarberTimeOff({ actor: admin, barberId, startsAt: calendar.at(date, from), endsAt: calendar.at(date, to), reason: 'test' });

  /** "HH:mm status" of a barber's slots between two local times of a date. */
  async function statuses(barberId: string, date: string, from: string, to: string): Promise<string[]> {
    return (await booking.slots.list({ barberId, date }))
      .map((slot) => ({ time: calendar.localTime(slot.startsAt), status: slot.status }))
      .filter((slot) => slot.time >= from && slot.time < to)
      .map((slot) => `${slot.time} ${slot.status}`);
  }

  it('reopens the slots only this time off covered; those another time off still covers stay blocked', async () => {
    const barber = await aBarberWithHours(booking);
    const first = await timeOff(barber.id, DAY, '10:00', '12:00');
    await timeOff(barber.id, DAY, '11:00', '13:00');

    const removed = await remove(barber.id, first.id);

    expect(removed).toMatchObject({ id: first.id, barberId: barber.id, blockedSlots: 2 });
    expect(await statuses(barber.id, DAY, '09:30', '13:30')).toEqual([
      '09:30 available',
      '10:00 available',
      '10:30 available',
      '11:00 blocked',
      '11:30 blocked',
      '12:00 blocked',
      '12:30 blocked',
      '13:00 available',
    ]);
    const changes = (await outboxEvents<PayloadOf<'slot.changed'>>(booking.dataSource, 'slot.changed')).filter((event) => event.barberId === barber.id);
    expect(changes.at(-1)?.slots.map((slot) => `${calendar.localTime(slot.startsAt)} ${slot.status}`)).toEqual(['10:00 available', '10:30 available']);
  });

  it('leaves slots that already started blocked', async () => {
    const barber = await aBarberWithHours(booking);
    const today = await timeOff(barber.id, TODAY, '09:00', '11:00');
    world.clock.set(calendar.at(TODAY, '10:15'));

    expect(await remove(barber.id, today.id)).toMatchObject({ blockedSlots: 1 });

    expect(await statuses(barber.id, TODAY, '09:00', '11:00')).toEqual(['09:00 blocked', '09:30 blocked', '10:00 blocked', '10:30 available']);
  });

  it('lets that barber remove their own time off, and refuses another barber (FORBIDDEN) and an unknown or removed one (TIME_OFF_NOT_FOUND), changing nothing', async () => {
    const barber = await aBarberWithHours(booking);
    const other = await aBarberWithHours(booking);
    const own = await timeOff(barber.id, DAY, '15:00', '16:00');
    const gone = await timeOff(barber.id, DAY, '14:00', '15:00');
    await remove(barber.id, gone.id);
    const before = await tableCounts(booking.dataSource);

    const codes = {
      otherBarber: await codeOf(remove(barber.id, own.id, anActor('barber', { barberId: other.id }))),
      customer: await codeOf(remove(barber.id, own.id, anActor('customer'))),
      throughAnotherBarber: await codeOf(remove(other.id, own.id)),
      removedAlready: await codeOf(remove(barber.id, gone.id)),
      unknown: await codeOf(remove(barber.id, randomUUID())),
      notAnId: await codeOf(remove(barber.id, 'not-an-id')),
    };

    expect(codes).toEqual({
      otherBarber: 'FORBIDDEN',
      customer: 'FORBIDDEN',
      throughAnotherBarber: 'TIME_OFF_NOT_FOUND',
      removedAlready: 'TIME_OFF_NOT_FOUND',
      unknown: 'TIME_OFF_NOT_FOUND',
      notAnId: 'TIME_OFF_NOT_FOUND',
    });
    expect(await tableCounts(booking.dataSource)).toEqual(before);
    expect(await remove(barber.id, own.id, anActor('barber', { barberId: barber.id }))).toMatchObject({ id: own.id, blockedSlots: 2 });
  });
});
