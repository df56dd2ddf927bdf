package io.streamscorer.model;

/**
 * A learner read back by {@link OnlineLogisticLearner#decode(byte[], LearnerSettings)}, and whether
 * its optimizer state had to be reset because it was stored under another update rule.
 *
 * @param learner the restored learner, with the stored weights and counters
 * @param optimizerStateReset true if {@code storedOptimizer} differs from the requested one, so the
 *     weights were kept but the optimizer's accumulators and step counts started afresh
 * @param storedOptimizer the update rule the state was written with
 */
public record RestoredLearner(
        OnlineLogisticLearner learner,
        boolean optimizerStateReset,
        OptimizerKind storedOptimizer) {}
