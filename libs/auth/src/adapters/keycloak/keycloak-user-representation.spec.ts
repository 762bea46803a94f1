// How Keycloak's user representation becomes the port's DirectoryUser and back. A slip here is
// silent and lasting: a PUT that lacks the email clears it, an attribute named `email` renames
// nothing but vanishes, a phone number left among the attributes never reaches the SMS step.
import { describe, expect, it } from 'vitest';
import { ValidationFailedError } from '../../domain/auth-error';
import { UsernameTakenError } from '../../ports/user-directory';
import {
  changedKeycloakUser,
  conflictOf,
  directoryUserOf,
  fieldErrorsOf,
  flatten,
  groupsOf,
  isKeycloakId,
  type KeycloakUser,
  keycloakAttributes,
  keycloakSearch,
  keycloakUserOf,
  newKeycloakUser,
} from './keycloak-user-representation';

const ID = '48e1a4f3-a619-4daa-bf73-9a62873d9825';
const bob: KeycloakUser = {
  id: ID,
  username: 'bob',
  firstName: 'Bob',
  lastName: 'Demo',
  emailVerified: false,
  enabled: true,
  attributes: { department: ['research', 'sales'], phone_number: ['+15550100002'], empty: [] },
};

function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('directoryUserOf', () => {
  it('flattens attributes to their first value and lifts the phone number out of them', () => {
    expect(directoryUserOf(bob, ['staff'])).toEqual({ userId: ID, username: 'bob', phoneNumber: '+15550100002', enabled: true, groups: ['staff'], attributes: { department: 'research' } });
  });

  it('carries the email when there is one, and no email key when there is none', () => {
    expect(directoryUserOf({ ...bob, email: 'bob@example.com' }, []).email).toBe('bob@example.com');
    expect('email' in directoryUserOf(bob, [])).toBe(false);
    expect('email' in directoryUserOf({ ...bob, email: '' }, [])).toBe(false);
  });

  it('reads a user without attributes or `enabled` as having none and being disabled', () => {
    expect(directoryUserOf({ id: ID, username: 'x' }, [])).toEqual({ userId: ID, username: 'x', enabled: false, groups: [], attributes: {} });
  });

  it('lists each group name once, sorted (same-named groups in two subtrees are one permit)', () => {
    expect(directoryUserOf(bob, ['staff', 'editor', 'staff']).groups).toEqual(['editor', 'staff']);
  });
});

describe('keycloakUserOf', () => {
  it.each([null, 'x', [], { username: 'bob' }, { id: '../users', username: 'bob' }, { id: ID }])('refuses %j', (body) => {
    expect(keycloakUserOf(body)).toBeUndefined();
  });

  it('takes a representation with a Keycloak id and a username', () => {
    expect(keycloakUserOf(bob)).toBe(bob);
  });
});

describe('isKeycloakId', () => {
  it.each(['../users', '..', '', 'f:ldap:1234', `${ID}/groups`, `${ID}?x=1`, ID.toUpperCase(), ` ${ID}`, `${ID}\n`, 42])('refuses %j', (id) => {
    expect(isKeycloakId(id)).toBe(false);
  });

  it('accepts a lower-case UUID', () => expect(isKeycloakId(ID)).toBe(true));
});

describe('newKeycloakUser', () => {
  it('is the user with names the profile requires, the phone as an attribute and a permanent password', () => {
    expect(newKeycloakUser('dora', { username: 'Dora', password: 'pw-1234567', phoneNumber: '+15550100777', attributes: { department: 'sales' } })).toEqual({
      username: 'dora',
      firstName: 'dora',
      lastName: 'dora',
      enabled: true,
      attributes: { department: ['sales'], phone_number: ['+15550100777'] },
      credentials: [{ type: 'password', value: 'pw-1234567', temporary: false }],
    });
  });

  it('sends the email only when there is one', () => {
    expect(newKeycloakUser('dora', { username: 'dora', password: 'p', email: 'd@example.com' }).email).toBe('d@example.com');
    expect('email' in newKeycloakUser('dora', { username: 'dora', password: 'p' })).toBe(false);
  });
});

