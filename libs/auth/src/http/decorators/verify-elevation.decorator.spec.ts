// Threat: a typo or a contradiction in a route's step-up options leaving it open or unsatisfiable
// at run time. Each is refused where the decorator is applied, as the app's classes load.
import { describe, expect, it } from 'vitest';
import { VerifyElevation } from './verify-elevation.decorator';

class ExportCommand {
  constructor(readonly report: string) {}
}
const command = { type: ExportCommand, build: () => new ExportCommand('balances') };

describe('@VerifyElevation options', () => {
  it('refuses an operation name that could break the WWW-Authenticate header or a store key', () => {
    for (const name of ['', 'a"b', 'line\nbreak', 'x'.repeat(65), 'spaced name']) expect(() => VerifyElevation(name)).toThrow(/operation name/);
    expect(() => VerifyElevation('transfer_funds:v2.1-eu')).not.toThrow();
  });

  it('refuses a maxAge that is not a positive whole number of seconds, and an empty or unknown list of methods', () => {
    for (const maxAge of [0, -1, 1.5, Number.NaN]) expect(() => VerifyElevation('transfer_funds', { maxAge })).toThrow(/maxAge/);
    expect(() => VerifyElevation('transfer_funds', { methods: [] })).toThrow(/methods/);
    expect(() => VerifyElevation('transfer_funds', { methods: ['voice' as never] })).toThrow(/methods/);
  });

  it('refuses resumable without a command, and a command without resumable', () => {
    expect(() => VerifyElevation('export_report', { resumable: true } as never)).toThrow(/command/);
    expect(() => VerifyElevation('export_report', { command } as never)).toThrow(/resumable: true/);
  });

  it('refuses acceptRecentAuthentication beside oneShot, resumable or methods, which a sign-in cannot honour', () => {
    expect(() => VerifyElevation('read_statements', { acceptRecentAuthentication: true, oneShot: true })).toThrow(/acceptRecentAuthentication/);
    expect(() => VerifyElevation('read_statements', { acceptRecentAuthentication: true, methods: ['totp'] })).toThrow(/acceptRecentAuthentication/);
    expect(() => VerifyElevation('read_statements', { acceptRecentAuthentication: true, resumable: true, command })).toThrow(/acceptRecentAuthentication/);
    expect(() => VerifyElevation('read_statements', { acceptRecentAuthentication: true, maxAge: 120 })).not.toThrow();
  });
});
