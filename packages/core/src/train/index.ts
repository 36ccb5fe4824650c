/** The training area of @deeper/core: the observable loop, its events, checkpoints, run folders and subscribers. */
export { fit } from './fit';
export { stopOnSignals, type SignalStop } from './stop-on-signals';
export { fitDefaults, resolveFitConfig, type FitConfig, type LossFn, type AugmentFn } from './fit-config';
export type { FitData, LabeledData } from './labeled-data';
export { evaluate, evaluateDefaults, type EvaluateConfig } from './evaluate';
export type { TrainEvent, TrainEventType, BatchEvent, EpochEvent, ValidationEvent, CheckpointEvent, ResumeEvent, DoneEvent } from './train-event';
export { ofType } from './of-type';
export { TrainRng } from './train-rng';
export { isRandomStateful, type RandomStateful } from './random-stateful';
export { checkpointName, saveTrainCheckpoint, loadTrainCheckpoint, latestCheckpoint, completeCheckpoints, readLoopState, verifyCheckpointFiles, type LoopState } from './train-checkpoint';
export { createRunFolder, openRunFolder, runId, runFolderDefaults, type RunFolder, type RunFolderConfig } from './run-folder';
export { metricsJsonl, metricsOf } from './metrics-jsonl';
export { progressBar, progressBarDefaults, type ProgressBarConfig } from './progress-bar';
export { lossPlot, renderSvg, trainingChartSpec, type LossPlot, type CurvePoint } from './loss-plot';
export { thinCurves, defaultMaxPointsPerCurve } from './thin-curves';
