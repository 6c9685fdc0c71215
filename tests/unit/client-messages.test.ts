/**
 * Per-page translation namespaces (issue 18): a page sends its client components only the
 * messages they read, through <ClientMessages scope="…"> (src/i18n/client-messages.tsx) and the
 * lists in src/i18n/client-namespaces.ts. A nested NextIntlClientProvider replaces its parent's
 * messages, it does not merge them, so a client component whose namespace its page does not list
 * would show raw keys. This test reads the sources with TypeScript's parser and fails then:
 *
 * - every useTranslations() call in a client module (a "use client" file and everything it
 *   imports, since those run in the browser too) names its namespace with a string literal;
 * - for every page and layout under src/app: the client modules its server tree renders (its
 *   imports, followed through server modules up to each "use client" boundary) read only
 *   namespaces listed by a <ClientMessages scope="…"> of that server tree (the root layout's
 *   provider covers the layouts, the error boundary and the not-found page);
 * - every listed namespace exists in both catalogues, and no scope lists a namespace none of its
 *   users read (it would only add bytes).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { CLIENT_NAMESPACES, type TClientScope } from "@/i18n/client-namespaces";
import { pickMessages } from "@/i18n/pick-messages";
import en from "../../messages/en.json";
import fr from "../../messages/fr-CA.json";

const ROOT = path.resolve(__dirname, "../..");
const SOURCE_FILE = /\.(ts|tsx)$/;

/** An import of `target`: the names it takes (null: the whole module, e.g. `export *`, a side effect). */
type TImport = { target: string; names: string[] | null };

type TModule = {
  useClient: boolean;
  imports: TImport[];
  /**
   * A barrel (only re-exports, like a feature's components/index.ts): importing one name from it
   * brings that name's module, not all of them. Exported name → [target, name there].
   */
  barrel: { named: Map<string, [string, string]>; star: string[] } | null;
  /** Namespaces of useTranslations("…") calls; null for a call whose namespace is not a literal. */
  namespaces: (string | null)[];
  /** scope="…" of each <ClientMessages> element (null when not a literal). */
  scopes: (string | null)[];
};

function listSources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return listSources(relative);
    return SOURCE_FILE.test(entry.name) && !entry.name.endsWith(".d.ts") ? [relative] : [];
  });
}

function resolve(from: string, specifier: string, files: ReadonlySet<string>): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = `src/${specifier.slice(2)}`;
  else if (specifier.startsWith("./") || specifier.startsWith("../")) {
    base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  } else return null;
  for (const suffix of ["", ".ts", ".tsx", "/index.ts", "/index.tsx"]) {
    if (files.has(base + suffix)) return base + suffix;
  }
  return null;
}

/** What matters in one file: its directive, imports, translation hooks and providers. */
function readModule(file: string, source: string, files: ReadonlySet<string>): TModule {
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false, kind);
  const first = sourceFile.statements[0];
  const useClient =
    !!first &&
    ts.isExpressionStatement(first) &&
    ts.isStringLiteral(first.expression) &&
    first.expression.text === "use client";
  const imports: TImport[] = [];
  const namespaces: (string | null)[] = [];
  const scopes: (string | null)[] = [];
  const literal = (node: ts.Node | undefined) =>
    node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : null;
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const typeOnly = ts.isImportDeclaration(node) ? node.importClause?.isTypeOnly : node.isTypeOnly;
      const target = resolve(file, node.moduleSpecifier.text, files);
      if (target && !typeOnly) imports.push({ target, names: importedNames(node) });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const target = resolve(file, literal(node.arguments[0]) ?? "", files);
      if (target) imports.push({ target, names: null });
    } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const name = node.expression.text;
      if (name === "useTranslations") namespaces.push(literal(node.arguments[0]));
      // The whole catalogue: never in a client module.
      if (name === "useMessages") namespaces.push(null);
    } else if (
      (ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) &&
      ts.isIdentifier(node.tagName) &&
      node.tagName.text === "ClientMessages"
    ) {
      const scope = node.attributes.properties.find(
        (property): property is ts.JsxAttribute =>
          ts.isJsxAttribute(property) && ts.isIdentifier(property.name) && property.name.text === "scope",
      );
      scopes.push(literal(scope?.initializer));
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  const onlyReexports: boolean =
    sourceFile.statements.length > 0 &&
    sourceFile.statements.every((statement) => ts.isExportDeclaration(statement) && statement.moduleSpecifier);
  let barrel: TModule["barrel"] = null;
  if (onlyReexports) {
    barrel = { named: new Map(), star: [] };
    for (const statement of sourceFile.statements.filter(ts.isExportDeclaration)) {
      const target = resolve(file, (statement.moduleSpecifier as ts.StringLiteral).text, files);
      if (!target || statement.isTypeOnly) continue;
      const clause = statement.exportClause;
      if (!clause) barrel.star.push(target);
      else if (ts.isNamedExports(clause)) {
        for (const element of clause.elements) {
          if (!element.isTypeOnly)
            barrel.named.set(element.name.text, [target, (element.propertyName ?? element.name).text]);
        }
      } else barrel.star.push(target);
    }
  }
  return { useClient, imports, barrel, namespaces, scopes };
}

