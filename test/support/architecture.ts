/**
 * Reads the imports of the project's TypeScript (with the compiler's own pre-processor, so
 * `import type`, `export … from`, `import()` and `require()` all count) and lists those that
 * cross a room's wall. Used by test/architecture.test.ts; CONTRIBUTING.md explains the rooms.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import ts from 'typescript';

interface Rule {
  /** Folder (relative to the root, '/'-separated) whose files the rule applies to. */
  room: string;
  /** Why, as the message says it; undefined when the import is allowed. */
  forbids(spec: string, resolved: string | undefined): string | undefined;
}

const NODE_BUILTINS = new Set(builtinModules);
const isNodeBuiltin = (spec: string) => spec.startsWith('node:') || NODE_BUILTINS.has(spec.split('/')[0]);
const isVsCodeOrLsp = (spec: string) => /^vscode($|[-/])/.test(spec) || spec.startsWith('@vscode/test');
const inside = (file: string | undefined, folder: string) => file !== undefined && (file === folder || file.startsWith(`${folder}/`));

const RULES: Rule[] = [
  {
    room: 'server/src/engine',
    forbids: (spec, resolved) => {
      for (const other of ['server/src/lsp', 'server/src/cli', 'client', 'protocol']) {
        if (inside(resolved, other)) return `the engine knows nothing of ${other.replace('server/src/', '')}/`;
      }
      if (!resolved && isVsCodeOrLsp(spec)) return 'the engine knows nothing of VS Code or LSP';
      return undefined;
    },
  },
  {
    room: 'server/src/cli',
    forbids: (spec, resolved) => {
      if (inside(resolved, 'server/src/lsp') || inside(resolved, 'client')) return 'the CLI uses the engine, not the language server or the client';
      if (!resolved && isVsCodeOrLsp(spec)) return 'the CLI knows nothing of VS Code or LSP';
      return undefined;
    },
  },
  {
    room: 'server/src/lsp',
    forbids: (spec, resolved) =>
      inside(resolved, 'client') || inside(resolved, 'server/src/cli') || (!resolved && /^vscode(-languageclient)?$/.test(spec)) ? 'the server is not the client nor the CLI' : undefined,
  },
  {
    room: 'protocol',
    forbids: (spec, resolved) => {
      if (inside(resolved, 'server/src/lsp') || inside(resolved, 'client') || inside(resolved, 'server/src/cli')) return 'the protocol is neutral ground: it imports neither end';
      if (!resolved && (isNodeBuiltin(spec) || spec === 'vscode' || spec.startsWith('vscode-languageserver/') || spec === 'vscode-languageserver' || spec.startsWith('vscode-languageclient')))
        return 'the protocol is neutral ground: only vscode-languageserver-protocol';
      return undefined;
    },
  },
  {
    room: 'client',
    forbids: (_spec, resolved) => (inside(resolved, 'server/src/lsp') || inside(resolved, 'server/src/cli') ? 'the client talks to the server through protocol/, not its code' : undefined),
  },
];

/** The page's entry: it and every project file it reaches are bundled for the browser. */
const WEBVIEW_ENTRY = 'client/src/curator/webview/main.ts';
const webviewForbids = (spec: string, resolved: string | undefined): string | undefined => {
  if (resolved) return undefined;
  if (isNodeBuiltin(spec)) return 'the webview is a browser page';
  if (spec === 'vscode' || spec.startsWith('vscode-languageclient') || spec.startsWith('vscode-languageserver')) return 'the webview is a browser page (it bundles no VS Code API or LSP library)';
  return undefined;
};

export function architectureViolations(root: string): string[] {
  const files = ['server/src', 'client/src', 'protocol'].flatMap((d) => listTs(root, d));
  const imports = new Map(files.map((f) => [f, importsOf(root, f)]));
  const out: string[] = [];
  for (const [file, specs] of imports) {
    for (const rule of RULES) {
      if (!inside(file, rule.room)) continue;
      for (const { spec, resolved } of specs) {
        const why = rule.forbids(spec, resolved);
        if (why) out.push(`${file} imports ${spec}: ${why}`);
      }
    }
  }
  // The webview: every file reached from its entry, wherever it lives.
  const seen = new Set<string>();
  const queue = imports.has(WEBVIEW_ENTRY) ? [WEBVIEW_ENTRY] : [];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const { spec, resolved, typeOnly } of imports.get(file) ?? importsOf(root, file)) {
      const why = webviewForbids(spec, resolved);
      if (why) out.push(`${file} imports ${spec}: ${why}${inside(file, 'client/src/curator/webview') ? '' : ` (bundled from ${WEBVIEW_ENTRY})`}`);
      // A type-only import brings no code into the bundle.
      if (resolved && !typeOnly) queue.push(resolved);
    }
  }
  return out;
}

