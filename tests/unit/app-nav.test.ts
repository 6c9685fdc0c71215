import { describe, expect, it } from "vitest";
import { navItemsFor } from "@/components/layout/app-nav";

describe("the admin's sections", () => {
  it("lead to the accounts page in a standalone install, and not in host mode (the host app owns accounts)", () => {
    const standalone = navItemsFor("admin", false).map((item) => item.href);
    const host = navItemsFor("admin", true).map((item) => item.href);
    expect(standalone).toContain("/admin/utilisateurs");
    expect(host).not.toContain("/admin/utilisateurs");
    expect(host).toEqual(standalone.filter((href) => href !== "/admin/utilisateurs"));
    expect(navItemsFor("student", true)).toEqual(navItemsFor("student", false));
  });
});
