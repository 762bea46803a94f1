import type { Identity } from '../../domain/identity';

/** Where `@Authorize` finds the caller when the message carries it elsewhere than `identity`. */
export type IdentityFrom<M> = (message: M) => Identity | undefined;

/** What `@Authorize` checks: an action on the one resource a message names. */
export interface AuthorizeOptions<M> {
  /** The resource type, as declared in the `authorization` option. */
  readonly resource: string;
  /** The action the handler performs; one of the resource type's declared actions. */
  readonly action: string;
  /** The id of the resource the message names: a property of the message, or a function of it. */
  readonly idFrom: (keyof M & string) | ((message: M) => unknown);
  /** @default the message's `identity`, else the caller of the HTTP request being handled */
  readonly identityFrom?: IdentityFrom<M>;
}

/** Which results `@PermittedActions` annotates, and under which key. */
export interface PermittedActionsOptions<M, R> {
  /** The resource type, as declared in the `authorization` option. */
  readonly resource: string;
  /** The property of the result that holds the list (or the one item). @default the result itself */
  readonly from?: keyof R & string;
  /** The key each result gets. @default 'permitted_actions' */
  readonly as?: string;
  /** @default the message's `identity`, else the caller of the HTTP request being handled */
  readonly identityFrom?: IdentityFrom<M>;
}

/** What the decorators call; installed on each decorated handler when the auth module starts. */
export interface HandlerGuard {
  authorize(options: AuthorizeOptions<unknown>, message: unknown): Promise<void>;
  identityFor(options: { identityFrom?: IdentityFrom<unknown> }, message: unknown): Identity;
  withPermittedActions(options: PermittedActionsOptions<unknown, unknown>, identity: Identity, result: unknown): unknown;
}

/** What a decorator declares, kept on the handler class for the module to find and check at start-up. */
export interface GuardedUse {
  readonly decorator: string;
  readonly resource: string;
  readonly action?: string;
}

/** The classes whose `execute` the decorators wrapped, with what each declares. */
export const GUARDED_HANDLER = Symbol('stepgate.guarded-handler');
/** Marks an `execute` the decorators wrapped, so that a subclass replacing it is caught at start-up. */
export const GUARDED_EXECUTE = Symbol('stepgate.guarded-execute');
/** The property of a handler instance where its `HandlerGuard` is installed. */
export const HANDLER_GUARD = Symbol('stepgate.handler-guard');

type Execute = (this: object, message: unknown) => unknown;

function guardOf(handler: object, decorator: string): HandlerGuard {
  const guard = (handler as { [HANDLER_GUARD]?: HandlerGuard })[HANDLER_GUARD];
  // A handler no auth module has seen (another Nest app, `new`, request scope) runs nothing unchecked.
  if (!guard) throw new Error(`${decorator} on ${handler.constructor.name}.execute: no AuthModule has protected this handler; import AuthModule in the same app and let Nest create the handler.`);
  return guard;
}

function wrapExecute(use: GuardedUse, wrap: (original: Execute) => Execute): MethodDecorator {
  return (target, propertyKey, descriptor) => {
    if (propertyKey !== 'execute' || typeof descriptor.value !== 'function') throw new Error(`${use.decorator} goes on a handler's execute method.`);
    const wrapped = wrap(descriptor.value as unknown as Execute);
    Object.defineProperty(wrapped, GUARDED_EXECUTE, { value: true });
    descriptor.value = wrapped as never;
    const uses: GuardedUse[] = Reflect.getOwnMetadata(GUARDED_HANDLER, target.constructor) ?? [];
    Reflect.defineMetadata(GUARDED_HANDLER, [...uses, use], target.constructor);
    return descriptor;
  };
}

/**
 * Checks, before a command or query handler runs, that the caller may perform `action` on the one
 * resource the message names, whoever sent the message: a controller, or the app on its own bus.
 * The resource is loaded through the resource type's `finder`. Refused: 404 `NOT_FOUND` when the
 * caller may not even read it (or it does not exist), 403 `FORBIDDEN` when they may read it but not
 * this; no caller at all is 401 `UNAUTHENTICATED`.
 *
 * @example
 * @CommandHandler(DeleteDocumentCommand)
 * export class DeleteDocumentHandler implements ICommandHandler<DeleteDocumentCommand> {
 *   @Authorize({ resource: 'document', action: 'delete', idFrom: 'id' })
 *   async execute(command: DeleteDocumentCommand) { ... }
 * }
 */
export function Authorize<M = never>(options: AuthorizeOptions<M>): MethodDecorator {
  return wrapExecute({ decorator: '@Authorize', resource: options.resource, action: options.action }, (original) =>
    async function authorized(this: object, message: unknown) {
      await guardOf(this, '@Authorize').authorize(options as AuthorizeOptions<unknown>, message);
      return original.call(this, message);
    },
  );
}

/**
 * Adds to each result of a query (or command) handler the actions the caller may perform on it
 * (`permitted_actions`), from the same rules that filtered the query. The caller is required before
 * the handler runs, as for `@Authorize`, so a command that creates something refuses to before it
 * writes. The key is added after `execute` returns: declare it in the message's result type
 * (`Query<{ items: (Doc & { permitted_actions: string[] })[] }>`) and leave out
 * `implements IQueryHandler<...>`, which would require `execute` to return it already.
 *
 * @example
 * @QueryHandler(ListDocumentsQuery)
 * export class ListDocumentsHandler {
 *   @PermittedActions({ resource: 'document', from: 'items' })
 *   async execute(query: ListDocumentsQuery) { ... }
 * }
 */
export function PermittedActions<M = never, R = never>(options: PermittedActionsOptions<M, R>): MethodDecorator {
  return wrapExecute({ decorator: '@PermittedActions', resource: options.resource }, (original) =>
    async function withPermittedActions(this: object, message: unknown) {
      const guard = guardOf(this, '@PermittedActions');
      const identity = guard.identityFor(options as PermittedActionsOptions<unknown, unknown>, message);
      return guard.withPermittedActions(options as PermittedActionsOptions<unknown, unknown>, identity, await original.call(this, message));
    },
  );
}
