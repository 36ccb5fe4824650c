/** The captioning area of @deeper/vision: so far its metrics, BLEU, CIDEr-D and truthfulness. */
export { tokenize, ngramCounts } from './tokenize';
export { corpusBleu } from './bleu';
export { ciderD } from './cider';
export { parseShapeCaption, isTruthful } from './truthfulness';
