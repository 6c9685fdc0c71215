import { describe, expect, it } from "vitest";
import { classifyResponse, parseRetryAfter } from "@/features/webhooks/send";

describe("classifyResponse (Make.com's answers)", () => {
  it("treats 2xx as delivered", () => {
    expect(classifyResponse(200, "Accepted", null)).toEqual({
      kind: "delivered",
      statusCode: 200,
      responseExcerpt: "Accepted",
    });
    expect(classifyResponse(202, "", null)).toMatchObject({ kind: "delivered", statusCode: 202 });
    expect(classifyResponse(204, "", null)).toMatchObject({ kind: "delivered", statusCode: 204 });
  });

  it("retries 429 and 5xx, carrying Retry-After", () => {
    expect(classifyResponse(429, "Too many requests", "30")).toEqual({
      kind: "retry",
      statusCode: 429,
      error: "HTTP 429",
      retryAfterMs: 30_000,
      responseExcerpt: "Too many requests",
    });
    for (const status of [500, 502, 503, 504]) {
      expect(classifyResponse(status, "", null)).toMatchObject({
        kind: "retry",
        statusCode: status,
        retryAfterMs: null,
      });
    }
    expect(classifyResponse(503, "", "120")).toMatchObject({ kind: "retry", retryAfterMs: 120_000 });
  });

  it('retries a 400 "Queue is full", whatever its case', () => {
    expect(classifyResponse(400, "Queue is full.", null)).toMatchObject({ kind: "retry", statusCode: 400 });
    expect(classifyResponse(400, '{"message":"queue IS FULL"}', null)).toMatchObject({ kind: "retry" });
  });

  it("fails any other 4xx (and a redirect, which is never followed) without retrying", () => {
    for (const status of [400, 401, 403, 404, 413, 422]) {
      expect(classifyResponse(status, "Bad request", "5")).toEqual({
        kind: "failed",
        statusCode: status,
        error: `HTTP ${status}`,
        responseExcerpt: "Bad request",
      });
    }
    expect(classifyResponse(301, "", null)).toMatchObject({ kind: "failed", statusCode: 301 });
  });

  it("recognises 410 Gone (the webhook was deleted)", () => {
    expect(classifyResponse(410, "There is no scenario listening for this webhook.", null)).toMatchObject({
      kind: "gone",
      statusCode: 410,
      error: "HTTP 410 Gone",
    });
  });

  it("keeps only the first 500 characters of the response", () => {
    const outcome = classifyResponse(500, "é".repeat(2000), null);
    expect(outcome.responseExcerpt).toHaveLength(500);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-03-10T14:00:00Z");

  it("reads seconds", () => {
    expect(parseRetryAfter("1", now)).toBe(1000);
    expect(parseRetryAfter(" 120 ", now)).toBe(120_000);
    expect(parseRetryAfter("0", now)).toBe(0);
  });

  it("reads an HTTP date as the time left until then, never negative", () => {
    expect(parseRetryAfter("Mon, 10 Mar 2025 14:01:30 GMT", now)).toBe(90_000);
    expect(parseRetryAfter("Mon, 10 Mar 2025 13:59:00 GMT", now)).toBe(0);
    // The obsolete forms recipients must still accept (RFC 9110 §5.6.7).
    expect(parseRetryAfter("Monday, 10-Mar-25 14:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter("Mon Mar 10 14:00:10 2025", now)).toBe(10_000);
  });

  it("ignores absent or invalid values", () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter("", now)).toBeNull();
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter("-5", now)).toBeNull();
    expect(parseRetryAfter("1.5", now)).toBeNull();
    expect(parseRetryAfter("12 Dec", now)).toBeNull();
  });
});
