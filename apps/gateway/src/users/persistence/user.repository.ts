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
       RETURNING id, email, name, role, barber_id, password_hash, created_at`,
      [randomUUID(), user.email, user.name, user.role, user.barberId, user.passwordHash],
    );
    return rows.length === 0 ? null : toEntity(rows[0]);
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
  entity.createdAt = row.created_at as Date;
  return entity;
}
