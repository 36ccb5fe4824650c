/**
 * Augmentations by name for classifier training, and the defaults that fit each kind of
 * data. A mirrored 2, 3 or 7 is not a digit, so digits get small rotations and shifts and no
 * flips (Simard et al. 2003 used elastic and affine distortions, never reflections); clothing
 * and natural images are left-right symmetric in kind, so they get flips with shifted crops,
 * the CIFAR recipe of He et al. 2016 (§4.2: 4-pixel padding, random 32×32 crop, horizontal
 * flip), with the padding scaled to the image (⌊side / 8⌋: 3 for 28 pixels, 4 for 32).
 */
import { brightness, composeAugmentations, contrast, ConfigError, horizontalFlip, randomCrop, rotation, scaling, translation, type Augmentation } from '@deeper/core';
import type { DatasetFormat } from './datasets/open-dataset';

export const augmentationNames = ['rotate', 'translate', 'crop', 'flip', 'brightness', 'contrast', 'scale'] as const;
export type AugmentationName = (typeof augmentationNames)[number];

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
    switch (name as AugmentationName) {
      case 'rotate': return rotation({ degrees: [-10, 10] });
      case 'translate': return translation();
      case 'crop': return randomCrop({ padding: Math.max(1, Math.floor(height / 8)) });
      case 'flip': return horizontalFlip();
      case 'brightness': return brightness();
      case 'contrast': return contrast();
      case 'scale': return scaling();
      default:
        throw new ConfigError('buildAugmentation', 'augment', `names among ${augmentationNames.join(', ')}`, name);
    }
  });
  return parts.length === 0 ? null : composeAugmentations(parts);
}
