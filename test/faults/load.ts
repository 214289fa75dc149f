import { randomUUID } from 'node:crypto';
import type { DeliverSelection, StripeStandIn } from '../../tools/stripe-standin/src/server';
import { StripeApiError } from '../../tools/stripe-standin/src/stripe-errors';
import type { Json } from '../support/http-client';
import { Random } from './random';

/** What the load generator drives: the gateway, the accounts and catalog set up for it, the stand-in. */
export interface LoadWorld {
  gatewayUrl: string;
  adminToken: string;
  customers: Array<{ id: string; token: string }>;
  barbers: string[];
  /** A 30-minute service (one slot) and a 60-minute one (two consecutive 30-minute slots). */
  services: { single: string; double: string };
  /** Calendar dates (UTC) with slots. */
  dates: string[];
  /** BOOKING_HOLD_GRACE_SECONDS, to aim payments at the edge of a hold. */
  holdGraceSeconds: number;
}

/** Operations by kind, each with its outcomes (HTTP status, `ERR` for no answer, `ok`/`refused` for Stripe flows). */
export class OperationStats {
  private readonly byKind = new Map<string, Map<string, number>>();
  /** Answers that break a promise on the spot (e.g. an idempotent retry that made a second booking). */
  readonly anomalies: string[] = [];

  record(kind: string, outcome: string | number): void {
    let outcomes = this.byKind.get(kind);
    if (!outcomes) this.byKind.set(kind, (outcomes = new Map()));
    const key = String(outcome);
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  }

  count(kind: string, outcome: string | number): number {
    return this.byKind.get(kind)?.get(String(outcome)) ?? 0;
  }

  get total(): number {
    let total = 0;
    for (const outcomes of this.byKind.values()) for (const n of outcomes.values()) total += n;
    return total;
  }

  summary(): Record<string, { count: number; outcomes: Record<string, number> }> {
    return Object.fromEntries(
      [...this.byKind.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([kind, outcomes]) => [
          kind,
          {
            count: [...outcomes.values()].reduce((sum, n) => sum + n, 0),
            outcomes: Object.fromEntries(
              [...outcomes.entries()].sort(([a], [b]) => a.localeCompare(b)),
            ),
          },
        ]),
    );
  }
}

interface Answer {
  status: number | 'ERR';
  body: Json;
}

type Delivery = { name: string; selection: DeliverSelection; lateRedelivery?: boolean };

const SYNC_PAY: Array<[Delivery, number]> = [
  [{ name: 'all', selection: 'all' }, 35],
  [
    { name: 'reordered', selection: ['payment_intent.succeeded', 'checkout.session.completed'] },
    15,
  ],
  [
    {
      name: 'duplicated',
      selection: [
        'checkout.session.completed',
        'payment_intent.succeeded',
        'checkout.session.completed',
        'payment_intent.succeeded',
      ],
    },
    10,
  ],
  [{ name: 'one-of-two', selection: ['payment_intent.succeeded'] }, 10],
  [{ name: 'lost', selection: 'none' }, 15],
  [{ name: 'late', selection: 'none', lateRedelivery: true }, 15],
];
const ASYNC_PAY: Array<[Delivery, number]> = [
  [{ name: 'all', selection: 'all' }, 50],
  [
    {
      name: 'reordered',
      selection: [
        'payment_intent.succeeded',
        'checkout.session.async_payment_succeeded',
        'checkout.session.completed',
      ],
    },
    25,
  ],
  [{ name: 'lost', selection: 'none' }, 25],
];
const ASYNC_FAIL: Array<[Delivery, number]> = [
  [{ name: 'all', selection: 'all' }, 50],
  [
    {
      name: 'reordered',
      selection: [
        'payment_intent.payment_failed',
        'checkout.session.async_payment_failed',
        'checkout.session.completed',
      ],
    },
    25,
  ],
  [{ name: 'lost', selection: 'none' }, 25],
];
const ABANDON: Array<[Delivery, number]> = [
  [{ name: 'all', selection: 'all' }, 50],
  [{ name: 'duplicated', selection: ['checkout.session.expired', 'checkout.session.expired'] }, 20],
  [{ name: 'lost', selection: 'none' }, 30],
];

type Fate =
  | 'pay'
  | 'pay_async'
  | 'pay_wrong_amount'
  | 'pay_then_cancel'
  | 'pay_at_hold_end'
  | 'abandon'
  | 'async_fails'
  | 'cancel_pending'
  | 'move_pending'
  | 'pay_then_move'
  | 'leave';
