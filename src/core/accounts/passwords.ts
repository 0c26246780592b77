// Password hashing with argon2id at the library's defaults, which are OWASP's recommended
// minimum (19 MiB memory, 2 passes, 1 lane).
// Loaded on first use: only logins and password changes need it (about 6 MB of memory).
const argon2 = () => import('@node-rs/argon2');

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** An argon2id hash in PHC string form. */
export async function hashPassword(password: string): Promise<string> {
  return (await argon2()).hash(password);
}

// Verified against when the account does not exist, so that the answer takes as long either
// way and does not tell whether an address has an account.
let dummyHash: Promise<string> | undefined;

/** True when `password` matches `passwordHash`; with no hash, spends the same time and says false. */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  const { hash, verify } = await argon2();
  if (!passwordHash) {
    dummyHash ??= hash('not a real password, only spends time');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): 'password_too_short' | 'password_too_long' | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'password_too_short';
  if (password.length > PASSWORD_MAX_LENGTH) return 'password_too_long';
  return null;
}