/** The value names an import or re-export takes; null when it takes the whole module. */
function importedNames(node: ts.ImportDeclaration | ts.ExportDeclaration): string[] | null {
  if (ts.isExportDeclaration(node)) {
    const clause = node.exportClause;
    if (!clause || !ts.isNamedExports(clause)) return null;
    return clause.elements.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).text);
  }
  const clause = node.importClause;
  if (!clause || clause.name) return null;
  const bindings = clause.namedBindings;
  if (!bindings || !ts.isNamedImports(bindings)) return null;
  return bindings.elements.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).text);
}

/**
 * The modules an import really reaches: through a barrel, only the modules of the names taken
 * (a bundler's tree-shaking does the same); otherwise the module itself.
 */
function reach(tree: TTree, { target, names }: TImport): string[] {
  const module = tree.get(target);
  if (!module?.barrel || names === null) return [target];
  const out: string[] = [];
  for (const name of names) {
    const named = module.barrel.named.get(name);
    if (named) out.push(...reach(tree, { target: named[0], names: [named[1]] }));
    else for (const star of module.barrel.star) out.push(...reach(tree, { target: star, names: [name] }));
  }
  return out;
}

type TTree = ReadonlyMap<string, TModule>;

/** Every module a client entry brings to the browser (itself and all it imports), with its namespaces. */
function clientNamespaces(tree: TTree, entry: string): Map<string, (string | null)[]> {
  const found = new Map<string, (string | null)[]>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (found.has(file)) continue;
    const module = tree.get(file);
    if (!module) continue;
    found.set(file, module.namespaces);
    for (const imported of module.imports) stack.push(...reach(tree, imported));
  }
  return found;
}

type TServerTree = {
  /** Client module → namespaces it reads, for every client module this server tree renders. */
  clientReads: Map<string, (string | null)[]>;
  scopes: (string | null)[];
};

/** From a page or layout: its server modules up to each "use client" boundary. */
function serverTree(tree: TTree, entry: string): TServerTree {
  const clientReads = new Map<string, (string | null)[]>();
  const scopes: (string | null)[] = [];
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const module = tree.get(file);
    if (!module) continue;
    if (module.useClient) {
      for (const [client, namespaces] of clientNamespaces(tree, file)) clientReads.set(client, namespaces);
      continue;
    }
    scopes.push(...module.scopes);
    for (const imported of module.imports) stack.push(...reach(tree, imported));
  }
  return { clientReads, scopes };
}

const covers = (provided: string, needed: string) => needed === provided || needed.startsWith(`${provided}.`);

type TProblem = string;

/** The problems of a tree given as path → source ("src/…" paths). */
function findProblems(
  sources: ReadonlyMap<string, string>,
  registry: Readonly<Record<string, readonly string[]>>,
): TProblem[] {
  const files = new Set(sources.keys());
  const tree = new Map([...sources].map(([file, source]) => [file, readModule(file, source, files)]));
  const problems: TProblem[] = [];
  const used = new Map<string, Set<string>>(Object.keys(registry).map((scope) => [scope, new Set<string>()]));

  const entries = [...files].filter((file) => /^src\/app\/.*\/(page|layout|error|not-found)\.tsx$/.test(file));
  // The root layout's provider is what the error boundary, not-found page and other layouts' client
  // parts (the header's navigation) read.
  const rootLayout = "src/app/[locale]/layout.tsx";
  const rootScopes = tree.get(rootLayout)?.scopes ?? [];
  for (const entry of entries) {
    const module = tree.get(entry);
    const { clientReads, scopes } = serverTree(tree, entry);
    // A page's own <ClientMessages> covers it; layouts, error and not-found pages sit under the root's.
    const ownScopes = /\/page\.tsx$/.test(entry) || entry === rootLayout ? scopes : [...scopes, ...rootScopes];
    const effective = module?.useClient ? rootScopes : ownScopes;
    for (const scope of effective) {
      if (scope === null || !(scope in registry))
        problems.push(`${entry}: <ClientMessages scope> "${scope}" is not in CLIENT_NAMESPACES`);
    }
    const provided = effective.flatMap((scope) => (scope && registry[scope] ? [...registry[scope]] : []));
    for (const [client, namespaces] of clientReads) {
      for (const namespace of namespaces) {
        if (namespace === null) {
          problems.push(`${client}: useTranslations()/useMessages() without a literal namespace in a client module`);
          continue;
        }
        const providers = effective.filter((scope) => scope && registry[scope]?.some((p) => covers(p, namespace)));
        if (providers.length === 0) {
          problems.push(
            `${entry}: renders ${client}, which reads "${namespace}", but its <ClientMessages> scopes (${
              effective.join(", ") || "none"
            }) do not list it (provided: ${provided.join(", ") || "nothing"})`,
          );
        }
        for (const scope of providers) {
          for (const listed of registry[scope as string] ?? [])
            if (covers(listed, namespace)) used.get(scope as string)?.add(listed);
        }
      }
    }
  }
  for (const [scope, namespaces] of Object.entries(registry)) {
    for (const namespace of namespaces) {
      if (!used.get(scope)?.has(namespace))
        problems.push(
          `CLIENT_NAMESPACES.${scope} lists "${namespace}", which none of its pages' client components read`,
        );
    }
  }
  return [...new Set(problems)];
}

