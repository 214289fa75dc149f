import type { Schemas } from '../../api/client';

export type AttentionItem = Schemas['AttentionItemResponse'];
export type AttentionKind = AttentionItem['kind'];

/** What each attention item is, and what a person does next (DESIGN §5). */
export function attentionInWords(kind: AttentionKind): { title: string; nextStep: string } {
  switch (kind) {
    case 'refund_failed':
      return {
        title: 'A refund failed',
        nextStep: 'The customer is still owed the money: retry the refund in the Stripe Dashboard or pay it back another way, then note it on the booking.',
      };
    case 'dispute_open':
      return {
        title: 'A payment is disputed',
        nextStep: 'Submit evidence in the Stripe Dashboard before the due date, or accept the dispute.',
      };
    case 'refunded_outside':
      return {
        title: 'Money was refunded outside the system',
        nextStep: 'Someone refunded it in the Stripe Dashboard; the booking was not changed. Cancel the booking if it should not take place.',
      };
    case 'payment_flagged':
      return {
        title: 'A payment was refused for its amount',
        nextStep: 'It is being refunded automatically; check the refund arrives and tell the customer to book again.',
      };
  }
}

const REPAIR_WORDS: Record<string, string> = {
  lapsed_hold_paid: 'Bookings paid after their hold lapsed',
  hold_lapsed: 'Holds past their end, released',
  missing_appointment_link: 'Bookings missing the link to their appointment',
  lost_payment: 'Payments whose webhook never arrived',
  lost_expiry: 'Checkout expiries whose webhook never arrived',
  lost_failure: 'Payment failures whose webhook never arrived',
  lost_refund_outcome: 'Refund outcomes never received',
  lost_money_event: 'Refunds or disputes never received',
  flagged_follow_up: 'Refused payments followed up',
  stale_pending: 'Appointments left pending after their booking ended',
};

/** A reconciler's repair kind ("lost_payment") as words. */
export function repairInWords(kind: string): string {
  const known = REPAIR_WORDS[kind];
  if (known) return known;
  const words = kind.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "booking-inbox-dlq" → "Booking inbox"; the queue a dead-letter queue belongs to, as words. */
export function queueInWords(queue: string): string {
  const inbox = queue.replace(/-dlq$/, '');
  const words = inbox.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "booking-inbox-dlq" → "booking-inbox" (what the replay endpoint names). */
export function inboxOf(queue: string): string {
  return queue.replace(/-dlq$/, '');
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A payment status in words, for the shop's eyes. */
export function paymentStatusInWords(status: Schemas['BookingResponse']['paymentStatus']): string {
  switch (status) {
    case 'unpaid':
      return 'Not paid';
    case 'paid':
      return 'Paid';
    case 'refund_pending':
      return 'Refund on its way';
    case 'refunded':
      return 'Refunded';
    case 'partially_refunded':
      return 'Partly refunded';
    case 'refund_failed':
      return 'Refund failed: the customer is still owed';
    case 'disputed':
      return 'Disputed by the customer’s bank';
    case 'dispute_lost':
      return 'Dispute lost: money returned to the customer';
  }
}

const HEALTH_WORDS: Record<string, string> = {
  database: 'Gateway database',
  redis: 'Redis (queues)',
  booking: 'Booking service',
  payments: 'Payments service',
  appointments: 'Appointments service',
};

export function healthComponentInWords(name: string): string {
  return HEALTH_WORDS[name] ?? name.charAt(0).toUpperCase() + name.slice(1);
}

/** The start of a calendar day in this browser's zone, as an instant (the bookings filter's from/to). */
export function startOfLocalDay(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(year, month - 1, day).toISOString();
}

/** "12.50" in a currency → 1250 minor units; null when it is not an amount. */
export function toMinorUnits(text: string, currency: string): number | null {
  const trimmed = text.trim().replace(/^[£$€]/, '').replace(/,/g, '');
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return null;
  const digits = new Intl.NumberFormat('en-GB', { style: 'currency', currency: currency.toUpperCase() }).resolvedOptions().maximumFractionDigits ?? 2;
  const [whole, fraction = ''] = trimmed.split('.');
  if (fraction.length > digits) return null;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

/** 1250 minor units → "12.50" (what the price field shows to edit). */
export function fromMinorUnits(minorUnits: number, currency: string): string {
  const digits = new Intl.NumberFormat('en-GB', { style: 'currency', currency: currency.toUpperCase() }).resolvedOptions().maximumFractionDigits ?? 2;
  return digits === 0 ? String(minorUnits) : (minorUnits / 10 ** digits).toFixed(digits);
}

/** Every IANA zone this browser knows, for the barber's time-zone picker. */
export function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['Europe/London', 'Europe/Dublin', 'Europe/Paris', 'America/New_York', 'UTC'];
  }
}

const INSTANT = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

/** An instant not tied to a barber (an attention item, a dead letter) in this browser's zone, the zone named. */
export function instantInWords(iso: string): string {
  return INSTANT.format(new Date(iso));
}
