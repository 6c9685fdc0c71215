/**
 * The house's one direction (issue 11), checked on every import in src/:
 *
 *   app, worker → features → (components, server, lib, i18n);  lib is the bottom floor.
 *
 * - src/server and src/components import no feature;
 * - a feature reaches another only through its public entry (index.ts, components/index.ts) and
 *   only along an allowed arrow; no two features import each other;
 * - a "use client" file imports nothing from src/server, not even types;
 * - src/lib imports nothing of ours outside src/lib (nor "server-only": it is client-safe).
 *
 * Imports are read with TypeScript's own parser (static, `export … from`, dynamic `import("…")`),
 * so comments, strings and regular expressions that look like imports are not mistaken for them.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * Imports that break a rule and are tolerated for now: "<file> -> <specifier>". Empty since issue
 * 11's branches merged; an entry that no longer matches fails the test, so none can linger.
 */
const KNOWN_VIOLATIONS: readonly string[] = [];

/** Feature → feature arrows allowed besides "anything → users" and "anything → auth". */
const ALLOWED_FEATURE_ARROWS: ReadonlySet<string> = new Set([
  "tickets->attachments",
  "tickets->webhooks",
  "tickets->live",
  "tickets->notifications",
  // The SLA clock is a consumer of ticket changes, and the admin list and ticket page show its badge.
  "tickets->sla",
  // Replies by email (issue 13) go through the reply service and the upload checks, and ask the
  // outbox who a reply token names.
  "email-replies->tickets",
  "email-replies->attachments",
  "email-replies->notifications",
  // The bell (in-app notifications, issue 14) listens on the tab's one live stream.
  "notifications->live",
  // Issue 15: the admin reply box holds the canned-reply picker (canned replies know no ticket
  // code, they read the ticket's fill values with their own SQL), and the creation path asks
  // the assignment rules which admin gets a new ticket (the rules never change a ticket: the
  // tickets feature applies their answer through its own pipeline).
  "tickets->canned-replies",
  "tickets->assignment",
]);
const OPEN_TO_ALL_FEATURES: ReadonlySet<string> = new Set(["users", "auth"]);
const SOURCE_FILE = /\.(ts|tsx|mts|cts)$/;

type TImport = { specifier: string; typeOnly: boolean };
type TViolation = { file: string; specifier: string; rule: string };

/** Every module specifier a file imports, re-exports or loads dynamically. */
function importsOf(file: string, source: string): { useClient: boolean; imports: TImport[] } {
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false, kind);
  const imports: TImport[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((element) => element.isTypeOnly)));
      imports.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      imports.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      imports.push({ specifier: node.arguments[0].text, typeOnly: false });
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      // `typeof import("…")` in a type position
      imports.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  const first = sourceFile.statements[0];
  const useClient =
    !!first &&
    ts.isExpressionStatement(first) &&
    ts.isStringLiteral(first.expression) &&
    first.expression.text === "use client";
  return { useClient, imports };
}

/** The project file a specifier points at ("src/…"), or null for a package. */
function resolve(from: string, specifier: string, files: ReadonlySet<string>): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = `src/${specifier.slice(2)}`;
  else if (specifier.startsWith("./") || specifier.startsWith("../")) {
    base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  } else return null;
  for (const suffix of ["", ".ts", ".tsx", "/index.ts", "/index.tsx"]) {
    if (files.has(base + suffix)) return base + suffix;
  }
  return base; // not a source file (CSS, JSON): still judged by where it lives
}

const featureOf = (file: string) => /^src\/features\/([^/]+)\//.exec(file)?.[1] ?? null;
const isPublicEntry = (file: string, feature: string) =>
  /^(index|components\/index)\.tsx?$/.test(file.slice(`src/features/${feature}/`.length));

