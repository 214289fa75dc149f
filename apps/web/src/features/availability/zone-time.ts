/**
 * The UTC instant of a wall-clock time in a zone, from `<input type="datetime-local">`'s
 * "YYYY-MM-DDTHH:MM" (Intl only, no date library: the zone's offsets are scanned). Null when the
 * value is not a time, or the time does not exist there (skipped by a clock change).
 */
export function instantInZone(local: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  // Later offsets first: in an hour that happens twice, the first (summer) one is meant.
  for (let offsetMinutes = 14 * 60; offsetMinutes >= -14 * 60; offsetMinutes -= 15) {
    const candidate = new Date(guess - offsetMinutes * 60_000);
    if (format.format(candidate).replace(', ', 'T') === local) return candidate.toISOString();
  }
  return null;
}
