import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ApiErrors } from '../http/api-errors.decorator';
import { CreateStaffUserDto } from './dto/create-staff-user.dto';
import { UserResponse, toUserResponse } from './persistence/user.mapper';
import { CreateStaffUserUseCase } from './use-cases/create-staff-user/create-staff-user.use-case';

@ApiTags('admin')
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly createStaffUser: CreateStaffUserUseCase) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a barber or admin account (a barber account names its barber)' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'BARBER_NOT_FOUND', 'EMAIL_TAKEN', 'PAYLOAD_TOO_LARGE', 'SERVICE_UNAVAILABLE')
  async create(@Body() body: CreateStaffUserDto): Promise<UserResponse> {
    return toUserResponse(await this.createStaffUser.execute(body));
  }
}
