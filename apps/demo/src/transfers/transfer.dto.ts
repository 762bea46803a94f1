import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, ValidateBy } from 'class-validator';
import { ApiClosedBody } from '../openapi';

/** The largest amount one transfer may move: a demo's sanity bound, not a banking rule. */
const MAX_TRANSFER_AMOUNT = 1_000_000;
const MIN_TRANSFER_AMOUNT = 0.01;
const RECIPIENT = { minLength: 1, maxLength: 64 } as const;

/**
 * A finite number from 0.01 to MAX_TRANSFER_AMOUNT whose shortest decimal form has at most 2
 * decimals. Not `IsNumber({ maxDecimalPlaces })`: it splits `String(value)` on '.', so `1e-7`
 * has no fraction part there and the check throws (a 500) instead of refusing.
 */
function IsAmount(): PropertyDecorator {
  return ValidateBy({
    name: 'isAmount',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'number' && Number.isFinite(value) && value >= MIN_TRANSFER_AMOUNT && value <= MAX_TRANSFER_AMOUNT && Number(value.toFixed(2)) === value,
      defaultMessage: () => `amount must be a number from ${MIN_TRANSFER_AMOUNT} to ${MAX_TRANSFER_AMOUNT} with at most 2 decimals`,
    },
  });
}

@ApiClosedBody()
export class NewTransferDto {
  @ApiProperty({ type: 'number', minimum: MIN_TRANSFER_AMOUNT, maximum: MAX_TRANSFER_AMOUNT, multipleOf: 0.01, example: 125.5, description: 'At most 2 decimals.' })
  @IsAmount()
  amount: number;

  @ApiProperty({ ...RECIPIENT, example: 'bob', description: 'The recipient account.' })
  @Length(RECIPIENT.minLength, RECIPIENT.maxLength)
  @IsString()
  to: string;
}

export class TransferDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'number', example: 125.5 }) amount: number;
  @ApiProperty({ example: 'bob' }) to: string;
  @ApiProperty({ example: 'alice', description: 'The username of the caller.' }) from: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}
