import { Command } from '@nestjs/cqrs';
import type { Type } from '@nestjs/common';
import { ValidationFailedError } from '../../domain/auth-error';
import type { StoredCommand } from '../../domain/pending-operation';

/**
 * Runs the stored command of the granted, resumable operation `operationId`, once: of parallel
 * resumes (two instances on one Redis) exactly one moves it to `running` and spends its one-shot
 * elevation. What the command answers becomes the operation's `result`; a throw reaches
 * `UnhandledExceptionBus`, where the module marks the operation `failed`.
 */
export class ResumeOperationCommand extends Command<void> {
  constructor(readonly operationId: string) {
    super();
  }
}

/** A stored command larger than this is refused when the route is called: it travels through the shared store. */
const MAX_PAYLOAD_BYTES = 16 * 1024;

/**
 * The command classes a resumed operation may run: only those named by a resumable
 * `@VerifyElevation` route, registered when the decorator is applied. A stored record names one by
 * its class name, so nothing read back from the store can make the module build any other class.
 */
export class ResumableCommands {
  private readonly byName = new Map<string, Type<object>>();

  /** Throws when another class already goes by the same name: a stored record must name one class. */
  register(type: Type<object>): void {
    const known = this.byName.get(type.name);
    if (known && known !== type) throw new Error(`Two resumable command classes are named ${type.name}; rename one (a stored operation names its command by class name).`);
    this.byName.set(type.name, type);
  }

  /** The record of `command`: its class name and its own fields, which must survive JSON. */
  store(command: object, declared: Type<object>): StoredCommand {
    if (command.constructor !== declared) throw new TypeError(`The resumable command must be a ${declared.name}, not a ${command.constructor?.name ?? typeof command}.`);
    const json = JSON.stringify(command);
    if (Buffer.byteLength(json) > MAX_PAYLOAD_BYTES) throw new ValidationFailedError([{ field: 'body', message: `is too large to keep for a resumed operation (over ${MAX_PAYLOAD_BYTES} bytes)` }]);
    return { name: declared.name, payload: JSON.parse(json) as Record<string, unknown> };
  }

  /** The command a record names, with its fields; undefined when the name is not registered here. */
  rebuild(stored: StoredCommand): object | undefined {
    const type = this.byName.get(stored.name);
    if (!type) return undefined;
    // The prototype, not the constructor: the fields were the constructor's work when it was stored.
    // Defined, not assigned: a stored `__proto__` field stays a field instead of replacing the prototype.
    const command = Object.create(type.prototype as object) as object;
    for (const [name, value] of Object.entries(stored.payload)) Object.defineProperty(command, name, { value, writable: true, enumerable: true, configurable: true });
    return command;
  }
}

/** The process's registry: filled by the decorators as the app's classes load. */
export const resumableCommands = new ResumableCommands();
