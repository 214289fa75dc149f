import { Envelope } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import type { TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

/**
 * What a committed transaction wrote to the outbox: its envelopes, to send as they are, or null
 * when some were written inside a savepoint, which may have been rolled back — the relay then
 * claims the committed rows from the table instead.
 */
export type CommittedOutbox = readonly Envelope[] | null;

interface Written {
  envelopes: Envelope[];
  inSavepoint: boolean;
}

/**
 * The relay's fast path (DESIGN §7, docs/architecture.md): the outbox writer records what each
 * transaction wrote, and when that transaction commits — the real COMMIT, not a savepoint's
 * release — the relay of this process is handed the envelopes at once, without reading them
 * back. A rolled-back transaction hands over nothing.
 */
@Injectable()
export class OutboxCommitSignal implements EntitySubscriberInterface {
  private readonly written = new WeakMap<QueryRunner, Written>();
  private listener: ((committed: CommittedOutbox) => void) | null = null;

  constructor(@InjectDataSource() dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  /** This transaction wrote these outbox rows. */
  markWritten(queryRunner: QueryRunner, envelopes: readonly Envelope[]): void {
    const written = this.written.get(queryRunner) ?? { envelopes: [], inSavepoint: false };
    written.envelopes.push(...envelopes);
    // TypeORM counts the outermost transaction as depth 1 and each savepoint inside it as one more.
    if ((queryRunner as unknown as { transactionDepth: number }).transactionDepth > 1) written.inSavepoint = true;
    this.written.set(queryRunner, written);
  }

  /** Called after each commit that wrote outbox rows (the relay; one listener). */
  onCommit(listener: (committed: CommittedOutbox) => void): void {
    this.listener = listener;
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (event.queryRunner.isTransactionActive) return; // a savepoint released: not committed yet
    const written = this.written.get(event.queryRunner);
    if (!written) return;
    this.written.delete(event.queryRunner);
    this.listener?.(written.inSavepoint ? null : written.envelopes);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.written.delete(event.queryRunner);
  }
}
