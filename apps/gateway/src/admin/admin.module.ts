import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AttentionController } from './attention.controller';
import { DeadLettersController } from './dead-letters.controller';
import { ReconcileController } from './reconcile.controller';
import { ServiceHealthChecks } from './service-health.checks';

/** Operator endpoints: dead letters, reconcile, the attention list, and the services' part of GET /health (Bull Board: queue-board.ts). */
@Module({
  imports: [TerminusModule],
  controllers: [DeadLettersController, ReconcileController, AttentionController],
  providers: [ServiceHealthChecks],
})
export class AdminModule {}
