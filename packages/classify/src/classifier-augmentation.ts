/**
 * Augmentations by name for classifier training, and the defaults that fit each kind of
 * data. A mirrored 2, 3 or 7 is not a digit, so digits get small rotations and shifts and no
 * flips (Simard et al. 2003 used elastic and affine distortions, never reflections); clothing
 * and natural images are left-right symmetric in kind, so they get flips with shifted crops,
 * the CIFAR recipe of He et al. 2016 (§4.2: 4-pixel padding, random 32×32 crop, horizontal
 * flip), with the padding scaled to the image (⌊side / 8⌋: 3 for 28 pixels, 4 for 32).
 * `crop:N` pads by N pixels instead (a lighter shift for a small network that 3 pixels underfit).
 */
import { brightness, composeAugmentations, contrast, ConfigError, horizontalFlip, randomCrop, rotation, scaling, translation, type Augmentation } from '@deeper/core';
import type { DatasetFormat } from './datasets/open-dataset';

export const augmentationNames = ['rotate', 'translate', 'crop', 'flip', 'brightness', 'contrast', 'scale'] as const;
export type AugmentationName = (typeof augmentationNames)[number];

/** `crop:N`: a random crop after N pixels of zero padding on each side (N a whole number ≥ 1). */
const cropWithPadding = /^crop:([1-9][0-9]*)$/;

/** Whether `name` is an augmentation buildAugmentation accepts: one of augmentationNames, or `crop:N`. */
export function isAugmentationName(name: unknown): name is string {
  return typeof name === 'string' && ((augmentationNames as readonly string[]).includes(name) || cropWithPadding.test(name));
}

/** Throws a ConfigError naming `who`'s `field` for the first name isAugmentationName refuses. */
export function checkAugmentationNames(who: string, field: string, names: readonly unknown[]): void {
  for (const name of names) {
    if (!isAugmentationName(name)) throw new ConfigError(who, field, `names among ${augmentationNames.join(', ')} or crop:N (N pixels of padding)`, name);
  }
}

/** The default augmentations of each kind of data. */
export function defaultAugmentationNames(format: DatasetFormat): AugmentationName[] {
  switch (format) {
    case 'mnist':
    case 'idx':
      return ['rotate', 'translate'];
    case 'fashion-mnist':
    case 'cifar10':
      return ['crop', 'flip'];
    case 'image-folder':
      // Unknown content: shifts are safe for almost any class, mirrors are not (text, digits, arrows).
      return ['translate'];
  }
}

/** One augmentation for `names`, applied in order, sized for images of `height`; null for an empty list. */
export function buildAugmentation(names: readonly string[], height: number): Augmentation | null {
  const parts = names.map((name): Augmentation => {
    const padded = cropWithPadding.exec(name);
    if (padded !== null) return randomCrop({ padding: Number(padded[1]) });
    switch (name as AugmentationName) {
      case 'rotate': return rotation({ degrees: [-10, 10] });
      case 'translate': return translation();
      case 'crop': return randomCrop({ padding: Math.max(1, Math.floor(height / 8)) });
      case 'flip': return horizontalFlip();
      case 'brightness': return brightness();
      case 'contrast': return contrast();
      case 'scale': return scaling();
      default:
        throw new ConfigError('buildAugmentation', 'augment', `names among ${augmentationNames.join(', ')} or crop:N (N pixels of padding)`, name);
    }
  });
  return parts.length === 0 ? null : composeAugmentations(parts);
}
