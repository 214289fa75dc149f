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
    expect(loadBookingConfig({ BOOKING_HOLD_GRACE_SECONDS: '0', HOLD_EXPIRY_INTERVAL_SECONDS: '2' })).toMatchObject({
      holdGraceSeconds: 0,
      holdExpiryIntervalSeconds: 2,
    });
    expect(() => loadBookingConfig({ HOLD_EXPIRY_INTERVAL_SECONDS: '0' })).toThrow(ConfigError);
    expect(() => loadBookingConfig({ BOOKING_HOLD_GRACE_SECONDS: 'soon' })).toThrow(/BOOKING_HOLD_GRACE_SECONDS/);
  });
});
