import { ATTENTION_KINDS, PAYMENTS_RPC } from '@app/contracts';
import type { Actor, AttentionItemResource, AttentionKind } from '@app/contracts';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { ApiErrors } from '../http/api-errors.decorator';
import { PAYMENTS_CLIENT, PaymentsClient } from '../rpc-clients/booking.client';

export class AttentionItemResponse implements AttentionItemResource {
  @ApiProperty({
    enum: ATTENTION_KINDS,
    description:
      'refund_failed: a refund failed, the customer is still owed the money; dispute_open: a chargeback to answer by dueBy; refunded_outside: money refunded outside the system (Stripe Dashboard); payment_flagged: a success refused for its amount, being refunded.',
  })
  kind!: AttentionKind;
  @ApiProperty({ format: 'uuid' }) bookingId!: string;
  @ApiProperty({ format: 'uuid' }) paymentId!: string;
  @ApiProperty({ description: 'When the fact was first seen.' }) since!: string;
  @ApiProperty({ description: 'What happened and what to do, for a person.' }) detail!: string;
  @ApiProperty({ nullable: true, type: String, description: "A dispute's evidence due date." })
  dueBy!: string | null;
}

@ApiTags('admin')
@Controller('admin/attention')
export class AttentionController {
  constructor(@Inject(PAYMENTS_CLIENT) private readonly payments: PaymentsClient) {}

  @Get()
  @Roles('admin')
  @ApiOperation({
    summary: 'What a person must act on, oldest first',
    description:
      'Money owed or moved outside the system (DESIGN §5). An item closes by itself when its fact resolves (a dispute closes, the booking is cancelled, a later refund succeeds).',
  })
  @ApiOkResponse({ type: [AttentionItemResponse] })
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'SERVICE_UNAVAILABLE')
  list(@CurrentUser() actor: Actor): Promise<AttentionItemResource[]> {
    return this.payments.send(PAYMENTS_RPC.listAttention, { actor });
  }
}
