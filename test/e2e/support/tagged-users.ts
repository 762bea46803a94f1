import { UserDirectory } from '@stepgate/auth';
import type { DemoUnderTest } from './demo-app';

/**
 * Removes every user whose username holds `tag`. In the keycloak project the users a spec creates
 * land in the real realm, which other suites share and count, so a spec names its users with a
 * uniqueTag() and takes them out again, also after a failure midway; on the local provider they
 * live in the run's in-memory database and this is a no-op in effect.
 */
export async function removeTaggedUsers(demo: DemoUnderTest | undefined, tag: string): Promise<void> {
  if (!demo) return;
  const directory = demo.app.get(UserDirectory);
  const { items } = await directory.list({ page: 1, pageSize: 100, search: tag });
  for (const user of items) if (user.username.includes(tag)) await directory.remove(user.userId);
}
