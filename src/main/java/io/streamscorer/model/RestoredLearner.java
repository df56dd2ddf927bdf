package io.streamscorer.model;

/**
 * A learner read back from its encoded state, and whether its optimizer state had to be reset
 * because it was stored under another update rule.
 *
 * @param <L> the kind of learner
 * @param learner the restored learner, with the stored parameters and counters
 * @param optimizerStateReset true if {@code storedOptimizer} differs from the requested one, so the
 *     parameters were kept but the optimizer's accumulators and step counts started afresh
 * @param storedOptimizer the update rule the state was written with
 */
public record RestoredLearner<L extends OnlineLearner>(
        L learner, boolean optimizerStateReset, OptimizerKind storedOptimizer) {}
