import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'stepgate:public';

/**
 * Lets a route through the global authentication guard without a token.
 *
 * @example
 * @Public() @Get('health') health() { return { ok: true }; }
 */
export const Public = () => SetMetadata(IS_PUBLIC, true);
