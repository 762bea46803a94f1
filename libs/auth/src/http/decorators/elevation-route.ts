import type { Type } from '@nestjs/common';
import type { Identity } from '../../domain/identity';
import type { OtpMethod } from '../../domain/otp-method';

export const ELEVATION_ROUTE = 'stepgate:elevation';

/** What a resumable route's command is built from: the validated body, the caller and the path parameters. */
export interface ResumableInput<TBody> {
  readonly body: TBody;
  readonly identity: Identity;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * The command a resumable route runs, and how the guard builds it from the request before the
 * second factor is proven. The command must be a plain class whose own fields survive JSON: they
 * wait in the shared store, and the command is rebuilt on whichever instance resumes it.
 */
export interface ResumableCommand<TCommand extends object, TBody extends object> {
  /** The command class; registered by this decorator, and the only kind of command this route may resume. */
  readonly type: Type<TCommand>;
  /** The body DTO, validated as the route's own body would be (whitelist, forbidNonWhitelisted) before anything is stored; without it `build` gets `{}`. */
  readonly body?: Type<TBody>;
  /** Builds the command the route would run. */
  readonly build: (input: ResumableInput<TBody>) => TCommand;
}

/** The options every `@VerifyElevation` route may set. */
export interface CommonElevationOptions {
  /** Seconds an elevation for this route stays valid, and the `max_age` of its challenge. @default `stepUp.maxAgeSeconds` (300) */
  readonly maxAge?: number;
  /** The factors that may prove it. @default every factor the user has */
  readonly methods?: readonly OtpMethod[];
  /** Spend the elevation on the first request it authorizes, instead of keeping it for `maxAge`. @default false */
  readonly oneShot?: boolean;
  /**
   * Also let through a caller whose sign-in proved a second factor (`mfa` in `amr`) within `maxAge`
   * (`auth_time`): RFC 9470's reading. Without it, only a step-up elevation counts. @default false
   */
  readonly acceptRecentAuthentication?: boolean;
  /**
   * Let a user who has no factor to prove it with through: for the route that enrols the first
   * one. Everyone else must step up, so a stolen session cannot swap their factor for its own. @default false
   */
  readonly passWithoutFactor?: boolean;
}

/** The options of `@VerifyElevation`: a resumable route names the command it resumes. */
export type VerifyElevationOptions<TCommand extends object = object, TBody extends object = object> = CommonElevationOptions &
  (
    | { readonly resumable?: false; readonly command?: never }
    | {
        /** After the second factor the module runs `command` itself, once, and the client reads its result from `GET /auth/operations/:id`. */
        readonly resumable: true;
        readonly command: ResumableCommand<TCommand, TBody>;
      }
  );

/** A route's elevation requirement as the guard reads it. */
export interface ElevationRoute extends CommonElevationOptions {
  readonly operation: string;
  readonly command?: ResumableCommand<object, object>;
}

