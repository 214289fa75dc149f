import { JwtModule } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { codeOf } from '../../../../../../test/support/domain-errors';
import { GatewayUsersContext } from '../../../../test/support/users-test-context';
import { GATEWAY_CONFIG, loadGatewayConfig } from '../../../gateway.config';
import { AccessTokenService } from '../../access-token.service';
import { hashPassword, needsRehash, verifyPassword } from '../../password/password-hasher';
import { LogInUseCase } from './log-in.use-case';

const JWT_SECRET = 'log-in-use-case-test-secret-0123456789';
const PASSWORD = 'correct horse battery';

/**
 * LogInUseCase against the gateway's real database: who gets a token, the one answer for an
 * unknown email and a wrong password, a deactivated account told so only with its password, and
 * an old hash upgraded at sign-in. Over HTTP (401s, rate limits) in apps/gateway/test/gateway-http.int-spec.ts.
 */
describe('LogInUseCase', () => {
  let context: GatewayUsersContext;
  let logIn: LogInUseCase;

  beforeAll(async () => {
    context = await GatewayUsersContext.start(
      'log_in_use_case',
      [{ provide: GATEWAY_CONFIG, useValue: loadGatewayConfig({ JWT_SECRET }) }, AccessTokenService, LogInUseCase],
      [JwtModule.register({ secret: JWT_SECRET })],
    );
    logIn = context.get(LogInUseCase);
  });

  afterAll(async () => {
    await context?.close();
  });

  async function anAccount({ role = 'barber', passwordHash }: { role?: 'customer' | 'barber' | 'admin'; passwordHash?: string } = {}) {
    const user = await context.users.insertIfEmailFree({
      email: `${role}-${randomUUID().slice(0, 8)}@example.com`,
      name: 'Jo',
      role,
      barberId: role === 'barber' ? randomUUID() : null,
      passwordHash: passwordHash ?? (await hashPassword(PASSWORD)),
    });
    if (!user) throw new Error('email taken');
    return user;
  }

  it('signs in with the right password, whatever the email case, with a token naming the account', async () => {
    const user = await anAccount();

    const result = await logIn.execute(user.email.toUpperCase(), PASSWORD);

    expect(result.user).toMatchObject({ id: user.id, role: 'barber' });
    expect(await context.get(AccessTokenService).verify(result.accessToken)).toEqual({
      userId: user.id,
      role: 'barber',
      barberId: user.barberId,
      name: 'Jo',
      email: user.email,
    });
  });

  it('answers a wrong password and an unknown email alike (INVALID_CREDENTIALS)', async () => {
    const user = await anAccount({ role: 'customer' });
    const wrong = await logIn.execute(user.email, 'wrong horse battery').catch((error: Error) => error);
    const unknown = await logIn.execute(`nobody-${randomUUID()}@example.com`, PASSWORD).catch((error: Error) => error);

    expect(wrong).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(unknown).toMatchObject({ code: 'INVALID_CREDENTIALS', message: (wrong as Error).message });
  });

  it('tells a deactivated account so (UNAUTHORIZED) only when the password is right', async () => {
    const user = await anAccount();
    await context.users.update(user.id, { active: false });

    expect(await codeOf(logIn.execute(user.email, PASSWORD))).toBe('UNAUTHORIZED');
    expect(await codeOf(logIn.execute(user.email, 'wrong horse battery'))).toBe('INVALID_CREDENTIALS');
  });

  it('upgrades a hash made with weaker parameters when the password is right, and only then', async () => {
    const weak = await hashPassword(PASSWORD, { N: 1024, r: 8, p: 1 });
    expect(needsRehash(weak)).toBe(true);
    const user = await anAccount({ passwordHash: weak });

    await codeOf(logIn.execute(user.email, 'wrong horse battery'));
    expect((await context.users.findById(user.id))?.passwordHash).toBe(weak);

    await logIn.execute(user.email, PASSWORD);
    const upgraded = (await context.users.findById(user.id))!.passwordHash;
    expect(upgraded).not.toBe(weak);
    expect(needsRehash(upgraded)).toBe(false);
    expect(await verifyPassword(PASSWORD, upgraded)).toBe(true);
  });
});
