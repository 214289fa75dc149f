import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import type { TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

/**
 * The in-process half of the relay's wake-up (DESIGN §7): the outbox writer marks the transaction
 * it wrote in, and when that transaction commits — the real COMMIT, not a savepoint's release —
 * the relay of this process is told at once, without waiting for PostgreSQL to deliver the
 * NOTIFY to its listening connection (another process, scheduled on the same busy cores).
 * The NOTIFY carries this process's token, so the relay ignores the echo of its own commits and
 * is woken once per commit; LISTEN/NOTIFY still wakes it for rows other processes (replicas)
 * write. A rolled-back transaction wakes nobody.
 */
@Injectable()
export class OutboxCommitSignal implements EntitySubscriberInterface {
  /** The NOTIFY payload of this process's commits. */
  readonly token = randomUUID();
  private readonly written = new WeakSet<QueryRunner>();
  private listener: (() => void) | null = null;

  constructor(@InjectDataSource() dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  /** This transaction wrote outbox rows. */
  markWritten(queryRunner: QueryRunner): void {
    this.written.add(queryRunner);
  }

  /** Called after each commit that wrote outbox rows (the relay; one listener). */
  onCommit(listener: () => void): void {
    this.listener = listener;
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (event.queryRunner.isTransactionActive) return; // a savepoint released: not committed yet
    if (this.written.delete(event.queryRunner)) this.listener?.();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.written.delete(event.queryRunner);
  }
}
