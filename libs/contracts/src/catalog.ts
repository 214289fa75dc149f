import { z } from 'zod';
import { appointmentCreatedV1, appointmentUpdatedV1 } from './events/appointment.v1';
import {
  bookingCancelledV1,
  bookingConfirmedV1,
  bookingCreatedV1,
  bookingExpiredV1,
  bookingPaymentAttemptFailedV1,
  bookingPaymentRejectedV1,
  bookingPaymentStatusChangedV1,
  bookingRescheduledV1,
} from './events/booking.v1';
import {
  paymentAttemptFailedV1,
  paymentExpiredV1,
  paymentFailedV1,
  paymentRefundedV1,
  paymentStatusChangedV1,
  paymentSucceededV1,
} from './events/payment.v1';
import { slotChangedV1 } from './events/slot.v1';
import { bookingCreatedV2 } from './events/booking.v2';
import { Envelope } from './envelope';

/**
 * One version of a message: the schema its payload is checked against and, for every
 * version but the newest, the upcaster that turns its payload into one of the next version.
 */
export interface MessageVersion<TSchema extends z.ZodType = z.ZodType> {
  schema: TSchema;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the chain is typed where it is built, by `upcaster`
  upcast?: (payload: any) => unknown;
}

export type MessageVersions = Readonly<Record<number, MessageVersion>>;

/** Every version of one message type, side by side; `latest` is the one producers write and handlers receive. */
export interface MessageDefinition<TLatest extends number = number, TVersions extends MessageVersions = MessageVersions> {
  latest: TLatest;
  versions: TVersions;
}

/** A catalog of any types (the real one, or a test's): type → its versions. */
export type MessageCatalogLike = Readonly<Record<string, MessageDefinition>>;

/** A type with one version so far. */
export function singleVersion<TSchema extends z.ZodType>(
  schema: TSchema,
): MessageDefinition<1, { readonly 1: MessageVersion<TSchema> }> {
  return { latest: 1, versions: { 1: { schema } } };
}

/**
 * A type with several versions: `versioned(2, { 1: upcaster(fooV1, fooV2, (v1) => ...), 2: { schema: fooV2 } })`.
 * `latest` must be listed; `catalogProblems` checks the rest (1..latest, upcasters).
 */
export function versioned<const TLatest extends number, const TVersions extends MessageVersions>(
  latest: TLatest,
  versions: TVersions & Readonly<Record<TLatest, MessageVersion>>,
): MessageDefinition<TLatest, TVersions> {
  return { latest, versions };
}

/**
 * An older version with its upcaster to the next one, typed against both schemas so a
 * wrong field fails to compile: `1: upcaster(fooV1, fooV2, (v1) => ({ ...v1, added: null }))`.
 */
export function upcaster<TFrom extends z.ZodType, TTo extends z.ZodType>(
  from: TFrom,
  _to: TTo,
  upcast: (payload: z.infer<TFrom>) => z.input<TTo>,
): MessageVersion<TFrom> {
  return { schema: from, upcast };
}

/**
 * The message catalog, keyed by type and version. Type strings are persisted public
 * names: they sit in outbox rows, queue jobs and dead letters. NEVER rename one, and
 * never change a version's schema in a way that rejects messages already written:
 * add the next version, give the one before it an upcaster, and keep every version
 * listed for as long as one of its messages may still be in an outbox, a queue or a
 * dead-letter queue (in practice: forever).
 */
export const MESSAGE_CATALOG = {
  'booking.created': versioned(2, {
    1: upcaster(bookingCreatedV1, bookingCreatedV2, (v1) => ({ ...v1, appointmentId: null })),
    2: { schema: bookingCreatedV2 },
  }),
  'booking.confirmed': singleVersion(bookingConfirmedV1),
  'booking.expired': singleVersion(bookingExpiredV1),
  'booking.cancelled': singleVersion(bookingCancelledV1),
  'booking.payment_rejected': singleVersion(bookingPaymentRejectedV1),
  'booking.payment_status_changed': singleVersion(bookingPaymentStatusChangedV1),
  'booking.payment_attempt_failed': singleVersion(bookingPaymentAttemptFailedV1),
  'booking.rescheduled': singleVersion(bookingRescheduledV1),
  'appointment.created': singleVersion(appointmentCreatedV1),
  'appointment.updated': singleVersion(appointmentUpdatedV1),
  'payment.succeeded': singleVersion(paymentSucceededV1),
  'payment.failed': singleVersion(paymentFailedV1),
  'payment.expired': singleVersion(paymentExpiredV1),
  'payment.refunded': singleVersion(paymentRefundedV1),
  'payment.attempt_failed': singleVersion(paymentAttemptFailedV1),
  'payment.status_changed': singleVersion(paymentStatusChangedV1),
  'slot.changed': singleVersion(slotChangedV1),
} as const satisfies MessageCatalogLike;

