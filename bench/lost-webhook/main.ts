/**
 * bench/lost-webhook (P4) — a paid Checkout Session whose webhooks never arrive (the stand-in's
 * `deliver: 'none'`): seconds from the payment to the booking being `confirmed` by
 * reconciliation, with the default RECONCILE_INTERVAL_SECONDS and
 * RECONCILE_STRIPE_AFTER_SECONDS (read from the payments config itself). Target: ≤ 60 s.
 *
 * The payments reconciler asks Stripe only about payments open longer than
 * RECONCILE_STRIPE_AFTER_SECONDS, every RECONCILE_INTERVAL_SECONDS, so when the customer pays
 * matters. Two cases run side by side, on bookings created together:
 * - `paid at once`: paid right after the session was created — the worst case; bounded by
 *   RECONCILE_STRIPE_AFTER_SECONDS + RECONCILE_INTERVAL_SECONDS;
 * - `paid late`: paid once the session is RECONCILE_STRIPE_AFTER_SECONDS old (a customer who
 *   took a while at the checkout page) — bounded by RECONCILE_INTERVAL_SECONDS.
 * The whole run takes about RECONCILE_STRIPE_AFTER_SECONDS + RECONCILE_INTERVAL_SECONDS.
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadPaymentsConfig } from '../../apps/payments/src/payments.config';
import {
  createOpenBarbers,
  createService,
  customerTokens,
  startBenchSystem,
} from '../support/bench-system';
import { runBench, delay } from '../support/cleanup';
import { recordResult } from '../support/results';

interface Case {
  name: string;
  /** Seconds between the Checkout Session's creation and the payment. */
  paidAfterSeconds: number;
  /** Seconds from the payment to the booking read back `confirmed`. */
  seconds: number;
  boundSeconds: number;
}

runBench(async () => {
  const loadAtStart = loadavg()[0];
  // The defaults, as the payments service reads them (no variable set).
  const defaults = loadPaymentsConfig({});
  const interval = defaults.reconcileIntervalSeconds;
  const after = defaults.reconcileStripeAfterSeconds;
  const bench = await startBenchSystem();
  try {
    const service = await createService(bench.admin);
    const [barberId] = await createOpenBarbers(bench.admin, 1);
    const [token] = await customerTokens(bench.api, 1, 'p4');
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
    console.log(
      `RECONCILE_INTERVAL_SECONDS=${interval}, RECONCILE_STRIPE_AFTER_SECONDS=${after} (defaults): about ${after + interval} s`,
    );
    const cases = await Promise.all([
      run('paid at once', slots[0].id, 0, after + interval),
      run('paid late', slots[2].id, after + 1, interval),
    ]);
    const result = {
      reconcileIntervalSeconds: interval,
      reconcileStripeAfterSeconds: after,
      cases,
      boundSeconds: { paidAtOnce: after + interval, paidLate: interval },
      target: '<= 60 s',
      meetsTarget: cases.every((c) => c.seconds <= 60),
      loadAverage1mAtStart: Math.round(loadAtStart * 100) / 100,
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
    console.log(`results written to ${recordResult('lost-webhook', result)}`);
  } finally {
    await bench.stop();
  }
});
