import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * How the loopback server behaves: take every message; refuse every recipient with a permanent
 * 550 (a mailbox that does not exist); or accept the connection and never greet, as a stuck or
 * overloaded relay does.
 */
export type SmtpTestServerMode = 'accept' | 'reject-recipient' | 'hang';

/** A message as it arrived: the parsed mail plus the envelope recipients (what RCPT TO named). */
export type ReceivedMail = ParsedMail & { readonly envelopeTo: string[] };

export interface SmtpTestServer {
  /** `smtp://127.0.0.1:<port>`, to pass as `SMTP_URL`. */
  readonly url: string;
  /** Every message taken so far, in order. */
  readonly messages: ReceivedMail[];
  /** The next message not yet returned by this method, waiting for it up to `timeoutMs`. */
  nextMessage(timeoutMs?: number): Promise<ReceivedMail>;
  /** Changes the behaviour for the connections that follow. */
  setMode(mode: SmtpTestServerMode): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 and a free port, no TLS and no authentication, that parses
 * what it receives: specs and e2e suites read the codes a user would find in their inbox.
 *
 * @example
 * const smtp = await startSmtpTestServer();
 * // ... SMTP_URL = smtp.url, request a code ...
 * const code = /\b(\d{6})\b/.exec((await smtp.nextMessage()).text ?? '')?.[1];
 */
export async function startSmtpTestServer(options: { mode?: SmtpTestServerMode } = {}): Promise<SmtpTestServer> {
  let mode = options.mode ?? 'accept';
  const messages: ReceivedMail[] = [];
  const waiting: Array<(mail: ReceivedMail) => void> = [];
  let delivered = 0;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // close() should not wait 30 s for a client the 'hang' mode keeps waiting.
    closeTimeout: 50,
    onConnect(_session, callback) {
      if (mode !== 'hang') callback();
    },
    onRcptTo(address, _session, callback) {
      if (mode === 'reject-recipient') {
        const error = Object.assign(new Error(`<${address.address}>: Recipient address rejected: no such mailbox`), { responseCode: 550 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const mail: ReceivedMail = Object.assign(parsed, { envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address) });
          messages.push(mail);
          callback();
          const next = waiting.shift();
          if (next) {
            delivered++;
            next(mail);
          }
        })
        .catch((error: Error) => callback(error));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    nextMessage(timeoutMs = 5000) {
      if (delivered < messages.length) return Promise.resolve(messages[delivered++]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(take), 1);
          reject(new Error(`No mail arrived at ${`127.0.0.1:${port}`} within ${timeoutMs} ms`));
        }, timeoutMs);
        const take = (mail: ReceivedMail) => {
          clearTimeout(timer);
          resolve(mail);
        };
        waiting.push(take);
      });
    },
    setMode(next) {
      mode = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
