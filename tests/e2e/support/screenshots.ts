import path from "node:path";
import type { Page, TestInfo } from "@playwright/test";

/**
 * A full-page screenshot of a changed screen, kept as a test artifact: written to
 * `test-results/screens/<name>.png` (one folder for the whole run, replaced by the next run)
 * and attached to the test for reporters that show attachments.
 */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = path.join(testInfo.project.outputDir, "screens", `${name}.png`);
  await page.screenshot({ fullPage: true, path: file });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}
