import { describe, expect, it } from 'vitest';
import { fromMinorUnits, inboxOf, queueInWords, repairInWords, toMinorUnits } from './admin-words';

describe('Admin words', () => {
  it('reads a typed price into minor units of its currency, and refuses what is not an amount', () => {
    expect(toMinorUnits('32.50', 'gbp')).toBe(3250);
    expect(toMinorUnits('£35', 'gbp')).toBe(3500);
    expect(toMinorUnits(' 1,200.5 ', 'usd')).toBe(120050);
    expect(toMinorUnits('1500', 'jpy')).toBe(1500);
    expect(toMinorUnits('12.345', 'gbp')).toBeNull();
    expect(toMinorUnits('ten', 'gbp')).toBeNull();
    expect(toMinorUnits('-5', 'gbp')).toBeNull();
  });

  it('shows minor units as the price field’s text', () => {
    expect(fromMinorUnits(3000, 'gbp')).toBe('30.00');
    expect(fromMinorUnits(1500, 'jpy')).toBe('1500');
  });

  it('names reconcile repairs and queues in words', () => {
    expect(repairInWords('lost_payment')).toBe('Payments whose webhook never arrived');
    expect(repairInWords('some_new_kind')).toBe('Some new kind');
    expect(queueInWords('gateway-live-dlq')).toBe('Gateway live');
    expect(inboxOf('booking-inbox-dlq')).toBe('booking-inbox');
  });
});
