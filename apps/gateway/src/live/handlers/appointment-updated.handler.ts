import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageContext, MessageHandler } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { appointmentChangesOf } from '../live-change';
import { LiveFeed } from '../live-feed';

/** Hands the change to every gateway process's live streams (LiveFeed.emit). */
@Injectable()
@HandlesMessage('appointment.updated')
export class AppointmentUpdatedLiveHandler implements MessageHandler<'appointment.updated'> {
  constructor(private readonly feed: LiveFeed) {}

  async handle(message: MessageOf<'appointment.updated'>, context: MessageContext): Promise<void> {
    await this.feed.emit(appointmentChangesOf(message), context.delivery);
  }
}
