import { SlotBookedError } from './slot.errors';

describe('SLOT_BOOKED', () => {
  const booking = {
    bookingId: '0f8fad5b-d9cb-469f-a165-70867728950e',
    customerName: 'Morgan',
    serviceName: 'Skin fade',
    startsAt: new Date('2026-12-08T11:00:00Z'),
    endsAt: new Date('2026-12-08T11:30:00Z'),
    timeZone: 'Europe/London',
    paid: true,
  };

  it("names each booking in the way the way the barber sees it: who, what, when in the barber's zone, and which booking", () => {
    const error = new SlotBookedError([booking, { ...booking, customerName: 'Sam', paid: false, startsAt: new Date('2026-12-08T15:00:00Z'), endsAt: new Date('2026-12-08T15:30:00Z'), timeZone: 'America/New_York' }]);
    expect(error.code).toBe('SLOT_BOOKED');
    expect(error.message).toBe(
      "Morgan's booking for Skin fade on Tue 8 Dec, 11:00–11:30 (Europe/London time; booking 0f8fad5b-d9cb-469f-a165-70867728950e); " +
        "Sam's unpaid hold for Skin fade on Tue 8 Dec, 10:00–10:30 (America/New_York time; booking 0f8fad5b-d9cb-469f-a165-70867728950e) " +
        'fall inside that time: cancel or move them first, or choose other times.',
    );
  });

  it('still says what to do when the booking cannot be named', () => {
    expect(new SlotBookedError().message).toBe('A held or booked slot falls inside that time; cancel or move it first.');
  });
});
