import { namedDateTime, namedLocalTime } from '../../lib/format';

/** An instant in the barber's zone, named: "09:30 London time", or with its date. */
export function LocalTime({ iso, timeZone, withDate = false }: { iso: string; timeZone: string; withDate?: boolean }) {
  return <time dateTime={iso}>{withDate ? namedDateTime(iso, timeZone) : namedLocalTime(iso, timeZone)}</time>;
}
