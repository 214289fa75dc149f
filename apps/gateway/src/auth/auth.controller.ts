import type { Actor } from '@app/contracts';
import { DomainError } from '@app/contracts';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-errors.decorator';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { newCalendarKey } from '../calendar/calendar-key';
import { MeResponse, UserResponse, toUserResponse } from '../users/persistence/user.mapper';
import { UserRepository } from '../users/persistence/user.repository';
import { CurrentUser, Public, SignedIn } from './auth.decorators';
import { LoginDto, RegisterDto } from './dto/credentials.dto';
import { LogInUseCase } from './use-cases/log-in/log-in.use-case';
import { RegisterCustomerUseCase } from './use-cases/register-customer/register-customer.use-case';

class LoginResponse {
  @ApiProperty({ description: 'Send as Authorization: Bearer <accessToken>.' })
  accessToken!: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Seconds until the token expires.', example: 3600 })
  expiresIn!: number;

  @ApiProperty({ type: UserResponse })
  user!: UserResponse;
}

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly registerCustomer: RegisterCustomerUseCase,
    private readonly logIn: LogInUseCase,
    private readonly users: UserRepository,
  ) {}

  @Post('auth/register')
  @Public()
  @RateLimit('auth')
  @ApiOperation({ summary: 'Create a customer account' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiErrors('VALIDATION_FAILED', 'EMAIL_TAKEN', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED')
  async register(@Body() body: RegisterDto): Promise<UserResponse> {
    return toUserResponse(await this.registerCustomer.execute(body));
  }

  @Post('auth/login')
  @Public()
  @HttpCode(200)
  @RateLimit('auth')
  @ApiOperation({ summary: 'Exchange email and password for an access token' })
  @ApiOkResponse({ type: LoginResponse })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_CREDENTIALS', 'UNAUTHORIZED', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED')
  async login(@Body() body: LoginDto): Promise<LoginResponse> {
    const result = await this.logIn.execute(body.email, body.password);
    return { accessToken: result.accessToken, tokenType: 'Bearer', expiresIn: result.expiresIn, user: toUserResponse(result.user) };
  }

  @Get('me')
  @SignedIn()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: MeResponse })
  @ApiErrors('UNAUTHORIZED')
  async me(@CurrentUser() actor: Actor): Promise<MeResponse> {
    // Read fresh, so a deleted account stops here even while its token is still valid.
    const user = await this.users.findById(actor.userId);
    if (!user) throw new DomainError('UNAUTHORIZED', 'This account no longer exists. Sign in again.');
    if (user.role !== 'barber') return toUserResponse(user);
    const calendarKey = user.calendarKey ?? (await this.users.ensureCalendarKey(user.id, newCalendarKey()));
    return { ...toUserResponse(user), ...(calendarKey ? { calendarKey } : {}) };
  }
}
