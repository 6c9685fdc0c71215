import "server-only";
import { BOUNCE_LOCAL_PART } from "./bounce-token";
import { createRowToken, ROW_TOKEN_PATTERN, tokenAddressParts, verifyRowToken } from "./row-token";

// The token of an email's Reply-To address: a signed token of the email's row (row-token.ts),
// with its own key. Expiry is the row's age (EMAIL_REPLY_TTL_DAYS), checked where the row is read.

const USE = "email-reply-token/v1";

export const REPLY_TOKEN_PATTERN = ROW_TOKEN_PATTERN;

/** The reply token of one email row (its notification id). */
export function createReplyToken(notificationId: string): Promise<string> {
  return createRowToken(USE, notificationId);
}

/** The notification id a token names, or null when it is malformed or its signature is wrong. */
export function verifyReplyToken(token: string): Promise<string | null> {
  return verifyRowToken(USE, token);
}

/** The Reply-To address of one email. */
export async function replyAddressFor(
  notificationId: string,
  config: { replyLocalPart: string; inboundDomain: string },
): Promise<string> {
  return `${config.replyLocalPart}+${await createReplyToken(notificationId)}@${config.inboundDomain}`;
}

/** The token in a reply address "<anything>+<token>@<domain>" (not a bounce address), or null. */
export function replyTokenOfAddress(address: string): string | null {
  const parts = tokenAddressParts(address);
  return parts && parts.localPart !== BOUNCE_LOCAL_PART ? parts.token : null;
}
