import type { Role } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, Repository } from 'typeorm';
import { UserEntity } from './user.entity';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  barberId: string | null;
  passwordHash: string;
}

@Injectable()
export class UserRepository {
  private readonly users: Repository<UserEntity>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.users = dataSource.getRepository(UserEntity);
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
  }

  /**
   * Insert unless the email is taken (case-insensitively); null when it was. One statement,
   * so two requests — or two gateway replicas — racing for one email cannot both win.
   */
  async insertIfEmailFree(user: NewUser): Promise<UserEntity | null> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `INSERT INTO users (id, email, name, role, barber_id, password_hash)
       VALUES ($1, lower($2), $3, $4, $5, $6)
       ON CONFLICT ((lower(email))) DO NOTHING
       RETURNING id, email, name, role, barber_id, password_hash, active, calendar_key, created_at`,
      [randomUUID(), user.email, user.name, user.role, user.barberId, user.passwordHash],
    );
    return rows.length === 0 ? null : toEntity(rows[0]);
  }

  /** Barber and admin accounts, admins first, then by name. */
  listStaff(): Promise<UserEntity[]> {
    return this.users
      .createQueryBuilder('u')
      .where("u.role IN ('barber', 'admin')")
      .orderBy('u.role', 'ASC')
      .addOrderBy('u.name', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .getMany();
  }

  async update(id: string, changes: { name?: string; active?: boolean }): Promise<UserEntity | null> {
    if (Object.keys(changes).length > 0) await this.users.update({ id }, changes);
    return this.findById(id);
  }

  /** Whether the account exists and is active: checked on every staff request, by primary key. */
  async isActive(id: string): Promise<boolean> {
    const rows: Array<{ active: boolean }> = await this.dataSource.query('SELECT active FROM users WHERE id = $1', [id]);
    return rows[0]?.active === true;
  }

  /** Sets the key unless one is set already (two first requests racing agree on one); returns the stored key. */
  async ensureCalendarKey(id: string, candidate: string): Promise<string | null> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const [rows]: [Array<{ calendar_key: string | null }>, number] = await this.dataSource.query(
      `UPDATE users SET calendar_key = COALESCE(calendar_key, $2) WHERE id = $1 RETURNING calendar_key`,
      [id, candidate],
    );
    return rows[0]?.calendar_key ?? null;
  }

  async replaceCalendarKey(id: string, key: string): Promise<void> {
    await this.users.update({ id }, { calendarKey: key });
  }

  /** The active barber account of `barberId` whose calendar key this is, if any. */
  findByCalendarKey(barberId: string, key: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ barberId, calendarKey: key, active: true, role: 'barber' });
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.users.update({ id }, { passwordHash });
  }
}

function toEntity(row: Record<string, unknown>): UserEntity {
  const entity = new UserEntity();
  entity.id = row.id as string;
  entity.email = row.email as string;
  entity.name = row.name as string;
  entity.role = row.role as Role;
  entity.barberId = (row.barber_id as string | null) ?? null;
  entity.passwordHash = row.password_hash as string;
  entity.active = row.active as boolean;
  entity.calendarKey = (row.calendar_key as string | null) ?? null;
  entity.createdAt = row.created_at as Date;
  return entity;
}
