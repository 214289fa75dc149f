import { ChainSlot, selectSlotChain } from './slot-chain';

const at = (hhmm: string) => new Date(`2027-01-04T${hhmm}:00Z`);
const slot = (id: string, start: string, end: string): ChainSlot => ({ id, startsAt: at(start), endsAt: at(end) });

describe('consecutive slot chain for a service', () => {
  const day = [
    slot('a', '09:00', '09:30'),
    slot('b', '09:30', '10:00'),
    slot('c', '10:00', '10:30'),
    // gap 10:30–11:00
    slot('d', '11:00', '11:30'),
    slot('e', '11:30', '12:00'),
  ];
  const chainFrom = (id: string, minutes: number) => {
    const index = day.findIndex((s) => s.id === id);
    return selectSlotChain(day[index], day.slice(index + 1), minutes)?.map((s) => s.id) ?? null;
  };

  it('takes one slot when it covers the service', () => {
    expect(chainFrom('a', 30)).toEqual(['a']);
    expect(chainFrom('a', 20)).toEqual(['a']);
  });

  it('takes consecutive slots until the service is covered', () => {
    expect(chainFrom('a', 60)).toEqual(['a', 'b']);
    expect(chainFrom('a', 61)).toEqual(['a', 'b', 'c']);
    expect(chainFrom('a', 90)).toEqual(['a', 'b', 'c']);
  });

  it('does not fit across a gap or past the last slot of the day', () => {
    expect(chainFrom('b', 90)).toBeNull();
    expect(chainFrom('c', 60)).toBeNull();
    expect(chainFrom('e', 60)).toBeNull();
    expect(chainFrom('d', 60)).toEqual(['d', 'e']);
  });
});
