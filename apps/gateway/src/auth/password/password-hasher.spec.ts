import { DEFAULT_SCRYPT_PARAMS, hashPassword, needsRehash, verifyPassword } from './password-hasher';

describe('password hashing (scrypt)', () => {
  it('stores scrypt$N$r$p$salt$hash with at least N=16384, r=8, p=1 and a 16-byte salt', async () => {
    const hash = await hashPassword('correct horse battery staple');
    const [scheme, N, r, p, salt, key] = hash.split('$');
    expect(scheme).toBe('scrypt');
    expect(Number(N)).toBeGreaterThanOrEqual(16384);
    expect(Number(r)).toBeGreaterThanOrEqual(8);
    expect(Number(p)).toBeGreaterThanOrEqual(1);
    expect(Buffer.from(salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(hash).not.toContain('correct horse');
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('s3cret-password');
    await expect(verifyPassword('s3cret-password', hash)).resolves.toBe(true);
    await expect(verifyPassword('s3cret-passwore', hash)).resolves.toBe(false);
    await expect(verifyPassword('', hash)).resolves.toBe(false);
  });

  it('salts every hash: the same password hashes differently twice, both verify', async () => {
    const [first, second] = await Promise.all([hashPassword('same-password'), hashPassword('same-password')]);
    expect(first).not.toBe(second);
    await expect(verifyPassword('same-password', first)).resolves.toBe(true);
    await expect(verifyPassword('same-password', second)).resolves.toBe(true);
  });

  it('treats visually identical Unicode spellings as the same password', async () => {
    const hash = await hashPassword('caf\u00e9-latte-1');
    await expect(verifyPassword('cafe\u0301-latte-1', hash)).resolves.toBe(true);
  });

  it('never matches, and never throws on, a malformed or hostile stored hash', async () => {
    for (const stored of ['', 'plain', 'bcrypt$x', 'scrypt$16384$8$1$$', 'scrypt$abc$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', `scrypt$${2 ** 30}$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`]) {
      await expect(verifyPassword('anything', stored)).resolves.toBe(false);
    }
  });

  it('verifies hashes made with other parameters and flags weaker ones for re-hashing', async () => {
    const weak = await hashPassword('old-password', { N: 1024, r: 8, p: 1 });
    await expect(verifyPassword('old-password', weak)).resolves.toBe(true);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(await hashPassword('new-password', DEFAULT_SCRYPT_PARAMS))).toBe(false);
  });

  it('does not block the event loop while hashing', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    await Promise.all(Array.from({ length: 4 }, () => hashPassword('busy-password')));
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });
});
