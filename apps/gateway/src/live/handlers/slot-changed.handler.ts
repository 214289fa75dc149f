import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageHandler } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { slotChangesOf } from '../live-change';
import { LiveFeed } from '../live-feed';

/** Publishes the change to every gateway process's live streams. */
@Injectable()
@HandlesMessage('slot.changed')
export class SlotChangedLiveHandler implements MessageHandler<'slot.changed'> {
  constructor(private readonly feed: LiveFeed) {}

  async handle(message: MessageOf<'slot.changed'>): Promise<void> {
    await this.feed.publish(slotChangesOf(message));
  }
}