/** The violations of a tree given as path → source (paths relative to the repository, "src/…"). */
function findViolations(tree: ReadonlyMap<string, string>): TViolation[] {
  const files = new Set(tree.keys());
  const violations: TViolation[] = [];
  const featureEdges: { from: string; to: string; file: string; specifier: string }[] = [];

  for (const [file, source] of tree) {
    const { useClient, imports } = importsOf(file, source);
    const fromFeature = featureOf(file);
    for (const { specifier, typeOnly } of imports) {
      const add = (rule: string) => violations.push({ file, specifier, rule });
      const target = resolve(file, specifier, files);

      if (file.startsWith("src/lib/")) {
        if (specifier === "server-only") add("src/lib is client-safe: no server-only module");
        else if (target && !target.startsWith("src/lib/")) add("src/lib imports nothing outside src/lib");
      }
      if (!target) continue;
      const toFeature = featureOf(target);

      if (useClient && target.startsWith("src/server/")) {
        add(`a "use client" file imports nothing from src/server${typeOnly ? " (not even types)" : ""}`);
      }
      if ((file.startsWith("src/server/") || file.startsWith("src/components/")) && toFeature) {
        add(`${file.split("/")[1]}/ imports no feature`);
      }
      if (file.startsWith("src/components/") && target.startsWith("src/server/") && !typeOnly) {
        add("src/components imports only types from src/server");
      }
      if (fromFeature && toFeature && fromFeature !== toFeature) {
        featureEdges.push({ from: fromFeature, to: toFeature, file, specifier });
        if (!isPublicEntry(target, toFeature)) {
          add(`features/${toFeature} is reached only through its index.ts or components/index.ts`);
        }
        if (!OPEN_TO_ALL_FEATURES.has(toFeature) && !ALLOWED_FEATURE_ARROWS.has(`${fromFeature}->${toFeature}`)) {
          add(`the arrow ${fromFeature} → ${toFeature} is not allowed`);
        }
      }
    }
  }

  const arrows = new Set(featureEdges.map((edge) => `${edge.from}->${edge.to}`));
  for (const edge of featureEdges) {
    if (arrows.has(`${edge.to}->${edge.from}`)) {
      violations.push({
        file: edge.file,
        specifier: edge.specifier,
        rule: `features ${edge.from} and ${edge.to} import each other`,
      });
    }
  }
  return violations;
}

function readTree(root: string): Map<string, string> {
  const tree = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        tree.set(full, readFileSync(full, "utf8"));
      }
    }
  };
  walk(root);
  return tree;
}

const keyOf = (violation: Pick<TViolation, "file" | "specifier">) => `${violation.file} -> ${violation.specifier}`;
const describeViolation = (violation: TViolation) => `${keyOf(violation)}: ${violation.rule}`;

describe("the import graph of src/", () => {
  const violations = findViolations(readTree("src"));
  const known = new Set(KNOWN_VIOLATIONS);

  it("follows the house's direction (every violation is listed, known ones marked)", () => {
    if (violations.length > 0) {
      console.log(
        `Import-graph violations (${violations.length}):\n${violations
          .map((v) => `  ${known.has(keyOf(v)) ? "[known] " : "[NEW]   "}${describeViolation(v)}`)
          .join("\n")}`,
      );
    }
    expect(violations.filter((v) => !known.has(keyOf(v))).map(describeViolation)).toEqual([]);
  });

  it("allow-lists nothing that is already fixed", () => {
    const found = new Set(violations.map(keyOf));
    expect(KNOWN_VIOLATIONS.filter((entry) => !found.has(entry))).toEqual([]);
  });
});

