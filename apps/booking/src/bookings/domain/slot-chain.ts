/** A slot as the chain needs it. */
export interface ChainSlot {
  id: string;
  startsAt: Date;
  endsAt: Date;
}

/**
 * The slots a service takes: the chosen slot, then each next slot of the barber that starts
 * exactly where the previous one ends, until together they last at least `durationMinutes`.
 * Null when the grid cannot cover it (end of the day's hours, a gap, a shorter next slot missing).
 * `following` are the barber's slots after the first, in start order.
 */
export function selectSlotChain<S extends ChainSlot>(first: S, following: readonly S[], durationMinutes: number): S[] | null {
  const needed = durationMinutes * 60_000;
  const chain: S[] = [first];
  let covered = first.endsAt.getTime() - first.startsAt.getTime();
  let end = first.endsAt.getTime();
  for (const slot of following) {
    if (covered >= needed) break;
    if (slot.startsAt.getTime() < end) continue;
    if (slot.startsAt.getTime() > end) return null;
    chain.push(slot);
    covered += slot.endsAt.getTime() - slot.startsAt.getTime();
    end = slot.endsAt.getTime();
  }
  return covered >= needed ? chain : null;
}