interface Import {
  spec: string;
  /** The project file it names ('/'-separated, relative to the root), for a relative import. */
  resolved?: string;
  typeOnly: boolean;
}

function importsOf(root: string, file: string): Import[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  const info = ts.preProcessFile(text, true, true);
  const typeOnly = typeOnlySpecs(text);
  return info.importedFiles.map(({ fileName: spec }) => ({ spec, resolved: resolveRelative(root, file, spec), typeOnly: typeOnly.has(spec) }));
}

/** Specifiers imported only by `import type` / `export type` statements in this file. */
function typeOnlySpecs(text: string): Set<string> {
  const source = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, false);
  const kinds = new Map<string, boolean>();
  for (const s of source.statements) {
    let spec: string | undefined;
    let onlyTypes = false;
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier)) {
      spec = s.moduleSpecifier.text;
      const clause = s.importClause;
      onlyTypes =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name && !!clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
    } else if (ts.isExportDeclaration(s) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier)) {
      spec = s.moduleSpecifier.text;
      onlyTypes = s.isTypeOnly;
    }
    if (spec !== undefined) kinds.set(spec, (kinds.get(spec) ?? true) && onlyTypes);
  }
  return new Set([...kinds].filter(([, t]) => t).map(([s]) => s));
}

function resolveRelative(root: string, from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.posix.join(path.posix.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
    const full = path.join(root, candidate);
    if (existsSync(full) && statSync(full).isFile()) return path.posix.normalize(candidate);
  }
  return path.posix.normalize(base); // a file that does not exist still names its room
}

function listTs(root: string, dir: string): string[] {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : listTs(root, rel);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** The leaves esbuild.mjs bundles into files of their own (its LAZY list), read from its text. */
export function lazyLeaves(root: string): { source: string; out: string }[] {
  const text = existsSync(path.join(root, 'esbuild.mjs')) ? readFileSync(path.join(root, 'esbuild.mjs'), 'utf8') : '';
  return [...text.matchAll(/\{\s*source:\s*'([^']+)',\s*out:\s*'([^']+)'\s*\}/g)].map((m) => ({ source: m[1], out: m[2] }));
}

/**
 * A lazy leaf is bundled on its own, so a project module it imported would exist twice, each
 * copy with its own state: it imports libraries only (and project types). And it is loaded
 * where first used (`require()` or `import()`): a static import would load it at start.
 */
export function lazyLeafViolations(root: string): string[] {
  const leaves = lazyLeaves(root);
  const out: string[] = [];
  for (const { source } of leaves) {
    if (!existsSync(path.join(root, source))) {
      out.push(`esbuild.mjs names the lazy leaf ${source}, which does not exist`);
      continue;
    }
    for (const { spec, resolved, typeOnly } of importsOf(root, source)) {
      if (resolved && !typeOnly) out.push(`${source} imports ${spec}: a lazy leaf imports libraries only (its bundle would carry a second copy of ${resolved})`);
    }
  }
  const sources = new Set(leaves.map((l) => l.source));
  const files = ['server/src', 'client/src', 'protocol'].flatMap((d) => listTs(root, d));
  for (const file of files) {
    const statics = staticValueImports(readFileSync(path.join(root, file), 'utf8'));
    for (const spec of statics) {
      const resolved = resolveRelative(root, file, spec);
      if (resolved && sources.has(resolved)) out.push(`${file} imports the lazy leaf ${spec} statically: load it where it is first used (require() or import())`);
    }
  }
  return out;
}

/** Specifiers of the `import … from` / `export … from` statements that bring values (not types only). */
function staticValueImports(text: string): string[] {
  const types = typeOnlySpecs(text);
  const source = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, false);
  const specs: string[] = [];
  for (const s of source.statements) {
    const m = (ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text : undefined;
    if (m !== undefined && !types.has(m)) specs.push(m);
  }
  return specs;
}
