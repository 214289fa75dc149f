import { z } from 'zod';

/**
 * Every message that crosses a service boundary travels in this envelope.
 * `type` + `version` name the payload schema; `id` is unique per message and is
 * also the BullMQ job id, so a re-sent message is dropped by the queue and, if it
 * still gets through, by the consumer's inbox.
 */
export interface Envelope<TType extends string = string, TPayload = unknown> {
  id: string;
  type: TType;
  version: number;
  occurredAt: string;
  correlationId: string;
  causationId: string | null;
  payload: TPayload;
}

export const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().min(1).max(100),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime(),
  correlationId: z.string().min(1).max(200),
  causationId: z.string().min(1).max(200).nullable(),
  payload: z.unknown(),
});
