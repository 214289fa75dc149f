import type { Actor } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { codeOf } from '../../../../../../test/support/domain-errors';
import { GatewayUsersContext } from '../../../../test/support/users-test-context';
import { UserEntity } from '../../persistence/user.entity';
import { UpdateStaffUserUseCase } from './update-staff-user.use-case';

/**
 * UpdateStaffUserUseCase against the gateway's real database: what an admin may change on a
 * staff account, and what it refuses with which code (nothing changed). The HTTP side is in
 * test/e2e/shop-management.e2e-spec.ts.
 */
describe('UpdateStaffUserUseCase', () => {
  let context: GatewayUsersContext;
  let update: UpdateStaffUserUseCase;
  let admin: UserEntity;
  let adminActor: Actor;

  beforeAll(async () => {
    context = await GatewayUsersContext.start('update_staff_user_use_case', [UpdateStaffUserUseCase]);
    update = context.get(UpdateStaffUserUseCase);
    admin = await anAccount('admin');
    adminActor = { userId: admin.id, role: 'admin', barberId: null, name: admin.name, email: admin.email };
  });

  afterAll(async () => {
    await context?.close();
  });

  async function anAccount(role: UserEntity['role'], barberId: string | null = null): Promise<UserEntity> {
    const user = await context.users.insertIfEmailFree({
      email: `${role}-${randomUUID().slice(0, 8)}@example.com`,
      name: `${role} account`,
      role,
      barberId,
      passwordHash: 'not a real hash',
    });
    if (!user) throw new Error('email taken');
    return user;
  }

  const stored = async (id: string) => context.users.findById(id);

  it('renames a barber account, then deactivates and reactivates it, each change stored', async () => {
    const barber = await anAccount('barber', randomUUID());

    expect(await update.execute(adminActor, barber.id, { name: 'Kim Lee' })).toMatchObject({ id: barber.id, name: 'Kim Lee', active: true });
    expect(await update.execute(adminActor, barber.id, { active: false })).toMatchObject({ name: 'Kim Lee', active: false });
    expect(await context.users.isActive(barber.id)).toBe(false);
    expect(await update.execute(adminActor, barber.id, { active: true })).toMatchObject({ active: true });
    expect(await stored(barber.id)).toMatchObject({ name: 'Kim Lee', active: true, role: 'barber', barberId: barber.barberId });
  });

  it('lets an admin deactivate another admin, and rename themselves', async () => {
    const other = await anAccount('admin');

    expect(await update.execute(adminActor, other.id, { active: false })).toMatchObject({ active: false });
    expect(await update.execute(adminActor, admin.id, { name: 'Head of shop' })).toMatchObject({ name: 'Head of shop', active: true });
  });

  it('refuses an admin deactivating their own account (CANNOT_DEACTIVATE_SELF), changing nothing, even with a new name', async () => {
    const before = await stored(admin.id);

    expect(await codeOf(update.execute(adminActor, admin.id, { active: false }))).toBe('CANNOT_DEACTIVATE_SELF');
    expect(await codeOf(update.execute(adminActor, admin.id, { name: 'Gone', active: false }))).toBe('CANNOT_DEACTIVATE_SELF');

    expect(await stored(admin.id)).toEqual(before);
  });

  it('refuses a customer account and an unknown id alike (USER_NOT_FOUND), changing nothing', async () => {
    const customer = await anAccount('customer');

    expect(await codeOf(update.execute(adminActor, customer.id, { active: false }))).toBe('USER_NOT_FOUND');
    expect(await codeOf(update.execute(adminActor, randomUUID(), { name: 'Nobody' }))).toBe('USER_NOT_FOUND');

    expect(await stored(customer.id)).toMatchObject({ active: true, name: customer.name });
  });

  it('refuses a request that changes nothing (VALIDATION_FAILED) before looking the account up', async () => {
    expect(await codeOf(update.execute(adminActor, randomUUID(), {}))).toBe('VALIDATION_FAILED');
  });
});
