import { z } from 'zod';
import {
  MESSAGE_CATALOG,
  MessageCatalogLike,
  UnreadableMessageError,
  catalogProblems,
  readPayload,
  singleVersion,
  upcaster,
  versioned,
} from './catalog';
import { appointmentIdOf } from './appointment-id';

const noteV1 = z.object({ text: z.string() });
const noteV2 = z.object({ text: z.string(), author: z.string() });
const noteV3 = z.object({ body: z.object({ text: z.string() }), author: z.string() });

const catalog: MessageCatalogLike = {
  'note.added': versioned(3, {
    1: upcaster(noteV1, noteV2, (v1) => ({ ...v1, author: 'unknown' })),
    2: upcaster(noteV2, noteV3, (v2) => ({ body: { text: v2.text }, author: v2.author })),
    3: { schema: noteV3 },
  }),
  'note.removed': singleVersion(z.object({ id: z.string() })),
};

const unreadable = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UnreadableMessageError);
    return (error as Error).message;
  }
  throw new Error('expected an UnreadableMessageError');
};

describe('message catalog', () => {
  it('is consistent: every type lists v1..latest, each older version with an upcaster, the newest without', () => {
    expect(catalogProblems(MESSAGE_CATALOG)).toEqual([]);
    expect(catalogProblems(catalog)).toEqual([]);
  });

  it('reads the newest version as it is', () => {
    const payload = { body: { text: 'hi' }, author: 'ann' };
    expect(readPayload(catalog, 'note.added', 3, payload)).toEqual(payload);
    expect(readPayload(catalog, 'note.removed', 1, { id: 'n1' })).toEqual({ id: 'n1' });
  });

  it('upcasts an older version one step at a time to the newest', () => {
    expect(readPayload(catalog, 'note.added', 1, { text: 'hi' })).toEqual({ body: { text: 'hi' }, author: 'unknown' });
    expect(readPayload(catalog, 'note.added', 2, { text: 'hi', author: 'bo' })).toEqual({ body: { text: 'hi' }, author: 'bo' });
  });

  it('checks a payload against the schema of its own version, not the newest', () => {
    expect(unreadable(() => readPayload(catalog, 'note.added', 1, { body: { text: 'hi' }, author: 'ann' }))).toContain(
      'Payload of "note.added" v1 fails its schema: text:',
    );
    expect(unreadable(() => readPayload(catalog, 'note.added', 2, { text: 'hi' }))).toContain(
      'Payload of "note.added" v2 fails its schema: author:',
    );
  });

  it('refuses a version it does not list, naming the ones it knows', () => {
    const message = unreadable(() => readPayload(catalog, 'note.added', 4, { body: { text: 'hi' }, author: 'ann' }));
    expect(message).toContain('No schema for "note.added" v4 (known: v1, v2, v3)');
    expect(message).toContain('written by a newer producer');
    expect(unreadable(() => readPayload(catalog, 'note.removed', 2, { id: 'n1' }))).toContain(
      'No schema for "note.removed" v2 (known: v1)',
    );
  });

  it('refuses an unknown type, including names inherited from Object', () => {
    expect(unreadable(() => readPayload(catalog, 'note.edited', 1, {}))).toBe('Unknown message type "note.edited"');
    expect(unreadable(() => readPayload(catalog, 'toString', 1, {}))).toBe('Unknown message type "toString"');
  });

  it('catches an upcaster whose result fails the next schema', () => {
    const broken: MessageCatalogLike = {
      'note.added': versioned(2, { 1: { schema: noteV1, upcast: (v1: unknown) => v1 }, 2: { schema: noteV2 } }),
    };
    expect(unreadable(() => readPayload(broken, 'note.added', 1, { text: 'hi' }))).toContain(
      'Upcast of "note.added" v1 to v2 fails its schema: author:',
    );
  });

  it('names what is wrong with an inconsistent catalog', () => {
    const inconsistent: MessageCatalogLike = {
      gap: versioned(3, { 1: upcaster(noteV1, noteV2, (v1) => ({ ...v1, author: '' })), 3: { schema: noteV3 } }),
      'no-upcaster': versioned(2, { 1: { schema: noteV1 }, 2: { schema: noteV2 } }),
      'newest-upcasts': { latest: 1, versions: { 1: { schema: noteV1, upcast: (v1: unknown) => v1 } } },
    };
    expect(catalogProblems(inconsistent)).toEqual([
      '"gap" lists v1, v3 but its latest is v3: list v1..v3',
      '"no-upcaster" v1 has no upcaster to v2',
      '"newest-upcasts" v1 is the newest and must have no upcaster',
    ]);
  });

  it('reads booking.created v1 (a booking made before appointment ids were derived) as v2 with no appointmentId', () => {
    const v1 = {
      bookingId: '6a3c1c1e-5a55-4c1f-9b0e-0d0e7c1d2a01',
      customerId: '6a3c1c1e-5a55-4c1f-9b0e-0d0e7c1d2a02',
      customerName: 'Ada',
      barberId: '6a3c1c1e-5a55-4c1f-9b0e-0d0e7c1d2a03',
      serviceId: '6a3c1c1e-5a55-4c1f-9b0e-0d0e7c1d2a04',
      serviceName: 'Haircut',
      slotIds: ['6a3c1c1e-5a55-4c1f-9b0e-0d0e7c1d2a05'],
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 88_200_000).toISOString(),
      priceCents: 2500,
      currency: 'gbp',
      holdExpiresAt: new Date(Date.now() + 600_000).toISOString(),
    };
    expect(MESSAGE_CATALOG['booking.created'].latest).toBe(2);
    expect(readPayload(MESSAGE_CATALOG, 'booking.created', 1, v1)).toEqual({ ...v1, appointmentId: null });
    const v2 = { ...v1, appointmentId: appointmentIdOf(v1.bookingId) };
    expect(readPayload(MESSAGE_CATALOG, 'booking.created', 2, v2)).toEqual(v2);
  });

  it('derives one appointment id per booking, the same every time, and a different one for another booking', () => {
    const bookingId = '6a3c1c1e-5a55-4c1f-9b0e-0d0e7c1d2a01';
    expect(appointmentIdOf(bookingId)).toBe(appointmentIdOf(bookingId));
    expect(appointmentIdOf(bookingId)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(appointmentIdOf('6a3c1c1e-5a55-4c1f-9b0e-0d0e7c1d2a02')).not.toBe(appointmentIdOf(bookingId));
  });
});
