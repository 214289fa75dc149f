/**
 * Stripe answered a refund request with a refusal (4xx other than "already refunded"), or
 * the payment cannot be refunded at all: retrying the same request cannot help. Not a
 * DomainError: no RPC caller sees it; handlers turn it into a dead letter.
 */
export class RefundRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefundRefusedError';
  }
}
