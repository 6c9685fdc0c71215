// Shapes of identifiers and keys that reach SQL as text: checked here before the database
// sees them (a tampered cursor, an id written into a statement).

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MICROSECOND_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A UUID as PostgreSQL writes it: lowercase hex, 8-4-4-4-12 (cursor keys). */
export function isCanonicalUuid(value: string): boolean {
  return CANONICAL_UUID.test(value);
}

/** A UUID in either letter case (ids from URLs and sessions). */
export function isUuid(value: string): boolean {
  return CANONICAL_UUID.test(value.toLowerCase());
}

/**
 * A real instant written as UTC ISO 8601 with microseconds ("2026-11-27T04:15:05.123456Z"),
 * the form cursor keys carry. Date rolls "02-30" over to March: a real day round-trips unchanged.
 */
export function isMicrosecondTimestampText(value: string): boolean {
  if (!MICROSECOND_UTC.test(value)) return false;
  const date = new Date(`${value.slice(0, 23)}Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 19) === value.slice(0, 19);
}
