// Optional peers (TypeORM, Redis, Swagger, ...) are loaded only where their feature is used, so a
// minimal app installs @stepgate/auth and Nest's core packages and nothing else.

/** Thrown at start-up when a configured feature needs a package the app has not installed. */
export class MissingPeerDependencyError extends Error {
  constructor(
    readonly packageName: string,
    feature: string,
  ) {
    super(`@stepgate/auth: ${feature} needs the package "${packageName}", which is not installed. Install it: npm install ${packageName}`);
    this.name = 'MissingPeerDependencyError';
  }
}

/** The package, or `undefined` when it is not installed; any other load error is thrown as it is. */
export function loadOptionalPeer<T>(packageName: string): T | undefined {
  try {
    return require(packageName) as T;
  } catch (error) {
    if (isNotFound(error, packageName)) return undefined;
    throw error;
  }
}

/** The package, or a `MissingPeerDependencyError` that names it and the feature that needs it. */
export function requirePeer<T>(packageName: string, feature: string): T {
  const loaded = loadOptionalPeer<T>(packageName);
  if (loaded === undefined) throw new MissingPeerDependencyError(packageName, feature);
  return loaded;
}

// Only the package itself being absent counts: a module missing inside it is a broken install.
function isNotFound(error: unknown, packageName: string): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`'${packageName}'`);
}
