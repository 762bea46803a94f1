// Threat: a pending operation's stored command record, read back from a shared store, makes the
// module build and run something the app never put behind a resumable route: another class under a
// borrowed name, a command of another class than the route declared, or an oversized record that
// fills the store. The registry is the only way from a record back to a class.
import { describe, expect, it } from 'vitest';
import { ValidationFailedError } from '../../domain/auth-error';
import { ResumableCommands } from './resume-operation.command';

class ExportReportCommand {
  static constructed = 0;
  constructor(
    readonly userId: string,
    readonly report: string,
    readonly options: { readonly format: string } = { format: 'csv' },
  ) {
    ExportReportCommand.constructed++;
  }
}

class NotTheDeclaredCommand {
  constructor(readonly userId: string) {}
}

class ExportReportSubcommand extends ExportReportCommand {}

// Two distinct classes that both go by the name `TransferFunds`, as two modules of one app could declare them.
const firstTransferFunds = (() => class TransferFunds {})();
const secondTransferFunds = (() => class TransferFunds {})();

/** A command whose JSON record is exactly `bytes` long: `{"blob":"…"}` has 11 bytes around the value. */
class BlobCommand {
  constructor(readonly blob: string) {}
}
const blobOfRecordBytes = (bytes: number) => new BlobCommand('x'.repeat(bytes - 11));

describe('ResumableCommands: only a registered class is ever rebuilt from a stored record', () => {
  it('accepts the same class registered twice (a decorator applied on two routes)', () => {
    const commands = new ResumableCommands();
    commands.register(ExportReportCommand);
    expect(() => commands.register(ExportReportCommand)).not.toThrow();
    expect(commands.rebuild({ name: 'ExportReportCommand', payload: {} })).toBeInstanceOf(ExportReportCommand);
  });

  it('refuses a second class under a name already taken, so a record cannot be rebuilt as the wrong class', () => {
    const commands = new ResumableCommands();
    expect(firstTransferFunds.name).toBe(secondTransferFunds.name);
    commands.register(firstTransferFunds);
    expect(() => commands.register(secondTransferFunds)).toThrow(/TransferFunds/);
    // The first registration still decides what the name means.
    expect(commands.rebuild({ name: 'TransferFunds', payload: {} })).toBeInstanceOf(firstTransferFunds);
    expect(commands.rebuild({ name: 'TransferFunds', payload: {} })).not.toBeInstanceOf(secondTransferFunds);
  });

  it('refuses to store a command of another class than the route declared, a subclass or a plain object included', () => {
    const commands = new ResumableCommands();
    commands.register(ExportReportCommand);
    expect(() => commands.store(new NotTheDeclaredCommand('u1'), ExportReportCommand)).toThrow(TypeError);
    expect(() => commands.store(new ExportReportSubcommand('u1', 'q3'), ExportReportCommand)).toThrow(TypeError);
    expect(() => commands.store({ userId: 'u1', report: 'q3' }, ExportReportCommand)).toThrow(TypeError);
  });

  it('stores a command under its declared class name with its own fields as JSON', () => {
    const commands = new ResumableCommands();
    expect(commands.store(new ExportReportCommand('u1', 'q3', { format: 'pdf' }), ExportReportCommand)).toEqual({
      name: 'ExportReportCommand',
      payload: { userId: 'u1', report: 'q3', options: { format: 'pdf' } },
    });
  });

  it('refuses a record over 16 KiB with VALIDATION_FAILED on the body, and keeps one of exactly 16 KiB', () => {
    const commands = new ResumableCommands();
    expect(JSON.stringify(blobOfRecordBytes(16 * 1024))).toHaveLength(16 * 1024);
    expect(() => commands.store(blobOfRecordBytes(16 * 1024), BlobCommand)).not.toThrow();
    let refusal: unknown;
    try {
      commands.store(blobOfRecordBytes(16 * 1024 + 1), BlobCommand);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ValidationFailedError);
    expect(refusal).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body' }] });
  });

  it('counts the record in bytes, not characters: multi-byte text cannot carry twice the limit', () => {
    const commands = new ResumableCommands();
    // 8,200 characters, 16,400 bytes of UTF-8.
    expect(() => commands.store(new BlobCommand('é'.repeat(8_200)), BlobCommand)).toThrow(ValidationFailedError);
  });

  it('rebuilds nothing for a name no route registered', () => {
    const commands = new ResumableCommands();
    commands.register(ExportReportCommand);
    expect(commands.rebuild({ name: 'RemoveAllUsersCommand', payload: { confirm: true } })).toBeUndefined();
    expect(commands.rebuild({ name: 'Object', payload: {} })).toBeUndefined();
    expect(commands.rebuild({ name: 'constructor', payload: {} })).toBeUndefined();
  });

  it('rebuilds an instance of the registered class with the stored fields, without running its constructor again', () => {
    const commands = new ResumableCommands();
    commands.register(ExportReportCommand);
    const stored = commands.store(new ExportReportCommand('u1', 'q3', { format: 'pdf' }), ExportReportCommand);
    const before = ExportReportCommand.constructed;
    const rebuilt = commands.rebuild(JSON.parse(JSON.stringify(stored)) as typeof stored);
    expect(rebuilt).toBeInstanceOf(ExportReportCommand);
    expect(rebuilt).toEqual(Object.assign(Object.create(ExportReportCommand.prototype) as object, { userId: 'u1', report: 'q3', options: { format: 'pdf' } }));
    expect(ExportReportCommand.constructed).toBe(before);
  });

  it('keeps a stored "__proto__" field a field: a tampered record cannot swap the rebuilt command’s prototype', () => {
    const commands = new ResumableCommands();
    commands.register(ExportReportCommand);
    const payload = JSON.parse('{"userId":"u1","__proto__":{"report":"injected","polluted":true}}') as Record<string, unknown>;
    const rebuilt = commands.rebuild({ name: 'ExportReportCommand', payload }) as ExportReportCommand & { polluted?: boolean };
    expect(rebuilt).toBeInstanceOf(ExportReportCommand);
    expect(Object.getPrototypeOf(rebuilt)).toBe(ExportReportCommand.prototype);
    expect(rebuilt.polluted).toBeUndefined();
    expect(rebuilt.userId).toBe('u1');
  });
});
