import { z } from 'zod';
import { parseInput } from '../../shared/domain/input';

/** A catalog entry: what a customer books. The price is the catalog's, never the client's. */
export interface Service {
  id: string;
  name: string;
  durationMinutes: number;
  priceCents: number;
  currency: string;
  active: boolean;
  createdAt: Date;
}

export type NewService = Pick<Service, 'name' | 'durationMinutes' | 'priceCents' | 'currency'>;

/** Integer cents that fit the database column. */
const MAX_PRICE_CENTS = 100_000_000;

const newServiceSchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  durationMinutes: z
    .number()
    .int('must be a whole number of minutes')
    .min(5, 'must be at least 5 minutes')
    .max(480, 'must be at most 480 minutes'),
  priceCents: z
    .number()
    .int('must be whole minor units (cents)')
    .min(0, 'must not be negative')
    .max(MAX_PRICE_CENTS, `must be at most ${MAX_PRICE_CENTS}`),
  currency: z.string().regex(/^[a-z]{3}$/, 'must be a lower-case ISO 4217 code such as "gbp"'),
});

export function validateNewService(input: unknown): NewService {
  return parseInput(newServiceSchema, input);
}
