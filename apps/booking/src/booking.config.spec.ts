import { ConfigError } from '@app/platform';
import { loadBookingConfig } from './booking.config';

describe('booking configuration', () => {
  it('defaults the hold grace to 60 s and the expiry sweep to every 5 s', () => {
    expect(loadBookingConfig({})).toMatchObject({
      holdMinutes: 30,
      holdGraceSeconds: 60,
      holdExpiryIntervalSeconds: 5,
      slotHorizonDays: 28,
    });
  });

  it('reads them from the environment, and a bad value names its variable', () => {
    expect(
      loadBookingConfig({ BOOKING_HOLD_GRACE_SECONDS: '0', HOLD_EXPIRY_INTERVAL_SECONDS: '2' }),
    ).toMatchObject({
      holdGraceSeconds: 0,
      holdExpiryIntervalSeconds: 2,
    });
    expect(() => loadBookingConfig({ HOLD_EXPIRY_INTERVAL_SECONDS: '0' })).toThrow(ConfigError);
    expect(() => loadBookingConfig({ BOOKING_HOLD_GRACE_SECONDS: 'soon' })).toThrow(
      /BOOKING_HOLD_GRACE_SECONDS/,
    );
  });

  it('takes BOOKING_HOLD_MINUTES from 1 to 1440 (a Checkout Session lives at most 24 h)', () => {
    expect(loadBookingConfig({ BOOKING_HOLD_MINUTES: '1' }).holdMinutes).toBe(1);
    expect(loadBookingConfig({ BOOKING_HOLD_MINUTES: '1440' }).holdMinutes).toBe(1440);
  });

  it.each(['0', '1441', '-5', '2.5', 'half an hour', ''])(
    'refuses BOOKING_HOLD_MINUTES=%j at start, naming the variable and its range',
    (value) => {
      expect(() => loadBookingConfig({ BOOKING_HOLD_MINUTES: value })).toThrow(ConfigError);
      expect(() => loadBookingConfig({ BOOKING_HOLD_MINUTES: value })).toThrow(
        `BOOKING_HOLD_MINUTES: must be a whole number from 1 to 1440 (Stripe Checkout Sessions last at most 24 h) (got ${JSON.stringify(value)})`,
      );
    },
  );
});
