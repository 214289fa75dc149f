/**
 * Money and times as a customer reads them (DESIGN §12): amounts through Intl.NumberFormat from
 * integer minor units, times in the barber's time zone and named ("09:30 London time"). Intl only:
 * no date library in the bundle.
 */

const LOCALE = 'en-GB';

/** 3000 gbp → "£30.00"; 1500 jpy → "¥1,500": the currency's own number of minor digits. */
export function formatMoney(minorUnits: number, currency: string, locale: string = LOCALE): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minorUnits / 10 ** digits);
}

/** "Europe/London" → "London time", "America/New_York" → "New York time", "UTC" → "UTC". */
export function zoneName(timeZone: string): string {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 'UTC';
  const city = timeZone.split('/').pop() ?? timeZone;
  return `${city.replace(/_/g, ' ')} time`;
}

/** The wall-clock time of an instant in a zone, 24-hour: "09:30". */
export function localTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat(LOCALE, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const hour = parts.find((part) => part.type === 'hour')?.value ?? '00';
  const minute = parts.find((part) => part.type === 'minute')?.value ?? '00';
  return `${hour}:${minute}`;
}

/** "09:30 London time". */
export function namedLocalTime(iso: string, timeZone: string): string {
  return `${localTime(iso, timeZone)} ${zoneName(timeZone)}`;
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(iso: string | Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    typeof iso === 'string' ? new Date(iso) : iso,
  );
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** A calendar date plus whole days (calendar arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** "2027-01-05" → "Tuesday 5 January 2027". */
export function longDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(LOCALE, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(Date.UTC(year, month - 1, day, 12)),
  );
}

/** "Tuesday 5 January 2027, 09:30 London time": a booking's start as a sentence fragment. */
export function namedDateTime(iso: string, timeZone: string): string {
  return `${longDate(localDate(iso, timeZone))}, ${namedLocalTime(iso, timeZone)}`;
}

/** "Tue 8 Dec, 11:00 London time" ("Tue 8 Dec, 11:00" without the zone): a short start, for sentences. */
export function shortDateTime(iso: string, timeZone: string, { zone = true }: { zone?: boolean } = {}): string {
  const [year, month, day] = localDate(iso, timeZone).split('-').map(Number);
  const date = new Intl.DateTimeFormat(LOCALE, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(Date.UTC(year, month - 1, day, 12)));
  return `${date.replace(/,/g, '')}, ${zone ? namedLocalTime(iso, timeZone) : localTime(iso, timeZone)}`;
}

/** "30 min", "1 h", "1 h 15 min". */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** YYYY-MM-DD, as `<input type="date">` gives it. */
export function isCalendarDate(value: string | null | undefined): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && addDays(value, 0) === value;
}
