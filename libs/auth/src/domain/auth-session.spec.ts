import { describe, expect, it } from 'vitest';
import { AuthSession } from './auth-session';
import { AuthSessionCreatedEvent } from './events/auth-session-created.event';
import { SessionRevokedEvent } from './events/session-revoked.event';
import { SignInCompletedEvent } from './events/sign-in-completed.event';

const t0 = new Date('2026-01-01T00:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

function pendingSession() {
  return AuthSession.start({ id: 's1', userId: 'u1', mode: 'stateful', now: t0, expiresAt: at(300), ip: '10.0.0.1', userAgent: 'ua' });
}

describe('AuthSession', () => {
  it('starts pending and records its creation', () => {
    const session = pendingSession();
    expect(session.statusAt(t0)).toBe('pending');
    expect(session.isActiveAt(t0)).toBe(false);
    expect(session.pullEvents()).toEqual([new AuthSessionCreatedEvent('s1', 'u1', 'stateful', t0)]);
    expect(session.pullEvents()).toEqual([]);
  });

  it('becomes active once a step is completed, fixing auth_time, acr and amr', () => {
    const session = pendingSession();
    session.pullEvents();
    session.completeStep('username-password', 'pwd', t0);
    session.pullEvents();
    session.activate(at(5), at(3600));
    expect(session.isActiveAt(at(5))).toBe(true);
    expect(session.authTime).toEqual(at(5));
    expect(session.acr).toBe('1');
    expect(session.methods).toEqual(['pwd']);
    expect(session.pullEvents()).toEqual([new SignInCompletedEvent('s1', 'u1', ['pwd'], '1', at(5))]);
  });

  it('reaches acr 2 with two different factors and counts a repeated factor once', () => {
    const session = pendingSession();
    session.completeStep('username-password', 'pwd', t0);
    session.offer(['recovery-code', 'totp'], at(60));
    session.completeStep('recovery-code', 'otp', t0);
    session.offer(['totp'], at(60));
    session.completeStep('totp', 'otp', t0);
    expect(session.methods).toEqual(['pwd', 'otp']);
    expect(session.completedSteps).toEqual(['username-password', 'recovery-code', 'totp']);
    expect(session.acr).toBe('2');
  });

  it('accepts after the first step only a step it offered, and offering moves the deadline', () => {
    const session = pendingSession();
    session.completeStep('username-password', 'pwd', t0);
    expect(() => session.completeStep('totp', 'otp', t0)).toThrow(expect.objectContaining({ code: 'STEP_OUT_OF_ORDER' }));
    session.offer(['totp'], at(120));
    expect(session.nextSteps).toEqual(['totp']);
    expect(session.expiresAt).toEqual(at(120));
    expect(() => session.completeStep('sms-otp', 'sms', t0)).toThrow(expect.objectContaining({ code: 'STEP_OUT_OF_ORDER' }));
    session.completeStep('totp', 'otp', t0);
    expect(session.nextSteps).toEqual([]);
  });

  it('refuses to activate before any step, and to take steps once active', () => {
    const session = pendingSession();
    expect(() => session.activate(t0, at(60))).toThrow(/before a factor/);
    session.completeStep('username-password', 'pwd', t0);
    session.activate(t0, at(60));
    expect(() => session.completeStep('totp', 'otp', t0)).toThrow(/active, expected pending/);
  });

  it('expires when expiresAt passes, without anyone writing to it', () => {
    const session = pendingSession();
    session.completeStep('username-password', 'pwd', t0);
    session.activate(t0, at(60));
    expect(session.statusAt(at(59))).toBe('active');
    expect(session.statusAt(at(60))).toBe('expired');
  });

  it('moves its expiry forward on touch', () => {
    const session = pendingSession();
    session.completeStep('username-password', 'pwd', t0);
    session.activate(t0, at(60));
    session.touch(at(50), at(120));
    expect(session.statusAt(at(100))).toBe('active');
    expect(session.toState().lastUsedAt).toEqual(at(50));
  });

  it('revokes once: a second revoke records no second event', () => {
    const session = pendingSession();
    session.completeStep('username-password', 'pwd', t0);
    session.activate(t0, at(60));
    session.pullEvents();
    session.revoke(at(10), 'logout');
    session.revoke(at(11), 'logout');
    expect(session.statusAt(at(12))).toBe('revoked');
    expect(session.toState().revokedAt).toEqual(at(10));
    expect(session.pullEvents()).toEqual([new SessionRevokedEvent('s1', 'u1', 'logout', at(10))]);
    expect(() => session.touch(at(12), at(100))).toThrow();
  });

  it('round-trips through its state', () => {
    const session = pendingSession();
    session.completeStep('username-password', 'pwd', t0);
    session.activate(t0, at(60));
    const copy = AuthSession.fromState(session.toState());
    expect(copy.toState()).toEqual(session.toState());
    expect(copy.pullEvents()).toEqual([]);
  });
});
