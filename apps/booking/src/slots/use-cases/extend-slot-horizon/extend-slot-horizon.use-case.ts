import { Clock, CLOCK, queryRows } from '@app/platform';
import { OutboxWriter } from '@app/messaging';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { lockBarberSchedule, SLOT_HORIZON_JOB_LOCK } from '../../../shared/persistence/sql';
import { availabilityTemplateRepository } from '../../persistence/availability-template.repository';
import { slotChangedPayload } from '../../persistence/slot.mapper';
import { FillSlotGridUseCase } from '../fill-slot-grid/fill-slot-grid.use-case';

export interface HorizonExtension {
  /** false when another replica held the job's lock and this run did nothing. */
  ran: boolean;
  barbers: number;
  slotsCreated: number;
}

/**
 * Extends every barber's slots to the horizon from their template (the daily job). Creating a
 * slot that exists already is a no-op, so it can run any number of times; a session advisory
 * lock keeps it to one replica at a time, and each barber is done in a transaction of its own.
 */
@Injectable()
export class ExtendSlotHorizonUseCase {
  private readonly logger = new Logger(ExtendSlotHorizonUseCase.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
    private readonly fillGrid: FillSlotGridUseCase,
  ) {}

  async execute(): Promise<HorizonExtension> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await queryRows<{ locked: boolean }>(runner.manager, 'SELECT pg_try_advisory_lock($1, $2) AS locked', [
        ...SLOT_HORIZON_JOB_LOCK,
      ]);
      if (!locked) return { ran: false, barbers: 0, slotsCreated: 0 };
      try {
        return await this.extendAll();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1, $2)', [...SLOT_HORIZON_JOB_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  private async extendAll(): Promise<HorizonExtension> {
    const now = this.clock.now();
    const barbers = await availabilityTemplateRepository.listBarbersWithTemplate(this.dataSource.manager);
    let slotsCreated = 0;
    for (const { barberId, timeZone } of barbers) {
      slotsCreated += await this.dataSource.transaction(async (manager) => {
        await lockBarberSchedule(manager, barberId);
        // Read again under the lock: a template change may have landed since the list was read.
        const template = await availabilityTemplateRepository.find(manager, barberId);
        if (!template) return 0;
        const created = await this.fillGrid.execute(manager, { barberId, timeZone, template, now });
        const changed = slotChangedPayload(barberId, { current: created });
        if (changed) await this.outbox.publish(manager, 'slot.changed', changed);
        return created.length;
      });
    }
    if (slotsCreated > 0) this.logger.log(`Extended the slot horizon of ${barbers.length} barber(s): ${slotsCreated} slot(s) created`);
    return { ran: true, barbers: barbers.length, slotsCreated };
  }
}
