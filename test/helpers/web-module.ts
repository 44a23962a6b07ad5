/**
 * A module of the web app's sources, read from a Node test: they are ES modules of their own
 * bundle, so the file is transpiled here, and so are the web sources it imports (other imports,
 * e.g. libs/domain's, resolve from the file's folder as the bundler does).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';

const WEB_SOURCES = join(__dirname, '../../apps/web/src');

/** `path` from apps/web/src, e.g. "labels.ts". */
export function webModule<T = Record<string, unknown>>(path: string): T {
  const file = join(WEB_SOURCES, path);
  const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS } });
  const exports: Record<string, unknown> = {};
  const requireFromWeb = (dependency: string): unknown => {
    const resolved = join(dirname(file), dependency);
    if (resolved.startsWith(WEB_SOURCES) && existsSync(`${resolved}.ts`)) return webModule(`${resolved.slice(WEB_SOURCES.length + 1)}.ts`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(resolved);
  };
  new Function('exports', 'require', outputText)(exports, requireFromWeb);
  return exports as T;
}
