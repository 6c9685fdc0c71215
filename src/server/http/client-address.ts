import "server-only";
import { isIP } from "node:net";

/**
 * The client's address, or null when it cannot be known.
 *
 * `next start` copies X-Forwarded-For as the client sent it (it fills the header from the
 * socket only when absent), so without a proxy of ours in front the header is the attacker's
 * to choose: with `trustedHops` 0 it is never read. Behind `trustedHops` proxies that each
 * append the address they received from, the entry that many places from the right is the one
 * our outermost proxy saw; everything left of it was written by the client.
 */
export function clientAddress(headers: Headers, trustedHops: number): string | null {
  if (trustedHops <= 0) return null;
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const entry = entries[entries.length - trustedHops];
  if (!entry) return null;
  const address = entry.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "").toLowerCase();
  return isIP(address) ? address : null;
}
