/** The training area of @deeper/vision: the loop every task shares. */
export { visionTrainLoop, visionTrainDefaults, bestCheckpointsDir, resolveVisionTrainConfig, type VisionTrainConfig, type VisionTrainRuntime, type VisionTask, type TaskBatch } from './vision-train-loop';
