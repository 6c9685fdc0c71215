import "server-only";
import { createSignedToken, verifySignedToken } from "./signed-token";

// Password reset links: "<resetId>.<expiresAt>.<hmac>" (signed-token.ts), a key of their own.
// Whether the reset is still pending (unused, not replaced by a newer link) is
// app.complete_password_reset's answer (migration 0033).

export function createPasswordResetToken(resetId: string, expiresAt: number): Promise<string> {
  return createSignedToken("password-reset-token", resetId, expiresAt);
}

export function verifyPasswordResetToken(token: string, now = Date.now()): Promise<string | null> {
  return verifySignedToken("password-reset-token", token, now);
}
