import { IncomingMessage, Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import Stripe from 'stripe';

export interface ReceivedWebhook {
  rawBody: string;
  signature: string | undefined;
  /** Verified with `stripe.webhooks.constructEvent`; null when verification failed. */
  event: Stripe.Event | null;
  verificationError: string | null;
  /** The status this receiver answered. */
  status: number;
}

/**
 * A stand-in for payments' `POST /webhooks/stripe`: verifies every delivery with the real SDK
 * over the raw body, answers 400 to a bad signature, otherwise whatever `respond` says.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  respond: (delivery: ReceivedWebhook, index: number) => number = () => 200;
  private readonly server: Server;

  private constructor(private readonly secret: string) {
    this.server = createServer((req, res) => {
      void readRaw(req).then((rawBody) => {
        const signature = req.headers['stripe-signature'] as string | undefined;
        const delivery: ReceivedWebhook = {
          rawBody,
          signature,
          event: null,
          verificationError: null,
          status: 0,
        };
        try {
          delivery.event = Stripe.webhooks.constructEvent(rawBody, signature ?? '', this.secret);
          delivery.status = this.respond(delivery, this.received.length);
        } catch (error) {
          delivery.verificationError = error instanceof Error ? error.message : String(error);
          delivery.status = 400;
        }
        this.received.push(delivery);
        res.writeHead(delivery.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ received: delivery.status < 300 }));
      });
    });
  }

  static async start(secret: string): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(secret);
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/stripe`;
  }

  /** Verified events, in arrival order. */
  events(): Stripe.Event[] {
    return this.received.flatMap((delivery) => (delivery.event ? [delivery.event] : []));
  }

  types(): string[] {
    return this.events().map((event) => event.type);
  }

  reset(): void {
    this.received.length = 0;
    this.respond = () => 200;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function readRaw(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
