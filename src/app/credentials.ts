import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { type Algorithm, hash, verify } from "@node-rs/argon2";

// Secrets handed to people (API tokens, session ids) are random 32 bytes; only their
// SHA-256 is stored, so a database leak gives nothing to sign in with.

/** Argon2id (the package's enum is a const enum, which esbuild cannot inline across packages). */
const ARGON2ID = 2 as Algorithm;

export const TOKEN_PREFIX = "wp_";

/** A new API token, shown once: "wp_" and 43 base64url characters. */
export function newApiToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

/** A new random secret (session id, CSRF secret), base64url. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function sha256Hex(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex");
}

/** The part of a token shown in lists to tell tokens apart. */
export function tokenDisplayPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX.length + 6);
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against this when the user is unknown costs the same time as a real check.
let dummy: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword(newSecret());
  await verifyPassword(await dummy, password);
}

/** Constant-time comparison of two strings (CSRF tokens). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