const FATES: Array<[Fate, number]> = [
  ['pay', 26],
  ['pay_async', 7],
  ['pay_wrong_amount', 2],
  ['pay_then_cancel', 20],
  ['pay_at_hold_end', 5],
  ['abandon', 12],
  ['async_fails', 5],
  ['cancel_pending', 12],
  // DESIGN §6.7: moves racing payments, webhooks (late, lost, reordered), cancellations and expiry.
  ['move_pending', 7],
  ['pay_then_move', 9],
  ['leave', 11],
];

const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Randomized customers against the gateway and the stand-in: bookings of one and two slots on a
 * small set of dates (some aimed at a few hot slots everyone wants), then a fate for each —
 * paid with webhooks delivered in order, reordered, duplicated, half-lost, lost (only
 * reconciliation finds them) or late; paid in the last seconds of the hold; paid with the wrong
 * amount; abandoned; failed; cancelled before or after payment; or left to lapse — plus reads
 * and redeliveries of old events. Actions due later (a late webhook, a cancellation) are timers;
 * `stop()` runs them at once.
 */
export class LoadGenerator {
  readonly stats = new OperationStats();
  private readonly pastEvents: string[] = [];
  private readonly deferred = new Map<NodeJS.Timeout, () => Promise<void>>();
  private readonly running = new Set<Promise<void>>();
  private stopping = false;
  private deadline = 0;
  /** Index into the dates of the hot slots' day. */
  private hotDate = 0;

