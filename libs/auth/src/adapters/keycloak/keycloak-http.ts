import { ServiceUnavailableError } from '../../domain/auth-error';

/** How long a call may take and what a 503 tells the client to wait. */
export interface KeycloakHttpOptions {
  readonly timeoutMs: number;
  readonly retryAfterSeconds: number;
}

/** One call to Keycloak: a form (token endpoints) or JSON (admin API) body, and who is calling. */
export interface KeycloakCall {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly form?: Record<string, string>;
  readonly json?: unknown;
  /** An access token for the admin API. */
  readonly bearer?: string;
}

/** Keycloak's answer below 500: the status, the parsed JSON body (or undefined), and the headers. */
export interface KeycloakAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

/** Bodies larger than this are not Keycloak's: the call fails rather than buffering them. */
const MAX_BODY_BYTES = 1 << 20;

/**
 * 503 `SERVICE_UNAVAILABLE`: Keycloak did not answer in time, refused the connection or answered
 * 5xx. What happened goes to `cause`, for the log; the client is told to come back later.
 */
export class KeycloakUnavailableError extends ServiceUnavailableError {
  constructor(retryAfterSeconds: number, cause: unknown) {
    super('The identity provider is unavailable. Try again later.', { cause, retryAfterSeconds });
  }
}

/**
 * Calls Keycloak with a bounded time, reads every answer's body to its end (a body left unread
 * keeps its socket busy, and the process alive), never follows a redirect, and turns an outage
 * into `KeycloakUnavailableError` so no caller can mistake it for a refusal.
 */
export class KeycloakHttp {
  constructor(private readonly options: KeycloakHttpOptions) {}

  async call(url: string, { method, form, json, bearer }: KeycloakCall = {}): Promise<KeycloakAnswer> {
    const headers = new Headers({ accept: 'application/json' });
    if (bearer) headers.set('authorization', `Bearer ${bearer}`);
    let body: string | undefined;
    if (form) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(form).toString();
    } else if (json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(json);
    }
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    let answer: KeycloakAnswer;
    try {
      const response = await fetch(url, { method: method ?? (body === undefined ? 'GET' : 'POST'), headers, body, redirect: 'manual', signal });
      answer = { status: response.status, headers: response.headers, body: await bodyOf(response) };
    } catch (error) {
      throw new KeycloakUnavailableError(this.options.retryAfterSeconds, error);
    }
    if (answer.status >= 500) throw new KeycloakUnavailableError(this.options.retryAfterSeconds, new Error(`Keycloak answered ${answer.status} to ${method ?? 'a call of'} ${new URL(url).pathname}`));
    return answer;
  }

  /** The `KeycloakUnavailableError` for an answer that makes no sense (a 3xx, a body of the wrong shape). */
  unexpected(answer: Pick<KeycloakAnswer, 'status'>, what: string): KeycloakUnavailableError {
    return new KeycloakUnavailableError(this.options.retryAfterSeconds, new Error(`Keycloak answered ${answer.status} with an unexpected body to ${what}`));
  }
}

async function bodyOf(response: Response): Promise<unknown> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) {
    await response.body?.cancel();
    throw new Error(`Keycloak sent a body of ${declared} bytes`);
  }
  const text = await boundedText(response);
  if (!text || !response.headers.get('content-type')?.includes('json')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error('Keycloak sent JSON that does not parse', { cause: error });
  }
}

// A chunked body declares no length: it is read piece by piece and abandoned past the bound, so a
// misbehaving server cannot make this process buffer more than that.
async function boundedText(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new Error(`Keycloak sent a body of more than ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