describe("the import-graph check itself", () => {
  const check = (files: Record<string, string>) =>
    findViolations(new Map(Object.entries(files))).map((v) => `${keyOf(v)}: ${v.rule}`);

  it("passes a tree that follows every rule", () => {
    expect(
      check({
        "src/app/page.tsx": `import { TicketList } from "@/features/tickets/components";\nimport "@/features/tickets/service/x";`,
        "src/features/tickets/index.ts": `export * from "./service/x";`,
        "src/features/tickets/service/x.ts": [
          `import { upload } from "@/features/attachments";`,
          `import { publish } from "../../webhooks/index";`,
          `import { homePathFor } from "@/features/users";`,
          `import type { TSessionUser } from "@/server/auth/session";`,
          `import { cn } from "@/lib/cn";`,
          `// import { x } from "@/features/attachments/repository";`,
          `const text = 'import("@/features/attachments/repository")';`,
        ].join("\n"),
        "src/features/tickets/components/index.ts": `export { TicketList } from "./ticket-list";`,
        "src/features/tickets/components/ticket-list.tsx": `"use client";\nimport { cn } from "@/lib/cn";\nimport { Button } from "@/components/ui/button";`,
        "src/features/attachments/index.ts": `export const upload = 1;`,
        "src/features/webhooks/index.ts": `export const publish = 1;`,
        "src/features/users/index.ts": `export { homePathFor } from "@/lib/home-path";`,
        "src/components/ui/button.tsx": `import type { TSessionUser } from "@/server/auth/session";\nimport { cn } from "../../lib/cn";`,
        "src/server/auth/session.ts": `import "server-only";\nimport { env } from "../env";`,
        "src/server/env.ts": `import { z } from "zod";`,
        "src/lib/cn.ts": `import { clsx } from "clsx";`,
        "src/lib/home-path.ts": `import type { TUserRole } from "./user-roles";`,
        "src/lib/user-roles.ts": `export const USER_ROLES = ["student"] as const;`,
      }),
    ).toEqual([]);
  });

  it("names the file and the import of each kind of violation", () => {
    expect(
      check({
        "src/server/jobs/index.ts": `import { deliver } from "@/features/webhooks";`,
        "src/components/layout/header.tsx": [
          `import { signOut } from "../../features/auth/actions/sign-out";`,
          `import { getAuth } from "@/server/auth/auth";`,
        ].join("\n"),
        "src/features/auth/actions/sign-out.ts": `export async function signOut() {}`,
        "src/features/webhooks/index.ts": `export const deliver = 1;`,
        "src/features/webhooks/service/list.ts": `import { decodeCursor } from "@/features/tickets/cursor";`,
        "src/features/tickets/cursor.ts": `export const decodeCursor = 1;`,
        "src/features/tickets/service/record.ts": `import { deliver } from "@/features/webhooks";`,
        "src/features/tickets/service/deep.ts": `const m = await import("@/features/attachments/repository");`,
        "src/features/attachments/repository.ts": `export const x = 1;`,
        "src/features/categories/index.ts": `export { x } from "@/features/attachments/repository";`,
        "src/features/tickets/components/form.tsx": `"use client";\nimport type { TUserRole } from "@/server/db/schema";`,
        "src/server/auth/auth.ts": `export const getAuth = 1;`,
        "src/server/db/schema.ts": `export type TUserRole = string;`,
        "src/lib/values.ts": `import { env } from "@/server/env";\nimport "server-only";\nimport { x } from "../features/attachments/repository";`,
        "src/server/env.ts": `export const env = 1;`,
      }).sort(),
    ).toEqual(
      [
        "src/server/jobs/index.ts -> @/features/webhooks: server/ imports no feature",
        "src/components/layout/header.tsx -> ../../features/auth/actions/sign-out: components/ imports no feature",
        "src/components/layout/header.tsx -> @/server/auth/auth: src/components imports only types from src/server",
        "src/features/webhooks/service/list.ts -> @/features/tickets/cursor: features/tickets is reached only through its index.ts or components/index.ts",
        "src/features/webhooks/service/list.ts -> @/features/tickets/cursor: the arrow webhooks → tickets is not allowed",
        "src/features/webhooks/service/list.ts -> @/features/tickets/cursor: features webhooks and tickets import each other",
        "src/features/tickets/service/record.ts -> @/features/webhooks: features tickets and webhooks import each other",
        "src/features/tickets/service/deep.ts -> @/features/attachments/repository: features/attachments is reached only through its index.ts or components/index.ts",
        "src/features/categories/index.ts -> @/features/attachments/repository: features/attachments is reached only through its index.ts or components/index.ts",
        "src/features/categories/index.ts -> @/features/attachments/repository: the arrow categories → attachments is not allowed",
        'src/features/tickets/components/form.tsx -> @/server/db/schema: a "use client" file imports nothing from src/server (not even types)',
        "src/lib/values.ts -> @/server/env: src/lib imports nothing outside src/lib",
        "src/lib/values.ts -> server-only: src/lib is client-safe: no server-only module",
        "src/lib/values.ts -> ../features/attachments/repository: src/lib imports nothing outside src/lib",
      ].sort(),
    );
  });
});
