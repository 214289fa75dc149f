import Stripe from 'stripe';
import { createStripeClient } from './stripe-client';
import { stripeFailureOf } from './stripe-failure';

describe('stripeFailureOf', () => {
  it('calls unreachable, 5xx, 429 and 409 "unavailable": try again later with the same key', () => {
    expect(stripeFailureOf(new Stripe.errors.StripeConnectionError({ message: 'ECONNREFUSED' }))?.kind).toBe('unavailable');
    expect(stripeFailureOf(new Stripe.errors.StripeAPIError({ message: 'down', statusCode: 503 }))?.kind).toBe('unavailable');
    expect(stripeFailureOf(new Stripe.errors.StripeRateLimitError({ message: 'slow down', statusCode: 429 }))?.kind).toBe('unavailable');
    expect(stripeFailureOf(new Stripe.errors.StripeIdempotencyError({ message: 'in flight', statusCode: 409 }))?.kind).toBe('unavailable');
  });

  it('calls a 4xx answer "refused", with Stripe’s code and parameter', () => {
    const refused = stripeFailureOf(
      new Stripe.errors.StripeInvalidRequestError({ message: 'too soon', statusCode: 400, code: 'parameter_invalid_integer', param: 'expires_at' }),
    );
    expect(refused).toMatchObject({ kind: 'refused', status: 400, code: 'parameter_invalid_integer', param: 'expires_at' });
  });

  it('leaves errors that are not Stripe’s alone', () => {
    expect(stripeFailureOf(new Error('database is away'))).toBeNull();
  });
});

describe('createStripeClient', () => {
  it('points the SDK at STRIPE_API_BASE when set', () => {
    const client = createStripeClient({ secretKey: 'sk_test_x', webhookSecret: 'whsec_x', apiBase: 'http://127.0.0.1:12111' });
    expect(client.getApiField('host')).toBe('127.0.0.1');
    expect(client.getApiField('port')).toBe(12111);
    expect(client.getApiField('protocol')).toBe('http');
  });

  it('uses the real API otherwise', () => {
    expect(createStripeClient({ secretKey: 'sk_test_x', webhookSecret: 'whsec_x', apiBase: undefined }).getApiField('host')).toBe('api.stripe.com');
  });
});
