import { MAX_SLOT_QUERY_DAYS, parseSlotQuery } from './slot-query';

describe('parseSlotQuery: one day, or a range of at most 14 days, optionally one status', () => {
  it('reads one date as a one-day range', () => {
    expect(parseSlotQuery({ date: '2027-03-01' })).toEqual({ firstDay: '2027-03-01', lastDay: '2027-03-01', status: null });
  });

  it('reads from and to, both included, with a status', () => {
    expect(parseSlotQuery({ from: '2027-03-01', to: '2027-03-14', status: 'available' })).toEqual({
      firstDay: '2027-03-01',
      lastDay: '2027-03-14',
      status: 'available',
    });
  });

  it('accepts exactly 14 days across a month end and refuses 15', () => {
    expect(parseSlotQuery({ from: '2027-02-20', to: '2027-03-05' }).lastDay).toBe('2027-03-05');
    expect(MAX_SLOT_QUERY_DAYS).toBe(14);
    expect(() => parseSlotQuery({ from: '2027-02-20', to: '2027-03-06' })).toThrow(expect.objectContaining({ code: 'INVALID_TIME_RANGE' }));
  });

  it('refuses a range that ends before it starts, half a range, or a range beside a date', () => {
    expect(() => parseSlotQuery({ from: '2027-03-02', to: '2027-03-01' })).toThrow(expect.objectContaining({ code: 'INVALID_TIME_RANGE' }));
    expect(() => parseSlotQuery({ from: '2027-03-02' })).toThrow(expect.objectContaining({ code: 'INVALID_TIME_RANGE' }));
    expect(() => parseSlotQuery({ date: '2027-03-02', from: '2027-03-02', to: '2027-03-03' })).toThrow(
      expect.objectContaining({ code: 'INVALID_TIME_RANGE' }),
    );
  });

  it('refuses a date that does not exist, no date at all, and an unknown status', () => {
    expect(() => parseSlotQuery({ from: '2027-02-30', to: '2027-03-03' })).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
    expect(() => parseSlotQuery({})).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
    expect(() => parseSlotQuery({ date: '2027-03-02', status: 'free' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
