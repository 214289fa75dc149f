import { ValidationFailedError } from '@app/contracts';
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

export type ServiceChanges = Partial<Pick<Service, 'name' | 'durationMinutes' | 'priceCents' | 'active'>>;

const serviceChangesSchema = newServiceSchema
  .pick({ name: true, durationMinutes: true, priceCents: true })
  .partial()
  .extend({ active: z.boolean('must be true or false').optional() });

/**
 * The fields of an edit that are present, checked; an edit that changes nothing is refused.
 * The currency is not among them: a price in another currency is another service.
 */
export function validateServiceChanges(input: { name?: unknown; durationMinutes?: unknown; priceCents?: unknown; active?: unknown }): ServiceChanges {
  const parsed = parseInput(serviceChangesSchema, {
    name: input?.name,
    durationMinutes: input?.durationMinutes,
    priceCents: input?.priceCents,
    active: input?.active,
  });
  const changes: ServiceChanges = Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined));
  if (Object.keys(changes).length === 0) {
    throw new ValidationFailedError([{ field: '(request)', message: 'must change at least one of name, durationMinutes, priceCents, active' }]);
  }
  return changes;
}
