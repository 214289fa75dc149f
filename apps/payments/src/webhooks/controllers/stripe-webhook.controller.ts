import { BadRequestException, Controller, Headers, HttpCode, Inject, Logger, Post, RawBodyRequest, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import Stripe from 'stripe';
import { PAYMENTS_CONFIG, PaymentsConfig } from '../../payments.config';
import { STRIPE } from '../../stripe/stripe-client';
import { StripeEventLike } from '../domain/stripe-event';
import { ReceiveStripeEventUseCase, WebhookOutcome } from '../use-cases/receive-stripe-event/receive-stripe-event.use-case';

/**
 * POST /webhooks/stripe (DESIGN §5). The signature is checked over the raw bytes Stripe sent
 * (Nest keeps them as `rawBody`; the parsed body is never read here, so nothing that parses or
 * reshapes JSON can change what is verified). A missing, bad or stale signature is a 400 (in
 * the API's `{ statusCode, code, message }` shape, given by RpcErrorsFilter) and nothing is
 * stored. A verified event is answered 200 only after its transaction committed; any error
 * on the way (the database is away) is a 5xx, so Stripe sends it again.
 */
@Controller('webhooks')
export class StripeWebhookController {
  private readonly logger = new Logger(StripeWebhookController.name);

  constructor(
    @Inject(STRIPE) private readonly stripe: Stripe,
    @Inject(PAYMENTS_CONFIG) private readonly config: PaymentsConfig,
    private readonly receiveEvent: ReceiveStripeEventUseCase,
  ) {}

  @Post('stripe')
  @HttpCode(200)
  async receive(
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers('stripe-signature') signature: string | undefined,
  ): Promise<{ received: true; outcome: WebhookOutcome }> {
    const event = this.verify(request.rawBody, signature);
    return { received: true, outcome: await this.receiveEvent.execute(event) };
  }

  private verify(rawBody: Buffer | undefined, signature: string | undefined): StripeEventLike {
    if (!signature) throw new BadRequestException('The Stripe-Signature header is missing.');
    if (!rawBody || rawBody.length === 0) throw new BadRequestException('Expected the JSON body Stripe sent.');
    let event: Stripe.Event;
    try {
      // Default tolerance: 300 s between the signed timestamp and now.
      event = this.stripe.webhooks.constructEvent(rawBody, signature, this.config.stripe.webhookSecret);
    } catch (error) {
      const reason = (error as Error).message.split('\n')[0].slice(0, 200);
      this.logger.warn(`Refused a Stripe webhook: ${reason}`);
      throw new BadRequestException(`Webhook signature verification failed: ${reason}`);
    }
    if (typeof event?.id !== 'string' || event.id.length === 0 || typeof event.type !== 'string') {
      throw new BadRequestException('The signed body is not a Stripe event.');
    }
    return event;
  }
}
