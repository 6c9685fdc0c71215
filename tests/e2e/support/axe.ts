import { createRequire } from "node:module";
import { expect, type Page } from "@playwright/test";

const require = createRequire(import.meta.url);

/** WCAG 2.1 A/AA rules only (the default), or every rule axe has, best practices included. */
export type TAxeRules = "wcag" | "all";

/**
 * Runs axe-core (injected from the npm package, the one axe of every browser test) on the page,
 * or on `include` only, and fails with the violations' ids, impacts and first targets.
 */
export async function expectNoAxeViolations(page: Page, include?: string, rules: TAxeRules = "wcag"): Promise<void> {
  expect(await axeViolations(page, include, rules)).toEqual([]);
}

/** No serious or critical violation (the issues' bar for pages that show third-party charts). */
export async function expectNoSeriousAxeViolations(
  page: Page,
  include?: string,
  rules: TAxeRules = "wcag",
): Promise<void> {
  expect((await axeViolations(page, include, rules)).filter((line) => / \((serious|critical)\):/.test(line))).toEqual(
    [],
  );
}

async function axeViolations(page: Page, include: string | undefined, rules: TAxeRules): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  const violations = await page.evaluate(
    async ({ selector, allRules }) => {
      const axe = (
        window as unknown as {
          axe: {
            run: (
              ctx: unknown,
              opts: unknown,
            ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
          };
        }
      ).axe;
      const result = await axe.run(
        selector ? { include: [selector] } : document,
        allRules ? {} : { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } },
      );
      return result.violations.map(
        (v) =>
          `${v.id} (${v.impact}): ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(" "))
            .join(" | ")}`,
      );
    },
    { selector: include ?? null, allRules: rules === "all" },
  );
  return violations;
}
