import "server-only";
import { createRowToken, tokenAddressParts, verifyRowToken } from "./row-token";

// The envelope sender (MAIL FROM, Return-Path) of every email when inbound mail is set up: a VERP
// address "bounce+<token>@<MAIL_INBOUND_DOMAIN>" whose token names the email's row (row-token.ts,
// its own key: a reply token is no bounce token). A delivery report (RFC 3464) comes back to it,
// so the report names its email without trusting anything the report says about it.

const USE = "email-bounce-token/v1";

/** The local part of bounce addresses; a reply address never uses it (env.ts refuses it). */
export const BOUNCE_LOCAL_PART = "bounce";

export function createBounceToken(notificationId: string): Promise<string> {
  return createRowToken(USE, notificationId);
}

/** The notification id a bounce token names, or null when it is malformed or forged. */
export function verifyBounceToken(token: string): Promise<string | null> {
  return verifyRowToken(USE, token);
}

/** The envelope sender of one email. */
export async function bounceAddressFor(notificationId: string, bounceDomain: string): Promise<string> {
  return `${BOUNCE_LOCAL_PART}+${await createBounceToken(notificationId)}@${bounceDomain}`;
}

/** The token of a bounce address "bounce+<token>@<domain>" (any case), or null. */
export function bounceTokenOfAddress(address: string): string | null {
  const parts = tokenAddressParts(address);
  return parts?.localPart === BOUNCE_LOCAL_PART ? parts.token : null;
}
