import { Query } from '@nestjs/cqrs';

/** The JSON Schema of every configured sign-in step, keyed by step key. */
export class GetStepOptionsQuery extends Query<Record<string, object>> {}
