/** The repository's root (where package.json is), from source (ts-jest) and from dist/ alike. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function findProjectRoot(start: string = __dirname): string {
  let folder = start;
  while (!existsSync(join(folder, 'package.json')) || existsSync(join(folder, 'nest-cli.json')) === false) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`No project root above ${start}`);
    folder = parent;
  }
  return folder;
}
