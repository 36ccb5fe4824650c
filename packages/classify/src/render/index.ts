export { RgbCanvas, textPixels, textWidth, type Rgb } from './rgb-canvas';
export { confusionMatrixImage } from './confusion-matrix-image';
export { misclassifiedGridImage, misclassifiedGridDefaults, type MisclassifiedGridConfig } from './misclassified-grid-image';
