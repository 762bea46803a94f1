import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ProblemDto } from '../dto/responses.dto';

/** Documents the problem+json answers a route can give, as `status: 'CODE, CODE'`. */
export function ApiProblems(problems: Record<number, string>) {
  return applyDecorators(
    ...Object.entries(problems).map(([status, codes]) =>
      ApiResponse({ status: Number(status), description: codes, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } } }),
    ),
    ApiResponse({ status: 'default', description: 'Any error', type: ProblemDto }),
  );
}
