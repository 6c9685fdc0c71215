import "server-only";
import { createSignedToken, verifySignedToken } from "./signed-token";

// Invitation links: "<invitationId>.<expiresAt>.<hmac>" (signed-token.ts). Whether the
// invitation is still pending is app.accept_invitation's answer (migration 0024).

/** The link's token for an invitation that expires at `expiresAt` (seconds since the epoch). */
export function createInvitationToken(invitationId: string, expiresAt: number): Promise<string> {
  return createSignedToken("account-invitation-token", invitationId, expiresAt);
}

/** The invitation a token names, or null (forged, malformed or past its time). */
export function verifyInvitationToken(token: string, now = Date.now()): Promise<string | null> {
  return verifySignedToken("account-invitation-token", token, now);
}
