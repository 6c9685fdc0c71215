import { describe, expect, it } from "vitest";
import { classifySendFailure } from "@/features/notifications/worker/transport";
import { safeReturnPath } from "@/lib/return-path";

describe("safeReturnPath", () => {
  it("keeps a path in our signed-in spaces", () => {
    expect(safeReturnPath("/etudiant/demandes/6a1f1d0e-3b8e-4a0c-9d53-5b2f0c7e9a14")).toBe(
      "/etudiant/demandes/6a1f1d0e-3b8e-4a0c-9d53-5b2f0c7e9a14",
    );
    expect(safeReturnPath("/admin/demandes/abc")).toBe("/admin/demandes/abc");
    expect(safeReturnPath("/preferences")).toBe("/preferences");
  });

  it.each([
    "//evil.example/admin",
    "/\\evil.example",
    "https://evil.example/admin",
    "/admin/../connexion",
    "/admin?x=1",
    "/api/email/unsubscribe",
    "",
    "admin",
  ])("refuses %s", (value) => {
    expect(safeReturnPath(value)).toBeNull();
  });
  it("refuses what is not a string", () => {
    expect(safeReturnPath(null)).toBeNull();
    expect(safeReturnPath(["/admin"])).toBeNull();
  });
});

describe("classifySendFailure", () => {
  it("makes 5xx replies permanent and 4xx replies and connection errors transient", () => {
    expect(classifySendFailure({ responseCode: 550, response: "550 5.1.1 unknown" }).permanent).toBe(true);
    expect(classifySendFailure({ responseCode: 554, response: "554 rejected" }).permanent).toBe(true);
    expect(classifySendFailure({ responseCode: 421, response: "421 busy" }).permanent).toBe(false);
    expect(classifySendFailure({ responseCode: 451, response: "451 later" }).permanent).toBe(false);
    expect(classifySendFailure({ code: "ECONNECTION", message: "connect ECONNREFUSED" })).toEqual({
      permanent: false,
      description: "ECONNECTION: connect ECONNREFUSED",
    });
  });
});
