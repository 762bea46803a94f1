// The hint tells a user which of their addresses or phones the code went to, and must tell an
// attacker who started the flow with only a username as little as possible about the account.

const BULLET = '•';
// A fixed mask hides how long the mailbox name is; the domain is what lets the user recognise it.
const MAILBOX_MASK = BULLET.repeat(3);

/**
 * The address with its mailbox name reduced to its first character: `alice@example.com` ->
 * `a•••@example.com`. A one-character name is masked whole, since its first character is all of it.
 *
 * @example maskEmail('alice@example.com') // 'a•••@example.com'
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const mailbox = at < 0 ? email : email.slice(0, at);
  const domain = at < 0 ? '' : email.slice(at);
  const shown = [...mailbox].length >= 2 ? [...mailbox][0] : '';
  return `${shown}${MAILBOX_MASK}${domain}`;
}

// Fixed like the mailbox mask, so the hint does not tell how long the number is (DESIGN.md's
// `+1•••••••0002`).
const NUMBER_MASK = BULLET.repeat(7);

/**
 * The phone number with its leading `+`, its first digit and its last four kept, and a fixed run of
 * bullets between: `+15550100002` -> `+1•••••••0002`. A short number shows fewer digits: never more
 * than half of them.
 *
 * @example maskPhone('+15550100002') // '+1•••••••0002'
 */
export function maskPhone(phone: string): string {
  const plus = phone.startsWith('+') ? '+' : '';
  const digits = [...phone.slice(plus.length)];
  const budget = Math.floor(digits.length / 2);
  // On a short number the last digits are kept before the first: they are what a user recognises.
  const head = budget >= 3 ? 1 : 0;
  const tail = Math.min(4, budget - head);
  return `${plus}${digits.slice(0, head).join('')}${NUMBER_MASK}${digits.slice(digits.length - tail).join('')}`;
}
