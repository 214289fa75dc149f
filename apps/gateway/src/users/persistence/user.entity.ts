import type { Role } from '@app/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Always lower-case; unique case-insensitively. */
  @Column('text')
  email!: string;

  @Column('text')
  name!: string;

  @Column('text')
  role!: Role;

  @Column('uuid', { name: 'barber_id', nullable: true })
  barberId!: string | null;

  @Column('text', { name: 'password_hash' })
  passwordHash!: string;

  /** false: a deactivated staff account (no sign-in, its tokens refused). */
  @Column('boolean', { default: true })
  active!: boolean;

  /** A barber account's calendar subscription secret; null until first asked for. */
  @Column('text', { name: 'calendar_key', nullable: true })
  calendarKey!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