function readTree(): Map<string, string> {
  return new Map(listSources("src").map((file) => [file, readFileSync(path.join(ROOT, file), "utf8")]));
}

function hasPath(messages: unknown, namespace: string): boolean {
  let node: unknown = messages;
  for (const key of namespace.split(".")) {
    if (!node || typeof node !== "object" || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === "object" && node !== null;
}

describe("client components get only the messages their page lists", () => {
  it("every client component's namespace is provided by its page, and every listed one is used", () => {
    expect(findProblems(readTree(), CLIENT_NAMESPACES)).toEqual([]);
  }, 120_000);

  it("every listed namespace exists in both catalogues", () => {
    for (const [scope, namespaces] of Object.entries(CLIENT_NAMESPACES) as [TClientScope, readonly string[]][]) {
      for (const namespace of namespaces) {
        expect(hasPath(fr, namespace), `${scope}: ${namespace} in fr-CA.json`).toBe(true);
        expect(hasPath(en, namespace), `${scope}: ${namespace} in en.json`).toBe(true);
      }
    }
  });

  // The check itself must be able to fail: a page that renders a client component whose namespace
  // its scope does not list, a non-literal namespace, and a scope that lists too much.
  const page = (scope: string) => `
    import { ClientMessages } from "@/i18n/client-messages";
    import { Form } from "@/features/x/form";
    export default function Page() { return <ClientMessages scope="${scope}"><Form /></ClientMessages>; }`;
  const form = `"use client";
    import { useTranslations } from "next-intl";
    import { Field } from "./field";
    export function Form() { const t = useTranslations("tickets.reply"); return <Field label={t("a")} />; }`;
  const field = `import { useTranslations } from "next-intl";
    export function Field() { const t = useTranslations("validation"); return null; }`;
  const tree = (pageSource: string, fieldSource = field) =>
    new Map([
      ["src/app/[locale]/layout.tsx", `export default function L({ children }) { return children; }`],
      ["src/app/[locale]/x/page.tsx", pageSource],
      ["src/features/x/form.tsx", form],
      ["src/features/x/field.tsx", fieldSource],
    ]);

  it("fails for a namespace read by a component its client component imports", () => {
    const problems = findProblems(tree(page("reply")), { reply: ["tickets.reply"] });
    expect(problems).toEqual([expect.stringContaining(`reads "validation"`)]);
  });

  it("passes when the scope lists every namespace (a parent namespace covers its children)", () => {
    expect(findProblems(tree(page("reply")), { reply: ["tickets", "validation"] })).toEqual([]);
  });

  it("fails for a namespace that is not a literal, and for a scope listing what nobody reads", () => {
    const dynamic = field.replace(`useTranslations("validation")`, "useTranslations(name)");
    const problems = findProblems(tree(page("reply"), dynamic), { reply: ["tickets.reply", "audit"] });
    expect(problems).toEqual([
      expect.stringContaining("without a literal namespace"),
      expect.stringContaining(`lists "audit"`),
    ]);
  });

  it("fails for a page without a provider and for an unknown scope", () => {
    const bare = `import { Form } from "@/features/x/form"; export default function P() { return <Form />; }`;
    expect(findProblems(tree(bare), {})).toEqual([
      expect.stringContaining(`reads "tickets.reply"`),
      expect.stringContaining(`reads "validation"`),
    ]);
    expect(findProblems(tree(page("nope")), {})).toContainEqual(
      expect.stringContaining(`"nope" is not in CLIENT_NAMESPACES`),
    );
  });

  it("pickMessages keeps the catalogue's shape, only what was asked, and leaves the catalogue untouched", () => {
    const catalogue = { a: { b: { c: "x" }, d: "y" }, e: "z", f: "w" };
    const before = JSON.stringify(catalogue);
    expect(pickMessages(catalogue, ["a.b", "e"])).toEqual({ a: { b: { c: "x" } }, e: "z" });
    expect(pickMessages(catalogue, ["a.b", "a"])).toEqual({ a: catalogue.a });
    expect(JSON.stringify(catalogue)).toBe(before);
    expect(() => pickMessages(catalogue, ["a.nope"])).toThrow('No messages under "a.nope"');
  });
});
