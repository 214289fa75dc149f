/**
 * bench/lost-webhook (P4) — a paid Checkout Session whose webhooks never arrive (the stand-in's
 * `deliver: 'none'`): seconds from the payment to the booking being `confirmed` by
 * reconciliation, with the default RECONCILE_INTERVAL_SECONDS and
 * RECONCILE_STRIPE_AFTER_SECONDS (read from the payments config itself). Target: ≤ 60 s.
 *
 * Every RECONCILE_INTERVAL_SECONDS the payments reconciler reads Stripe's event log for Checkout
 * events older than EVENT_GRACE_SECONDS that no webhook brought (the events pass), and looks up
 * each payment open longer than RECONCILE_STRIPE_AFTER_SECONDS. Cases run side by side, on
 * bookings created together:
 * - `paid at once`, `paid 10 s in`, `paid 20 s in`: found by the events pass, bounded by
 *   RECONCILE_INTERVAL_SECONDS + EVENT_GRACE_SECONDS whatever the phase of the interval;
 * - `paid late`: paid once the session is RECONCILE_STRIPE_AFTER_SECONDS old (a customer who
 *   took a while at the checkout page), when the lookups also apply — bounded by
 *   RECONCILE_INTERVAL_SECONDS + EVENT_GRACE_SECONDS too.
 * The whole run takes about RECONCILE_STRIPE_AFTER_SECONDS + RECONCILE_INTERVAL_SECONDS.
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { loadPaymentsConfig } from '../../apps/payments/src/payments.config';
import { EVENT_GRACE_SECONDS } from '../../apps/payments/src/reconcile/reconcile-payments.use-case';
import { setUpShop, startBenchSystem } from '../support/bench-system';
import { benchmark } from '../support/benchmark';
import { delay } from '../support/cleanup';

interface Case {
  name: string;
  /** Seconds between the Checkout Session's creation and the payment. */
  paidAfterSeconds: number;
  /** Seconds from the payment to the booking read back `confirmed`. */
  seconds: number;
  boundSeconds: number;
}

benchmark('lost-webhook', async ({ record }) => {
  // The defaults, as the payments service reads them (no variable set).
  const defaults = loadPaymentsConfig({});
  const interval = defaults.reconcileIntervalSeconds;
  const after = defaults.reconcileStripeAfterSeconds;
  // `benchmark` stops it when this ends, however it ends.
  const bench = await startBenchSystem();
  const {
    service,
    barberIds: [barberId],
    tokens: [token],
  } = await setUpShop(bench, { barbers: 1, customers: 1, label: 'p4' });
  const customer = bench.api.as(token);
  const date = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  const slots = (await bench.api.get(`/barbers/${barberId}/slots?date=${date}`)).body.filter(
    (slot: { status: string }) => slot.status === 'available',
  );
  const book = async (slotId: string) => {
    const created = await customer.post('/bookings', { slotId, serviceId: service.id });
    if (created.status !== 201 || !created.body.checkout)
      throw new Error(`booking answered ${created.status}: ${JSON.stringify(created.body)}`);
    return {
      id: created.body.id as string,
      sessionId: created.body.checkout.sessionId as string,
      createdAt: performance.now(),
    };
  };
  const confirmedAfterPayment = async (
    bookingId: string,
    paidAt: number,
    limitSeconds: number,
  ): Promise<number> => {
    const deadline = paidAt + limitSeconds * 1000;
    for (;;) {
      const booking = await customer.get(`/bookings/${bookingId}`);
      if (booking.body?.status === 'confirmed') return (performance.now() - paidAt) / 1000;
      if (performance.now() > deadline)
        throw new Error(
          `booking ${bookingId} not confirmed ${limitSeconds} s after its lost payment`,
        );
      await delay(200);
    }
  };
  const run = async (
    name: string,
    slotId: string,
    payAfterSeconds: number,
    boundSeconds: number,
  ): Promise<Case> => {
    const booking = await book(slotId);
    await delay(Math.max(0, booking.createdAt + payAfterSeconds * 1000 - performance.now()));
    const outcome = await bench.stripe.pay(booking.sessionId, { deliver: 'none' });
    if (outcome.deliveries.length !== 0) throw new Error('a webhook was delivered');
    const paidAt = performance.now();
    const seconds = await confirmedAfterPayment(booking.id, paidAt, boundSeconds + 30);
    const result = {
      name,
      paidAfterSeconds: Math.round((paidAt - booking.createdAt) / 100) / 10,
      seconds: Math.round(seconds * 10) / 10,
      boundSeconds,
    };
    console.log(
      `${name}: paid ${result.paidAfterSeconds} s after the session was created, confirmed ${result.seconds} s after the payment`,
    );
    return result;
  };
  const bound = interval + EVENT_GRACE_SECONDS;
  console.log(
    `RECONCILE_INTERVAL_SECONDS=${interval}, RECONCILE_STRIPE_AFTER_SECONDS=${after} (defaults), EVENT_GRACE_SECONDS=${EVENT_GRACE_SECONDS}: about ${after + interval} s`,
  );
  const cases = await Promise.all([
    run('paid at once', slots[0].id, 0, bound),
    run('paid 10 s in', slots[2].id, 10, bound),
    run('paid 20 s in', slots[4].id, 20, bound),
    run('paid late', slots[6].id, after + 1, bound),
  ]);
  const result = {
    reconcileIntervalSeconds: interval,
    reconcileStripeAfterSeconds: after,
    eventGraceSeconds: EVENT_GRACE_SECONDS,
    cases,
    boundSeconds: bound,
    target: '<= 60 s',
    meetsTarget: cases.every((c) => c.seconds <= 60),
  };
  console.table(
    Object.fromEntries(
      cases.map((c) => [
        c.name,
        {
          'paid after (s)': c.paidAfterSeconds,
          'confirmed after payment (s)': c.seconds,
          'bound (s)': c.boundSeconds,
        },
      ]),
    ),
  );
  console.log(`results written to ${record(result)}`);
});
