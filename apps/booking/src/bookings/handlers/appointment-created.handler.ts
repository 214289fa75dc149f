import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageContext, MessageHandler } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { LinkAppointmentUseCase } from '../use-cases/link-appointment/link-appointment.use-case';

@Injectable()
@HandlesMessage('appointment.created')
export class AppointmentCreatedHandler implements MessageHandler<'appointment.created'> {
  constructor(private readonly linkAppointment: LinkAppointmentUseCase) {}

  async handle(message: MessageOf<'appointment.created'>, { manager }: MessageContext): Promise<void> {
    await this.linkAppointment.execute(manager, message.payload);
  }
}
