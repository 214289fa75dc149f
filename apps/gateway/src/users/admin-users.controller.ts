import type { Actor } from '@app/contracts';
import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { ApiErrors } from '../http/api-errors.decorator';
import { UuidParam } from '../http/validation';
import { CreateStaffUserDto } from './dto/create-staff-user.dto';
import { UpdateStaffUserDto } from './dto/update-staff-user.dto';
import { UserResponse, toUserResponse } from './persistence/user.mapper';
import { UserRepository } from './persistence/user.repository';
import { CreateStaffUserUseCase } from './use-cases/create-staff-user/create-staff-user.use-case';
import { UpdateStaffUserUseCase } from './use-cases/update-staff-user/update-staff-user.use-case';

@ApiTags('admin')
@Controller('admin/users')
export class AdminUsersController {
  constructor(
    private readonly createStaffUser: CreateStaffUserUseCase,
    private readonly updateStaffUser: UpdateStaffUserUseCase,
    private readonly users: UserRepository,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a barber or admin account (a barber account names its barber)' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'BARBER_NOT_FOUND', 'EMAIL_TAKEN', 'PAYLOAD_TOO_LARGE', 'SERVICE_UNAVAILABLE')
  async create(@Body() body: CreateStaffUserDto): Promise<UserResponse> {
    return toUserResponse(await this.createStaffUser.execute(body));
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Staff accounts (barbers and admins), admins first, then by name' })
  @ApiOkResponse({ type: [UserResponse] })
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN')
  async list(): Promise<UserResponse[]> {
    return (await this.users.listStaff()).map(toUserResponse);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Rename or (de)activate a staff account',
    description: 'A deactivated account cannot sign in and its tokens are refused at once. An admin cannot deactivate their own account.',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'USER_NOT_FOUND', 'CANNOT_DEACTIVATE_SELF', 'PAYLOAD_TOO_LARGE')
  async update(@UuidParam('id') userId: string, @Body() body: UpdateStaffUserDto, @CurrentUser() actor: Actor): Promise<UserResponse> {
    return toUserResponse(await this.updateStaffUser.execute(actor, userId, { name: body.name, active: body.active }));
  }
}
