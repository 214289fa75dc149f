import { ATTENTION_KINDS, AttentionItemResource } from '@app/contracts';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { toAttentionItemResource } from '../../domain/attention-item';
import { attentionItemRepository } from '../../persistence/attention-item.repository';

const LIMIT = 1000;
const GAUGE_NAME = 'payments_attention_open';

/** The process's way to count open items, read by the gauge at each scrape (the newest app in a process wins). */
let countOpen: (() => Promise<Map<string, number>>) | null = null;

/**
 * GET /admin/attention, payments' part: the open items, oldest first. Also feeds the
 * `payments_attention_open{kind}` gauge, counted from the database at each scrape, so every
 * replica reports what is open whoever opened it.
 */
@Injectable()
export class ListAttentionUseCase implements OnModuleInit {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    countOpen = () => attentionItemRepository.countOpenByKind(this.dataSource.manager);
    if (register.getSingleMetric(GAUGE_NAME)) return;
    new Gauge({
      name: GAUGE_NAME,
      help: 'Attention items open (money owed or moved outside the system), by kind',
      labelNames: ['kind'],
      async collect() {
        const counts = countOpen ? await countOpen().catch(() => null) : null;
        if (counts === null) return;
        for (const kind of ATTENTION_KINDS) this.set({ kind }, counts.get(kind) ?? 0);
      },
    });
  }

  async execute(): Promise<AttentionItemResource[]> {
    const items = await attentionItemRepository.listOpen(this.dataSource.manager, LIMIT);
    return items.map(toAttentionItemResource);
  }
}
