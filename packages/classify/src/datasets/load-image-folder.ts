/**
 * An image-folder dataset, as torchvision's ImageFolder reads one: one subfolder of PNG
 * images per class, the folder names (sorted) as class names:
 *
 *   dir/cat/001.png  dir/cat/002.png  dir/dog/001.png …
 *
 * or, with its own test split, `dir/train/<class>/…` and `dir/test/<class>/…`.
 * Images are grey or RGB (`channels`, by default grey exactly when every image is); images
 * whose size differs from `size` (by default the first image's) are refused by name, or
 * resized bilinearly with `resize`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkInteger, checkOneOf, ConfigError, resolveConfig } from '@deeper/core';
import { DatasetError } from './dataset-error';
import type { ImageDataset } from './image-dataset';
import { readPngImage, toChannels, type PngImage } from './read-png-image';
import { resizeImage } from './resize-image';

export interface LoadImageFolderConfig {
  /** The folder of class folders (or of train/ and test/ folders of class folders); required. */
  dir: string;
  /** 'train' or 'test' when the folder has train/ and test/; 'all' reads a folder of class folders. Default 'all'. */
  split: 'all' | 'train' | 'test';
  /** Image size [height, width]; null (default): the first image's (class folders and files in sorted order). */
  size: [number, number] | null;
  /** Resize images of another size (true) or refuse them with an error naming the file (false, default). */
  resize: boolean;
  /** 1 (grey), 3 (RGB) or 'auto' (default): grey exactly when every image is grey. */
  channels: 1 | 3 | 'auto';
  /** Class names to expect, in label order; null (default): the folder names, sorted. A transfer run passes its own to map folders to labels. */
  classNames: readonly string[] | null;
  /** Keep only the first this many images (in class-then-file order); null: all (default). */
  limit: number | null;
}

export const loadImageFolderDefaults: LoadImageFolderConfig = { dir: '', split: 'all', size: null, resize: false, channels: 'auto', classNames: null, limit: null };

const who = 'loadImageFolder';

export function resolveLoadImageFolderConfig(partial: Partial<LoadImageFolderConfig> = {}): LoadImageFolderConfig {
  const c = resolveConfig(who, loadImageFolderDefaults, partial);
  if (typeof c.dir !== 'string' || c.dir === '') throw new ConfigError(who, 'dir', 'a folder path', c.dir);
  checkOneOf(who, 'split', c.split, ['all', 'train', 'test'] as const);
  if (c.size !== null) {
    if (!Array.isArray(c.size) || c.size.length !== 2) throw new ConfigError(who, 'size', 'null or [height, width]', c.size);
    c.size.forEach((d, i) => checkInteger(who, `size[${i}]`, d, 1));
  }
  if (typeof c.resize !== 'boolean') throw new ConfigError(who, 'resize', 'a boolean', c.resize);
  if (c.channels !== 'auto' && c.channels !== 1 && c.channels !== 3) throw new ConfigError(who, 'channels', "1, 3 or 'auto'", c.channels);
  if (c.limit !== null) checkInteger(who, 'limit', c.limit, 1);
  return c;
}

const isDir = (path: string) => existsSync(path) && statSync(path).isDirectory();
const pngsIn = (dir: string) => readdirSync(dir).filter((n) => n.toLowerCase().endsWith('.png') && statSync(join(dir, n)).isFile()).sort();

/** The class folders of `dir` (subfolders holding at least one PNG), sorted. */
export function classFolders(dir: string): string[] {
  if (!isDir(dir)) throw new DatasetError(who, 'a folder of class folders of PNG images', `${JSON.stringify(dir)}, which is not a folder`);
  return readdirSync(dir).filter((n) => isDir(join(dir, n)) && pngsIn(join(dir, n)).length > 0).sort();
}

/** Whether `dir` splits into train/ and test/ folders of class folders. */
export function hasTrainTestFolders(dir: string): boolean {
  return isDir(join(dir, 'train')) && isDir(join(dir, 'test')) && classFolders(join(dir, 'train')).length > 0;
}

export function loadImageFolder(partial: Partial<LoadImageFolderConfig> = {}): ImageDataset {
  const c = resolveLoadImageFolderConfig(partial);
  const root = c.split === 'all' ? c.dir : join(c.dir, c.split);
  if (c.split !== 'all' && !isDir(root)) throw new DatasetError(who, `a ${c.split}/ folder of class folders in ${c.dir}`, 'none');
  const folders = classFolders(root);
  if (folders.length < 2) {
    throw new DatasetError(who, `at least two class folders of PNG images in ${root}`, folders.length === 0 ? 'none' : `only ${JSON.stringify(folders[0])}`,
      'A classifier needs two classes or more; put each class\'s images in its own subfolder');
  }
  const classNames = c.classNames ?? folders;
  for (const name of folders) {
    if (!classNames.includes(name)) throw new DatasetError(who, `class folders among ${JSON.stringify(classNames)}`, `a folder ${JSON.stringify(name)} in ${root}`);
  }
  const files: { path: string; label: number }[] = [];
  for (const name of folders) for (const file of pngsIn(join(root, name))) files.push({ path: join(root, name, file), label: classNames.indexOf(name) });
  const chosen = files.slice(0, c.limit ?? files.length);
  const decoded: PngImage[] = chosen.map(({ path }) => readPngImage(path));
  const [height, width] = c.size ?? [decoded[0].height, decoded[0].width];
  const channels = c.channels === 'auto' ? (decoded.every((im) => im.channels === 1) ? 1 : 3) : c.channels;
  const size = height * width * channels;
  const images = new Float32Array(chosen.length * size);
  decoded.forEach((image, i) => {
    if (image.height !== height || image.width !== width) {
      if (!c.resize) {
        throw new DatasetError(who, `every image ${height}×${width} (${c.size ? 'the size asked for' : `the size of ${chosen[0].path}`})`,
          `${image.height}×${image.width} in ${chosen[i].path}`, 'Pass resize: true (--resize) to resize images, or remove that file');
      }
    }
    const converted = toChannels(image, channels);
    images.set(resizeImage(converted.pixels, image.height, image.width, channels, height, width), i * size);
  });
  const labels = Uint8Array.from(chosen, (f) => f.label);
  return { images, labels, count: chosen.length, height, width, channels, classNames };
}
