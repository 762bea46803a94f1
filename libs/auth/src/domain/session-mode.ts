/** `stateful` sessions are checked on every request; `stateless` ones are trusted until the access token expires. */
export type SessionMode = 'stateful' | 'stateless';
