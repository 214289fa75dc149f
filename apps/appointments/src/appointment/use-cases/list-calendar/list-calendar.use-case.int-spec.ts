import { randomUUID } from 'node:crypto';
import { ShopCalendar } from '../../../../../../test/support/calendar';
import { codeOf } from '../../../../../../test/support/domain-errors';
import { AppointmentsTestWorld, BookingStory, anActor } from '../../../../test/support/appointments-test-app';
import { ListCalendarUseCase } from './list-calendar.use-case';

const calendar = new ShopCalendar('UTC');
const [DAY, NEXT_DAY, LATER] = calendar.weekdays(3, { daysAhead: 3 });
const NOW = calendar.at(DAY, '07:00');
const DAY_MS = 86_400_000;

/**
 * ListCalendarUseCase against real PostgreSQL, its appointments made by real booking events: what
 * a barber's subscribed calendar shows (paid and completed visits in the range, by start), who may
 * read it, and which ranges it refuses. The feed over HTTP is in test/e2e/shop-management.e2e-spec.ts.
 */
describe('ListCalendarUseCase', () => {
  let world: AppointmentsTestWorld;
  let list: ListCalendarUseCase;
  const barberId = randomUUID();
  const barber = anActor('barber', { barberId });
  const admin = anActor('admin');
  const range = { from: calendar.at(DAY, '00:00'), to: calendar.at(NEXT_DAY, '00:00') };
  const starts: Record<string, string> = {};

  beforeAll(async () => {
    world = await AppointmentsTestWorld.start('list_calendar_use_case', NOW);
    list = world.app.get(ListCalendarUseCase);
    const booked = new Date(Date.parse(NOW) - 3_600_000).toISOString();
    const visit = async (name: string, date: string, time: string, steps: Array<'confirmed' | 'cancelled'>, ofBarber = barberId) => {
      const startsAt = calendar.at(date, time);
      const story = new BookingStory(ofBarber, startsAt, new Date(Date.parse(startsAt) + 30 * 60_000).toISOString());
      await world.deliver(story.created(booked));
      for (const step of steps) await world.deliver(step === 'confirmed' ? story.confirmed(booked) : story.cancelled(NOW));
      starts[name] = startsAt;
      return (await world.appointmentOf(story.bookingId))!.id;
    };
    const completed = await visit('completed', DAY, '09:00', ['confirmed']);
    await visit('paid', DAY, '10:00', ['confirmed']);
    await visit('pending', DAY, '11:00', []);
    await visit('cancelled', DAY, '12:00', ['confirmed', 'cancelled']);
    await visit('anotherBarbers', DAY, '13:00', ['confirmed'], randomUUID());
    await visit('nextDay', NEXT_DAY, '00:00', ['confirmed']);
    await visit('later', LATER, '09:00', ['confirmed']);
    world.clock.set(calendar.at(DAY, '09:45'));
    await world.rpc.complete({ actor: barber, appointmentId: completed });
    world.clock.set(NOW);
  });

  afterAll(async () => {
    await world?.close();
  });

  it("shows that barber or an admin the barber's paid and completed visits starting in [from, to), by start", async () => {
    for (const actor of [barber, admin]) {
      const shown = await list.execute({ actor, barberId, ...range });
      expect(shown.map((appointment) => [appointment.startsAt.toISOString(), appointment.status])).toEqual([
        [starts.completed, 'completed'],
        [starts.paid, 'paid'],
      ]);
    }
    const twoDays = await list.execute({ actor: barber, barberId, from: range.from, to: calendar.at(LATER, '23:00') });
    expect(twoDays.map((appointment) => appointment.startsAt.toISOString())).toEqual([starts.completed, starts.paid, starts.nextDay, starts.later]);
  });

  it('refuses another barber, a customer and a barber id that is not one (FORBIDDEN)', async () => {
    expect(await codeOf(list.execute({ actor: anActor('barber', { barberId: randomUUID() }), barberId, ...range }))).toBe('FORBIDDEN');
    expect(await codeOf(list.execute({ actor: anActor('customer'), barberId, ...range }))).toBe('FORBIDDEN');
    expect(await codeOf(list.execute({ actor: admin, barberId: 'not-an-id', ...range }))).toBe('FORBIDDEN');
  });

  it('refuses a range that is not one, runs backwards, is empty or longer than 400 days (INVALID_DATE); 400 days is fine', async () => {
    const from = Date.parse(range.from);
    const iso = (ms: number) => new Date(ms).toISOString();
    const codes = await Promise.all(
      [
        { from: 'soon', to: range.to },
        { from: range.from, to: 'later' },
        { from: range.to, to: range.from },
        { from: range.from, to: range.from },
        { from: range.from, to: iso(from + 400 * DAY_MS + 1) },
      ].map((bad) => codeOf(list.execute({ actor: admin, barberId, ...bad }))),
    );
    expect(codes).toEqual(['INVALID_DATE', 'INVALID_DATE', 'INVALID_DATE', 'INVALID_DATE', 'INVALID_DATE']);
    expect(await codeOf(list.execute({ actor: admin, barberId, from: range.from, to: iso(from + 400 * DAY_MS) }))).toBe('no error');
  });
});
