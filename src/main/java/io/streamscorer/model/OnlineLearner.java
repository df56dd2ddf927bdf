package io.streamscorer.model;

import java.util.Map;
import java.util.Objects;

/**
 * The mutable working state of one model being trained online from labelled examples, one example
 * per {@link #learn} call, handing out immutable {@link #snapshot snapshots} to serve. Each kind of
 * {@link ScoringModel} has its learner: {@link OnlineLogisticLearner} (NEWTON, SGD, AdaGrad, Adam,
 * FTRL) and {@link OnlineNetworkLearner} (backpropagation with SGD or Adam). Both predict before
 * they update (progressive validation), refuse an update that would make any state non-finite,
 * bound every parameter's change per update, and {@link #encode() encode} to bytes from which
 * training continues bit-identically. Not thread-safe; one learner belongs to one stream thread.
 *
 * <pre>{@code
 * OnlineLearner learner = OnlineLearner.startFrom(model, logisticSettings, networkSettings, 1000);
 * learner.encodeFeatures(example.features(), x);
 * UpdateResult r = learner.learn(x.values(), heads, labels, count, 1.0);
 * ScoringModel next = learner.snapshot(model.version().nextStep());
 * }</pre>
 */
public sealed interface OnlineLearner permits OnlineLogisticLearner, OnlineNetworkLearner {

    /**
     * The learner for {@code model}'s kind, starting from its parameters with fresh optimizer
     * state.
     *
     * @param logistic the settings a {@link LogisticModel} trains with
     * @param network the settings a {@link NetworkModel} trains with (SGD or Adam)
     * @param priorLabels how many labels a logistic model's weights are worth (see {@link
     *     OnlineLogisticLearner#startFrom(LogisticModel, LearnerSettings, long)}); networks ignore
     *     it
     */
    static OnlineLearner startFrom(
            ScoringModel model,
            LearnerSettings logistic,
            LearnerSettings network,
            long priorLabels) {
        Objects.requireNonNull(model, "model == null");
        if (model instanceof NetworkModel net) {
            return OnlineNetworkLearner.startFrom(net, network);
        }
        return OnlineLogisticLearner.startFrom((LogisticModel) model, logistic, priorLabels);
    }

    /** Learns one example for one head; see {@link #learn(double[], int[], int[], int, double)}. */
    UpdateResult learn(double[] x, int head, int label, double exampleWeight);

    /**
     * Scores {@code x} with each of the first {@code count} heads in {@code headIndexes}, then
     * updates the parameters towards their {@code labels}, all or none. Heads not listed contribute
     * nothing to the loss.
     *
     * @param x the dense features, in input order; only the first {@link #dimension()} count
     * @param headIndexes distinct head indexes
     * @param labels 0 or 1, one per head
     * @param count how many entries of {@code headIndexes} and {@code labels} to use, at least 1
     * @param exampleWeight scales this example's gradient; finite and {@code >= 0}, 0 only predicts
     * @return this learner's reused result, valid until the next call
     * @throws IllegalArgumentException for a short {@code x}, a bad head index or label, a repeated
     *     head, or a negative or non-finite example weight; the state is then unchanged
     */
    UpdateResult learn(
            double[] x, int[] headIndexes, int[] labels, int count, double exampleWeight);

    /**
     * Fills {@code out} with the dense vector of {@code features}, imputing missing ones as the
     * model does; see {@link ScoringModel#encode(Map, FeatureVector)}.
     */
    void encodeFeatures(Map<String, Double> features, FeatureVector out);

    /**
     * An immutable model with the current parameters, and the starting model's name, features,
     * imputation, structure, head names and thresholds.
     */
    ScoringModel snapshot(ModelVersion version);

    /** The settings this learner updates with. */
    LearnerSettings settings();

    /** The model's name. */
    String modelName();

    /** The version of the model this learner started from (or was last restored with). */
    ModelVersion baseVersion();

    /** Number of input features. */
    int dimension();

    /** Number of heads. */
    int headCount();

    /** Index of the head called {@code headName}, or -1. */
    int headIndex(String headName);

    /** What this learner's updates did since it started; kept in its checkpoint. */
    UpdateCounters counters();

    /**
     * The whole learner state in a compact versioned binary form, from which the learner's own
     * {@code decode} continues training bit-identically. Settings are not stored.
     */
    byte[] encode();
}
