import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsString, Length, MaxLength } from 'class-validator';
import { NormalizeEmail, Trim } from '../../http/transforms';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export class RegisterDto {
  @ApiProperty({ example: 'sam@example.com', maxLength: 254 })
  @NormalizeEmail()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email!: string;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, example: 'correct-horse-battery' })
  @Length(PASSWORD_MIN, PASSWORD_MAX, { message: `password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters long` })
  @IsString()
  password!: string;

  @ApiProperty({ example: 'Sam Smith', minLength: 1, maxLength: 100 })
  @Trim()
  @Length(1, 100, { message: 'name must be 1 to 100 characters long' })
  @IsString()
  name!: string;
}

export class LoginDto {
  @ApiProperty({ example: 'sam@example.com' })
  @NormalizeEmail()
  @MaxLength(254)
  @IsNotEmpty()
  @IsString()
  email!: string;

  @ApiProperty({ example: 'correct-horse-battery' })
  @MaxLength(PASSWORD_MAX)
  @IsNotEmpty()
  @IsString()
  password!: string;
}
