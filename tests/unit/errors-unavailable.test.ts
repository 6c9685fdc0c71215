/**
 * Issue 19, found 2: toAppError says UNAVAILABLE for an unreachable database (connection
 * refused or reset, "Connection terminated", a pool timeout, SQLSTATE class 08, 57P01-57P03,
 * 53300), however it is wrapped (drizzle's cause, better-auth's cause, Node's AggregateError),
 * and never for an ordinary query error, which keeps its own code.
 */
import { describe, expect, it } from "vitest";
import { AppError, isConnectionFailure, toAppError } from "@/server/errors";
import { hashIdempotentRequest, idempotencyKeyOf } from "@/server/idempotency";

const withCode = (code: string, message = "x") => Object.assign(new Error(message), { code });
const wrapped = (cause: unknown) => Object.assign(new Error("Failed query: select 1 params: secret"), { cause });

describe("toAppError: an unreachable database is UNAVAILABLE", () => {
  it.each([
    ["connection refused", withCode("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432")],
    ["connection reset", withCode("ECONNRESET", "read ECONNRESET")],
    ["a broken pipe", withCode("EPIPE")],
    ["a lost connection", new Error("Connection terminated unexpectedly")],
    ["a connect timeout", new Error("Connection terminated due to connection timeout")],
    ["no client from the pool in time", new Error("timeout exceeded when trying to connect")],
    ["a client whose connection failed", new Error("Client has encountered a connection error and is not queryable")],
    ["08006 connection_failure", withCode("08006")],
    ["08001 sqlclient_unable_to_establish_sqlconnection", withCode("08001")],
    ["57P01 admin_shutdown", withCode("57P01", "terminating connection due to administrator command")],
    ["57P02 crash_shutdown", withCode("57P02")],
    ["57P03 cannot_connect_now", withCode("57P03", "the database system is starting up")],
    ["53300 too_many_connections", withCode("53300")],
    ["drizzle's wrapper", wrapped(withCode("ECONNREFUSED"))],
    ["better-auth's wrapper of drizzle's", wrapped(wrapped(new Error("Connection terminated unexpectedly")))],
    ["Node's AggregateError (IPv4 and IPv6)", Object.assign(new AggregateError([withCode("ECONNREFUSED")], ""), {})],
  ])("%s", (_label, error) => {
    expect(isConnectionFailure(error)).toBe(true);
    const appError = toAppError(error);
    expect(appError.code).toBe("UNAVAILABLE");
    expect(appError.digest).toBe("UNAVAILABLE");
  });
});

describe("toAppError: ordinary errors keep their codes", () => {
  it.each([
    ["23514 check_violation", withCode("23514"), "VALIDATION"],
    ["22P02 invalid_text_representation", wrapped(withCode("22P02")), "VALIDATION"],
    ["42501 insufficient_privilege", withCode("42501"), "FORBIDDEN"],
    ["40001 serialization_failure", withCode("40001"), "CONFLICT"],
    ["TK001 the status guard", withCode("TK001"), "INVALID_TRANSITION"],
    ["42601 syntax_error", withCode("42601"), "INTERNAL"],
    ["22012 division_by_zero", wrapped(withCode("22012")), "INTERNAL"],
    ["57014 query_canceled (a statement timeout)", withCode("57014"), "INTERNAL"],
    ["a plain bug", new TypeError("cannot read properties of undefined"), "INTERNAL"],
    ["a message that only mentions a connection", new Error("the connection terminated the contract"), "INTERNAL"],
  ])("%s", (_label, error, code) => {
    expect(isConnectionFailure(error)).toBe(false);
    expect(toAppError(error).code).toBe(code);
  });

  it("an AppError goes through as it is", () => {
    const error = new AppError("NOT_FOUND");
    expect(toAppError(error)).toBe(error);
    expect(error.digest).toBeUndefined();
  });
});

describe("Idempotency-Key", () => {
  const request = (key?: string) =>
    new Request("http://localhost/api/tickets", {
      method: "POST",
      headers: key === undefined ? {} : { "idempotency-key": key },
    });

  it("reads a key of 1-255 visible ASCII characters; no header is no key", () => {
    expect(idempotencyKeyOf(request())).toBeNull();
    expect(idempotencyKeyOf(request("8f14e45f-ceea-4e7a-9b3c-1f2e3d4c5b6a"))).toBe(
      "8f14e45f-ceea-4e7a-9b3c-1f2e3d4c5b6a",
    );
    expect(idempotencyKeyOf(request("a".repeat(255)))).toHaveLength(255);
  });

  it.each([
    ["empty", ""],
    ["too long", "a".repeat(256)],
    ["a space inside", "a b"],
    ["not ASCII", "clé"],
  ])("refuses a key that is %s (VALIDATION)", (_label, key) => {
    expect(() => idempotencyKeyOf(request(key))).toThrow(AppError);
  });

  it("hashes route, fields (in any order) and files' names and sizes", () => {
    const base = {
      route: "POST /api/tickets",
      fields: { a: "1", b: "2" },
      files: [{ fileName: "x.png", fileSize: 3 }],
    };
    const hash = hashIdempotentRequest(base);
    expect(hashIdempotentRequest({ ...base, fields: { b: "2", a: "1" } })).toBe(hash);
    expect(hashIdempotentRequest({ ...base, route: "POST /api/tickets/1/messages" })).not.toBe(hash);
    expect(hashIdempotentRequest({ ...base, fields: { a: "1", b: "3" } })).not.toBe(hash);
    expect(hashIdempotentRequest({ ...base, files: [{ fileName: "x.png", fileSize: 4 }] })).not.toBe(hash);
    expect(hashIdempotentRequest({ ...base, files: [] })).not.toBe(hash);
  });
});
