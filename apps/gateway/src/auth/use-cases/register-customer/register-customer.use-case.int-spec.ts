import { randomUUID } from 'node:crypto';
import { codeOf } from '../../../../../../test/support/domain-errors';
import { GatewayUsersContext } from '../../../../test/support/users-test-context';
import { verifyPassword } from '../../password/password-hasher';
import { RegisterCustomerUseCase } from './register-customer.use-case';

/**
 * RegisterCustomerUseCase against the gateway's real database: self-registration makes a
 * customer and nothing else, stores only a hash of the password, and one email (whatever its
 * case) gets one account even when registrations race. The HTTP side (validation, 409) is in
 * apps/gateway/test/gateway-http.int-spec.ts.
 */
describe('RegisterCustomerUseCase', () => {
  let context: GatewayUsersContext;
  let register: RegisterCustomerUseCase;

  beforeAll(async () => {
    context = await GatewayUsersContext.start('register_customer_use_case', [RegisterCustomerUseCase]);
    register = context.get(RegisterCustomerUseCase);
  });

  afterAll(async () => {
    await context?.close();
  });

  const anEmail = () => `Ada.${randomUUID().slice(0, 8)}@Example.com`;
  const accountsOf = async (email: string) =>
    Number((await context.dataSource.query('SELECT count(*) AS n FROM users WHERE lower(email) = lower($1)', [email]))[0].n);

  it('makes an active customer with no barber, its email lower-cased and only a hash of the password stored', async () => {
    const email = anEmail();

    const user = await register.execute({ email, password: 'correct horse battery', name: 'Ada' });

    expect(user).toMatchObject({ email: email.toLowerCase(), name: 'Ada', role: 'customer', barberId: null, active: true });
    const stored = await context.users.findById(user.id);
    expect(stored?.passwordHash).not.toContain('correct horse battery');
    expect(await verifyPassword('correct horse battery', stored!.passwordHash)).toBe(true);
    expect(await verifyPassword('wrong horse battery', stored!.passwordHash)).toBe(false);
  });

  it('refuses a second account for the same email in another case (EMAIL_TAKEN) and keeps the first as it was', async () => {
    const email = anEmail();
    const first = await register.execute({ email, password: 'correct horse battery', name: 'Ada' });

    expect(await codeOf(register.execute({ email: email.toUpperCase(), password: 'another password', name: 'Eve' }))).toBe('EMAIL_TAKEN');

    expect(await accountsOf(email)).toBe(1);
    expect(await context.users.findById(first.id)).toMatchObject({ name: 'Ada', passwordHash: first.passwordHash });
  });

  it('gives one of five concurrent registrations of one email the account; the others get EMAIL_TAKEN', async () => {
    const email = anEmail();

    const codes = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => codeOf(register.execute({ email, password: `password number ${n}`, name: `Racer ${n}` }))),
    );

    expect(codes.sort()).toEqual(['EMAIL_TAKEN', 'EMAIL_TAKEN', 'EMAIL_TAKEN', 'EMAIL_TAKEN', 'no error']);
    expect(await accountsOf(email)).toBe(1);
  });
});