  constructor(
    private readonly world: LoadWorld,
    private readonly stripe: StripeStandIn,
    private readonly random: Random,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** `workers` customers at a time until `deadline` (epoch ms); then the deferred actions, at once. */
  async run(workers: number, deadline: number): Promise<void> {
    this.deadline = deadline;
    await Promise.all(Array.from({ length: workers }, (_, index) => this.worker(index)));
    await this.stop();
  }

  /** End the run now: each worker stops after the step in hand. */
  abort(): void {
    this.deadline = 0;
  }

  private async worker(index: number): Promise<void> {
    const random = this.random.fork(index);
    while (Date.now() < this.deadline) {
      const customer = random.pick(this.world.customers);
      try {
        await this.journey(random, customer);
      } catch (error) {
        this.stats.record(
          'journey',
          `threw: ${error instanceof Error ? error.message.slice(0, 80) : String(error)}`,
        );
      }
      await pause(random.int(0, 150));
    }
  }

  /** Run every deferred action now and wait for all of them. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const [timer, action] of this.deferred) {
      clearTimeout(timer);
      this.deferred.delete(timer);
      this.track(action());
    }
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private defer(delayMs: number, action: () => Promise<void>): void {
    if (this.stopping) {
      this.track(action());
      return;
    }
    const timer = setTimeout(() => {
      this.deferred.delete(timer);
      this.track(action());
    }, delayMs);
    this.deferred.set(timer, action);
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) =>
      this.stats.record('deferred', `threw: ${String(error).slice(0, 80)}`),
    );
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }

  private async journey(random: Random, customer: { id: string; token: string }): Promise<void> {
    const roll = random.next();
    if (roll < 0.08) return this.browse(random, customer);
    if (roll < 0.13) return this.redeliverOldEvent(random);
    await this.bookAndDecide(random, customer);
  }

  private async browse(random: Random, customer: { token: string }): Promise<void> {
    switch (random.int(0, 2)) {
      case 0:
        this.stats.record(
          'get_slots',
          (
            await this.call(
              'GET',
              `/barbers/${random.pick(this.world.barbers)}/slots?date=${random.pick(this.world.dates)}`,
            )
          ).status,
        );
        return;
      case 1:
        this.stats.record(
          'list_own_bookings',
          (await this.call('GET', '/bookings?limit=20', customer.token)).status,
        );
        return;
      default:
        this.stats.record(
          'admin_dlq_counts',
          (await this.call('GET', '/admin/dlq', this.world.adminToken)).status,
        );
    }
  }

  private async redeliverOldEvent(random: Random): Promise<void> {
    if (this.pastEvents.length === 0) return;
    await this.stripeFlow('redeliver_old_event', () =>
      this.stripe.redeliver(random.pick(this.pastEvents)),
    );
  }

  private async bookAndDecide(
    random: Random,
    customer: { id: string; token: string },
  ): Promise<void> {
    const double = random.next() < 0.3;
    const slotId = await this.pickSlot(random);
    if (!slotId) return;
    const idempotencyKey = random.next() < 0.1 ? randomUUID() : undefined;
    const kind = double ? 'book_two_slots' : 'book_one_slot';
    const body = {
      slotId,
      serviceId: double ? this.world.services.double : this.world.services.single,
    };
    const headers = idempotencyKey ? { 'idempotency-key': idempotencyKey } : undefined;
    const created = await this.call('POST', '/bookings', customer.token, body, headers);
    this.stats.record(kind, created.status);
    if (created.status !== 201) return;
    let booking: Json = created.body;
    if (idempotencyKey) {
      const again = await this.call('POST', '/bookings', customer.token, body, headers);
      this.stats.record(
        'book_again_same_key',
        again.status === 201 && again.body.id !== booking.id ? 'second booking!' : again.status,
      );
      if (again.status === 201 && again.body.id !== booking.id)
        this.stats.anomalies.push(
          `Idempotency-Key ${idempotencyKey} made bookings ${booking.id} and ${again.body.id}`,
        );
    }
    for (let attempt = 0; !booking.checkout && attempt < 3; attempt += 1) {
      await pause(300 * (attempt + 1));
      const retried = await this.call('POST', `/bookings/${booking.id}/checkout`, customer.token);
      this.stats.record('checkout_again', retried.status);
      if (retried.status === 200 || retried.status === 201) booking = retried.body;
    }
    if (!booking.checkout) return; // The hold lapses on its own.
    if (random.next() < 0.3)
      this.stats.record(
        'get_booking',
        (await this.call('GET', `/bookings/${booking.id}`, customer.token)).status,
      );
    await this.fate(random, random.weighted(FATES), booking, customer);
  }

  private async fate(
    random: Random,
    fate: Fate,
    booking: Json,
    customer: { token: string },
  ): Promise<void> {
    const sessionId: string = booking.checkout.sessionId;
    switch (fate) {
      case 'pay':
        return this.pay(random, sessionId);
      case 'pay_async':
        return this.pay(random, sessionId, { async: true });
      case 'pay_wrong_amount':
        return this.pay(random, sessionId, { amountCents: Number(booking.priceCents) + 1 });
      case 'pay_then_cancel': {
        await this.pay(random, sessionId);
        const byAdmin = random.next() < 0.4;
        this.defer(random.int(500, 8000), () =>
          this.cancel(
            booking.id,
            byAdmin ? this.world.adminToken : customer.token,
            byAdmin ? 'admin' : 'customer',
          ),
        );
        return;
      }
      case 'pay_at_hold_end': {
        // Right around the end of the hold (plus its grace): the payment races the expiry.
        const edge = new Date(booking.holdExpiresAt).getTime() + this.world.holdGraceSeconds * 1000;
        this.defer(Math.max(0, edge - Date.now() + random.int(-4000, 2000)), () =>
          this.pay(random, sessionId, {}, 'pay_at_hold_end'),
        );
        return;
      }
      case 'abandon': {
        const delivery = random.weighted(ABANDON);
        await this.stripeFlow(`abandon/${delivery.name}`, () =>
          this.stripe.abandon(sessionId, { deliver: delivery.selection }),
        );
        return;
      }
      case 'async_fails': {
        const delivery = random.weighted(ASYNC_FAIL);
        await this.stripeFlow(`async_payment_fails/${delivery.name}`, () =>
          this.stripe.asyncPaymentFails(sessionId, { deliver: delivery.selection }),
        );
        return;
      }
      case 'cancel_pending':
        await pause(random.int(0, 500));
        return this.cancel(booking.id, customer.token, 'customer');
      case 'move_pending': {
        // The move and the payment go out together: either may land first.
        await Promise.all([this.move(random, booking, customer), random.next() < 0.7 ? this.pay(random, sessionId) : Promise.resolve()]);
        return;
      }
      case 'pay_then_move': {
        await this.pay(random, sessionId);
        const delay = random.int(0, 6000);
        this.defer(delay, () => this.move(random, booking, customer));
        // Sometimes a second move of the same booking at the same moment (two tabs, customer and admin).
        if (random.next() < 0.3) this.defer(delay, () => this.move(random, booking, customer));
        if (random.next() < 0.3) this.defer(random.int(0, 6000), () => this.cancel(booking.id, customer.token, 'customer'));
        return;
      }
      case 'leave':
        return;
    }
  }

  private async pay(
    random: Random,
    sessionId: string,
    options: { async?: boolean; amountCents?: number } = {},
    kind?: string,
  ): Promise<void> {
    const delivery = random.weighted(options.async ? ASYNC_PAY : SYNC_PAY);
    const name =
      kind ??
      (options.async
        ? 'pay_async'
        : options.amountCents !== undefined
          ? 'pay_wrong_amount'
          : 'pay');
    const outcome = await this.stripeFlow(`${name}/${delivery.name}`, () =>
      this.stripe.pay(sessionId, { ...options, deliver: delivery.selection }),
    );
    if (outcome && delivery.lateRedelivery) {
      // Delivered late, in a shuffled order, one of them twice.
      const ids = random.shuffle(outcome.events.map((event) => event.id));
      ids.push(random.pick(ids));
      this.defer(random.int(1000, 20_000), async () => {
        for (const id of ids)
          await this.stripeFlow('late_webhook', () => this.stripe.redeliver(id));
      });
    }
  }

  private async cancel(bookingId: string, token: string, by: string): Promise<void> {
    this.stats.record(
      `cancel_by_${by}`,
      (await this.call('POST', `/bookings/${bookingId}/cancel`, token, { reason: 'fault suite' }))
        .status,
    );
  }

  /** Move the booking to another time of its barber (mostly one that looked free), as its customer or, sometimes, an admin. */
  private async move(random: Random, booking: Json, customer: { token: string }): Promise<void> {
    const date = random.pick(this.world.dates);
    const answer = await this.call('GET', `/barbers/${String(booking.barberId)}/slots?date=${date}`);
    if (answer.status !== 200 || !Array.isArray(answer.body) || answer.body.length === 0) return;
    const slots = answer.body as Array<{ id: string; status: string }>;
    const free = slots.filter((slot) => slot.status === 'available');
    const target = free.length > 0 && random.next() < 0.8 ? random.pick(free) : random.pick(slots);
    const byAdmin = random.next() < 0.3;
    const headers = random.next() < 0.2 ? { 'idempotency-key': randomUUID() } : undefined;
    const token = byAdmin ? this.world.adminToken : customer.token;
    const moved = await this.call('POST', `/bookings/${String(booking.id)}/reschedule`, token, { slotId: target.id }, headers);
    this.stats.record(`reschedule_by_${byAdmin ? 'admin' : 'customer'}`, moved.status);
    if (headers && moved.status === 200) {
      const again = await this.call('POST', `/bookings/${String(booking.id)}/reschedule`, token, { slotId: target.id }, headers);
      this.stats.record('reschedule_again_same_key', again.status);
    }
  }

  private async pickSlot(random: Random): Promise<string | null> {
    // Half the time everyone wants the same few slots: the first barber's earliest free ones (the
    // frontier moves on as they are paid for, so the race goes on all run long).
    const hot = random.next() < 0.5;
    const barber = hot ? this.world.barbers[0] : random.pick(this.world.barbers);
    const date = hot ? this.world.dates[this.hotDate] : random.pick(this.world.dates);
    const answer = await this.call('GET', `/barbers/${barber}/slots?date=${date}`);
    this.stats.record('get_slots', answer.status);
    if (answer.status !== 200 || !Array.isArray(answer.body) || answer.body.length === 0)
      return null;
    const slots = answer.body as Array<{ id: string; status: string }>;
    const free = slots.filter((slot) => slot.status === 'available');
    if (hot && free.length === 0 && this.hotDate < this.world.dates.length - 1) this.hotDate += 1;
    const candidates = hot ? (free.length > 0 ? free.slice(0, 4) : slots) : slots;
    const available = candidates.filter((slot) => slot.status === 'available');
    // Mostly a slot that looked free; sometimes any (a 409 is part of the load too).
    return (
      available.length > 0 && random.next() < 0.8 ? random.pick(available) : random.pick(candidates)
    ).id;
  }

  private async stripeFlow<T extends object>(
    kind: string,
    flow: () => Promise<T>,
  ): Promise<T | null> {
    try {
      const outcome = await flow();
      if ('events' in outcome && Array.isArray(outcome.events))
        for (const event of outcome.events as Array<{ id: string }>) this.rememberEvent(event.id);
      this.stats.record(kind, 'ok');
      return outcome;
    } catch (error) {
      // The session is no longer open (expired with its booking, already paid): Stripe refuses.
      // Anything else is the load generator's own mistake and shows as such in the table.
      this.stats.record(
        kind,
        error instanceof StripeApiError ? 'refused' : `threw: ${String(error).slice(0, 80)}`,
      );
      return null;
    }
  }

  private rememberEvent(id: string): void {
    this.pastEvents.push(id);
    if (this.pastEvents.length > 2000) this.pastEvents.splice(0, 1000);
  }

  private async call(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const payload = body ?? (method === 'POST' ? {} : undefined);
    try {
      const response = await fetch(`${this.world.gatewayUrl}${path}`, {
        method,
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: payload === undefined ? undefined : JSON.stringify(payload),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      let parsed: Json;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = text;
      }
      // A process or a database going away is a 503 (try again); a 500 is a failure we did not expect.
      if (response.status === 500)
        this.stats.anomalies.push(
          `${method} ${path.split('?')[0]} answered 500: ${text.slice(0, 200)}`,
        );
      // Like a real client, back off a little from a service that is not there right now.
      if (response.status === 503) await pause(200 + Math.floor(Math.random() * 300));
      return { status: response.status, body: parsed };
    } catch {
      await pause(200 + Math.floor(Math.random() * 300));
      return { status: 'ERR', body: undefined };
    }
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
