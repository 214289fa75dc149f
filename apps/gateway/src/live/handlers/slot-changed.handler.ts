import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageContext, MessageHandler } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { slotChangesOf } from '../live-change';
import { LiveFeed } from '../live-feed';

/** Hands the change to every gateway process's live streams (LiveFeed.emit). */
@Injectable()
@HandlesMessage('slot.changed')
export class SlotChangedLiveHandler implements MessageHandler<'slot.changed'> {
  constructor(private readonly feed: LiveFeed) {}

  async handle(message: MessageOf<'slot.changed'>, context: MessageContext): Promise<void> {
    await this.feed.emit(slotChangesOf(message), context.delivery);
  }
}
