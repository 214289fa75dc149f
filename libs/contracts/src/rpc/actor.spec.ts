import { ForbiddenError, UnauthorizedError } from '../errors';
import { Actor, canManageBarber, parseActor, requireRole } from './actor';

const USER = '22222222-2222-4222-8222-222222222222';
const BARBER = '33333333-3333-4333-8333-333333333333';
const OTHER_BARBER = '44444444-4444-4444-8444-444444444444';

function actor(role: Actor['role'], overrides: Partial<Actor> = {}): Actor {
  return { userId: USER, role, barberId: null, name: '', email: '', ...overrides };
}

describe('parseActor', () => {
  it('reads the actor the gateway sends, defaulting a missing barber, name and email', () => {
    expect(parseActor({ userId: USER, role: 'customer' })).toEqual(actor('customer'));
    expect(parseActor({ userId: USER, role: 'barber', barberId: BARBER, name: 'Ann', email: 'ann@example.com' })).toEqual(
      actor('barber', { barberId: BARBER, name: 'Ann', email: 'ann@example.com' }),
    );
  });

  it.each([
    ['nothing', undefined],
    ['a user id that is not a UUID', { userId: 'nobody', role: 'customer' }],
    ['an unknown role', { userId: USER, role: 'owner' }],
  ])('refuses a request that carries %s as UNAUTHORIZED', (_, value) => {
    expect(() => parseActor(value)).toThrow(UnauthorizedError);
  });
});

describe('requireRole', () => {
  it('lets a listed role through and refuses any other as FORBIDDEN', () => {
    expect(() => requireRole(actor('admin'), 'admin', 'barber')).not.toThrow();
    expect(() => requireRole(actor('customer'), 'admin', 'barber')).toThrow(ForbiddenError);
  });
});

describe('canManageBarber', () => {
  it('lets only that barber and an admin manage the barber’s day', () => {
    expect(canManageBarber(actor('barber', { barberId: BARBER }), BARBER)).toBe(true);
    expect(canManageBarber(actor('barber', { barberId: OTHER_BARBER }), BARBER)).toBe(false);
    expect(canManageBarber(actor('barber'), BARBER)).toBe(false);
    expect(canManageBarber(actor('customer'), BARBER)).toBe(false);
    expect(canManageBarber(actor('admin'), BARBER)).toBe(true);
  });
});