export type MessageCatalog = typeof MESSAGE_CATALOG;
export type MessageType = keyof MessageCatalog;
/** The newest version of a type: the one producers write and handlers receive. */
export type LatestVersionOf<T extends MessageType> = MessageCatalog[T]['latest'];
/** The schema of a definition's newest version. */
export type LatestSchemaOf<D> =
  D extends MessageDefinition<infer L, infer V> ? (L extends keyof V ? (V[L] extends MessageVersion<infer S> ? S : never) : never) : never;
/** The payload of the newest version of a type (what handlers see, whatever version was written). */
export type PayloadOf<T extends MessageType> = z.infer<LatestSchemaOf<MessageCatalog[T]>>;
export type MessageOf<T extends MessageType> = Envelope<T, PayloadOf<T>>;
/** Discriminated union of every message, keyed by `type`. */
export type AnyMessage = { [T in MessageType]: MessageOf<T> }[MessageType];

export const MESSAGE_TYPES = Object.keys(MESSAGE_CATALOG) as MessageType[];

export function isMessageType(type: string): type is MessageType {
  return Object.prototype.hasOwnProperty.call(MESSAGE_CATALOG, type);
}

/** Why a payload could not be read: a bad message is never retried, it is dead-lettered with this reason. */
export class UnreadableMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableMessageError';
  }
}

/**
 * Reads a payload of any listed version as the newest: validates it against the schema
 * of its own version, then applies the upcasters one version at a time up to the newest,
 * and checks the result against the newest schema (so an upcaster bug is caught here, not
 * in a handler). Throws UnreadableMessageError for an unknown type, a version the catalog
 * does not list (newer than this code knows, or never existed), or a payload that fails.
 */
export function readPayload(catalog: MessageCatalogLike, type: string, version: number, payload: unknown): unknown {
  const definition = Object.prototype.hasOwnProperty.call(catalog, type) ? catalog[type] : undefined;
  if (!definition) throw new UnreadableMessageError(`Unknown message type "${type}"`);
  const known = knownVersions(definition);
  const own = Object.prototype.hasOwnProperty.call(definition.versions, version) ? definition.versions[version] : undefined;
  if (!own) {
    throw new UnreadableMessageError(
      `No schema for "${type}" v${version} (known: ${known.map((v) => `v${v}`).join(', ')})` +
        (version > definition.latest ? ': it was written by a newer producer; deploy the consumer that knows it, then replay' : ''),
    );
  }
  let current = parse(own.schema, payload, `Payload of "${type}" v${version} fails its schema`);
  for (let at = version; at < definition.latest; at += 1) {
    const step = definition.versions[at];
    if (!step?.upcast) throw new UnreadableMessageError(`"${type}" v${at} has no upcaster to v${at + 1}`);
    const next = definition.versions[at + 1];
    if (!next) throw new UnreadableMessageError(`"${type}" lists no v${at + 1} to upcast v${at} to`);
    current = step.upcast(current);
    if (at + 1 < definition.latest) {
      current = parse(next.schema, current, `Upcast of "${type}" v${at} to v${at + 1} fails its schema`);
    }
  }
  if (version < definition.latest) {
    current = parse(
      definition.versions[definition.latest].schema,
      current,
      `Upcast of "${type}" v${version} to v${definition.latest} fails its schema`,
    );
  }
  return current;
}

/**
 * A catalog's own consistency, checked by its unit test and at every service's boot: versions
 * 1..latest all listed, each but the newest with an upcaster, the newest with none.
 */
export function catalogProblems(catalog: MessageCatalogLike): string[] {
  const problems: string[] = [];
  for (const [type, definition] of Object.entries(catalog)) {
    const known = knownVersions(definition);
    const expected = Array.from({ length: definition.latest }, (_, index) => index + 1);
    if (known.join() !== expected.join()) {
      problems.push(`"${type}" lists v${known.join(', v')} but its latest is v${definition.latest}: list v1..v${definition.latest}`);
    }
    for (const version of known) {
      const entry = definition.versions[version];
      if (version < definition.latest && !entry.upcast) problems.push(`"${type}" v${version} has no upcaster to v${version + 1}`);
      if (version === definition.latest && entry.upcast) problems.push(`"${type}" v${version} is the newest and must have no upcaster`);
    }
  }
  return problems;
}

function knownVersions(definition: MessageDefinition): number[] {
  return Object.keys(definition.versions)
    .map(Number)
    .sort((a, b) => a - b);
}

function parse(schema: z.ZodType, value: unknown, what: string): unknown {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UnreadableMessageError(`${what}: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

export function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
