/** The data area of @deeper/vision: seeded scene generators and the on-disk formats. */
export { readImagePng, readIndexPng, writePng, encodePng, type PixelImage } from './png-io';
export { mnistHalf, splits, digitSide, type Split, type DigitPool } from './mnist-halves';
export { SceneRandom } from './scene-random';
export { boxIou, type Box } from './box';
export type { SegmentationData } from './segmentation-data';
export { generateM2nist, m2nistDefaults, resolveM2nistConfig, m2nistClassNames, inkBox, type M2nistConfig, type M2nistData, type PixelBox } from './m2nist';
export { writeSegmentationFolder, readSegmentationFolder, readClassNames } from './segmentation-folder';
export type { DetectionData, DetectionObject } from './detection-data';
export { generateMnistDetection, mnistDetectionDefaults, resolveMnistDetectionConfig, digitCategories, scaleDigit, type MnistDetectionConfig } from './mnist-detection';
export { writeCocoDetection, readCocoDetection } from './coco-detection';
export { generateShapeCaptions, shapeCaptionsDefaults, resolveShapeCaptionsConfig, captionsOf, captionTemplates, isHeldOut, renderShapeScene, shapes, colours, sizes, positions, colourRgb, sizeRadius, shapeCanvas, type ShapeCaptionsConfig, type ShapeCaptionsData, type ShapeFact, type ShapeScene, type ShapeName, type ColourName, type SizeName, type PositionName } from './shape-captions';
export { writeCaptionFolder, readCaptionFile, readCaptionImages, type CaptionEntry } from './caption-file';
