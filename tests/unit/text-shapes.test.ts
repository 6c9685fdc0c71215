import { describe, expect, it } from "vitest";
import { isCanonicalUuid, isMicrosecondTimestampText, isUuid } from "@/server/text-shapes";

const ID = "3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c";

describe("text shapes checked before SQL", () => {
  it("isCanonicalUuid takes PostgreSQL's lowercase form only", () => {
    expect(isCanonicalUuid(ID)).toBe(true);
    expect(isCanonicalUuid(ID.toUpperCase())).toBe(false);
    expect(isCanonicalUuid(`${ID} `)).toBe(false);
    expect(isCanonicalUuid(`${ID}'; drop table x; --`)).toBe(false);
    expect(isCanonicalUuid(ID.replaceAll("-", ""))).toBe(false);
  });

  it("isUuid takes either letter case, nothing around it", () => {
    expect(isUuid(ID.toUpperCase())).toBe(true);
    expect(isUuid(ID)).toBe(true);
    expect(isUuid(`x${ID}`)).toBe(false);
    expect(isUuid("")).toBe(false);
  });

  it("isMicrosecondTimestampText takes real UTC instants with six decimals", () => {
    expect(isMicrosecondTimestampText("2026-11-27T04:15:05.123456Z")).toBe(true);
    expect(isMicrosecondTimestampText("2024-02-29T23:59:59.999999Z")).toBe(true);
    expect(isMicrosecondTimestampText("2026-02-30T00:00:00.000000Z")).toBe(false); // no such day
    expect(isMicrosecondTimestampText("2026-11-27T04:15:05.123Z")).toBe(false); // milliseconds skip rows
    expect(isMicrosecondTimestampText("2026-11-27 04:15:05.123456+00")).toBe(false);
    expect(isMicrosecondTimestampText("2026-11-27T25:00:00.000000Z")).toBe(false);
  });
});