describe('changedKeycloakUser', () => {
  const current: KeycloakUser = { ...bob, email: 'bob@example.com' };

  it('replaces the attributes and sends back every field Keycloak would otherwise clear, the phone number too', () => {
    expect(changedKeycloakUser(current, { attributes: { floor: '3' } })).toEqual({
      username: 'bob',
      email: 'bob@example.com',
      emailVerified: false,
      firstName: 'Bob',
      lastName: 'Demo',
      enabled: true,
      attributes: { floor: ['3'], phone_number: ['+15550100002'] },
    });
  });

  it('keeps the attributes as they are when only `enabled` changes', () => {
    expect(changedKeycloakUser(current, { enabled: false })).toMatchObject({ enabled: false, attributes: current.attributes, email: 'bob@example.com' });
  });

  it('keeps the realm’s own attributes when the managed ones change', () => {
    // Keycloak replaces the whole attribute map on PUT: an attribute the directory does not show
    // (another client's mapper may put it into tokens) would be deleted by sending only the managed ones.
    const held: KeycloakUser = { ...current, attributes: { ...current.attributes, internal_note: ['under review'], floor: ['3', '4'] } };
    expect(changedKeycloakUser(held, { attributes: { department: 'it' } }, ['department', 'team']).attributes).toEqual({
      department: ['it'],
      internal_note: ['under review'],
      floor: ['3', '4'],
      empty: [],
      phone_number: ['+15550100002'],
    });
    // A managed attribute left out of the changes is removed, as the port's "replace" says.
    const teamed: KeycloakUser = { ...held, attributes: { ...held.attributes, team: ['blue'] } };
    expect(changedKeycloakUser(teamed, { attributes: { department: 'it' } }, ['department', 'team']).attributes).not.toHaveProperty('team');
  });

  it('refuses to write an attribute the app does not manage', () => {
    const refusal = thrownBy(() => changedKeycloakUser(current, { attributes: { department: 'it', internal_note: 'cleared' } }, ['department']));
    expect(refusal).toBeInstanceOf(ValidationFailedError);
    expect((refusal as ValidationFailedError).errors).toEqual([{ field: 'attributes.internal_note', message: expect.any(String) }]);
    expect((thrownBy(() => newKeycloakUser('dora', { username: 'dora', password: 'p', attributes: { internal_note: 'x' } }, ['department'])) as ValidationFailedError).errors).toEqual([
      { field: 'attributes.internal_note', message: expect.any(String) },
    ]);
    expect(thrownBy(() => keycloakAttributes({ department: 'it' }, undefined, ['department']))).toBeUndefined();
  });
});

describe('keycloakAttributes', () => {
  it.each(['email', 'EMAIL', 'username', 'firstName', 'lastname', 'emailVerified', 'enabled', 'phone_number'])('refuses the reserved name %s on its field', (name) => {
    const refusal = thrownBy(() => keycloakAttributes({ [name]: 'x', department: 'it' }, undefined));
    expect(refusal).toBeInstanceOf(ValidationFailedError);
    expect((refusal as ValidationFailedError).errors).toEqual([{ field: `attributes.${name}`, message: expect.stringContaining('reserved') }]);
  });
});

describe('fieldErrorsOf', () => {
  it('maps the fields of a list of profile errors to the contract’s names', () => {
    const body = { errors: [{ field: 'username', errorMessage: 'error-username-invalid-character' }, { field: 'lastName', errorMessage: 'x' }, { field: 'department', errorMessage: 'error-invalid-length-too-long' }] };
    expect(fieldErrorsOf(body, 'username').map((error) => error.field)).toEqual(['username', 'username', 'attributes.department']);
    expect(fieldErrorsOf(body, 'username')[0].message).toContain('error-username-invalid-character');
  });

  it('reads one error, and an error without a field on the fallback field', () => {
    expect(fieldErrorsOf({ field: 'phone_number', errorMessage: 'a phone number in E.164 form' }, 'x')).toEqual([{ field: 'phone_number', message: expect.stringContaining('E.164') }]);
    expect(fieldErrorsOf({ error: 'invalidPasswordMinLengthMessage', error_description: 'Invalid password: minimum length 12.' }, 'new_password')).toEqual([
      { field: 'new_password', message: 'The identity provider refused this value (Invalid password: minimum length 12.).' },
    ]);
    expect(fieldErrorsOf(undefined, 'username')).toEqual([{ field: 'username', message: 'The identity provider refused this value.' }]);
  });
});

describe('conflictOf', () => {
  it('tells a taken username from a taken email', () => {
    expect(conflictOf({ errorMessage: 'User exists with same username' })).toBeInstanceOf(UsernameTakenError);
    const email = conflictOf({ errorMessage: 'User exists with same email' });
    expect(email).not.toBeInstanceOf(UsernameTakenError);
    expect(email.errors).toEqual([{ field: 'email', message: 'This email address is in use.' }]);
  });
});

describe('keycloakSearch', () => {
  it('asks for a substring of each word, which also defuses Keycloak’s id: and "exact" forms', () => {
    expect(keycloakSearch(' ali ')).toBe('*ali*');
    expect(keycloakSearch('alice demo')).toBe('*alice* *demo*');
    expect(keycloakSearch(`id:${ID}`)).toBe(`*id:${ID}*`);
    expect(keycloakSearch('"alice"')).toBe('*"alice"*');
  });
});

describe('groupsOf and flatten', () => {
  it('walks the subgroups an exact search returns, and refuses groups without a Keycloak id', () => {
    const sub = { id: '718be178-d0de-4bd7-86b8-d417d4d72462', name: 'staff' };
    const top = { id: ID, name: 'dept', subGroups: [sub] };
    expect(flatten(groupsOf([top])!).map((group) => group.name)).toEqual(['dept', 'staff']);
    expect(groupsOf([{ id: '../x', name: 'a' }])).toBeUndefined();
    expect(groupsOf({})).toBeUndefined();
  });
});
