/** JSON Schema (draft 2020-12) of the `username-password` step's input. */
export const USERNAME_PASSWORD_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Username and password',
  type: 'object',
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 128 },
    password: { type: 'string', minLength: 1, maxLength: 1024, format: 'password' },
  },
  required: ['username', 'password'],
  additionalProperties: false,
} as const;
