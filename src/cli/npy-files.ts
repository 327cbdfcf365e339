// Reading and writing .npy files for the command line, with errors that name the file.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fromNpy, toNpy, type NDArray } from '../index.js';
import { FileError } from './usage-error.js';

/** Reads a NumPy .npy file; any problem becomes a FileError naming `path`. */
export function readNpyFile(path: string): NDArray {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new FileError(`${path}: no such file`);
    if (code === 'EISDIR') throw new FileError(`${path}: is a directory, expected a .npy file`);
    throw new FileError(`${path}: cannot read (${(e as Error).message})`);
  }
  try {
    return fromNpy(bytes);
  } catch (e) {
    // fromNpy's messages start with its argument name ('bytes: ...').
    throw new FileError(`${path}: ${(e as Error).message.replace(/^bytes: /, '')}`);
  }
}

/** Writes `a` as .npy (float32 or float64, C order). */
export function writeNpyFile(path: string, a: NDArray): void {
  const dir = dirname(resolve(path));
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new FileError(`${path}: cannot write, folder ${dir} does not exist`);
  try {
    writeFileSync(path, toNpy(a));
  } catch (e) {
    throw new FileError(`${path}: cannot write (${(e as Error).message})`);
  }
}
