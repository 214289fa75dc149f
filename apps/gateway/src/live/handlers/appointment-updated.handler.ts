import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageHandler } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { appointmentChangesOf } from '../live-change';
import { LiveFeed } from '../live-feed';

/** Publishes the change to every gateway process's live streams. */
@Injectable()
@HandlesMessage('appointment.updated')
export class AppointmentUpdatedLiveHandler implements MessageHandler<'appointment.updated'> {
  constructor(private readonly feed: LiveFeed) {}

  async handle(message: MessageOf<'appointment.updated'>): Promise<void> {
    await this.feed.publish(appointmentChangesOf(message));
  }
}
