package io.streamscorer.model;

import java.util.Map;
import java.util.Optional;

/**
 * One immutable, validated model version the scorer can serve: named features in, one sigmoid
 * probability per named output head out. Two kinds exist. {@link LogisticModel}, {@code p_h =
 * σ(w_h·x + b_h)}, is the default and the fast path; {@link NetworkModel} puts hidden dense layers
 * before the same sigmoid heads. The interface is sealed so that code choosing a learner or a wire
 * form per kind can name every kind.
 *
 * <p>Scoring reuses a per-thread {@link FeatureVector} and {@link ScoringWorkspace}, so the
 * per-event path allocates nothing once they have grown to the model's size:
 *
 * <pre>{@code
 * FeatureVector x = new FeatureVector();         // one of each per thread
 * ScoringWorkspace ws = new ScoringWorkspace();
 * model.encode(event.features(), x);
 * model.score(x.values(), ws);
 * double p = ws.probability(model.headIndex("fraud"));
 * int n = model.topContributions(0, x.values(), ws, 3, indexes, contributions);
 * }</pre>
 *
 * <p>Reason codes are gradient×input attributions of a head's logit {@code z_h}: feature {@code i}
 * contributes {@code x_i·∂z_h/∂x_i} (Shrikumar et al., "Not Just a Black Box: Learning Important
 * Features Through Propagating Activation Differences", arXiv:1605.01713, 2016; Ancona et al.,
 * "Towards better understanding of gradient-based attribution methods for Deep Neural Networks",
 * ICLR 2018). For a logistic model {@code ∂z_h/∂x_i = w_i}, so the attribution is the familiar
 * {@code w_i·x_i}: one definition serves both kinds.
 */
public sealed interface ScoringModel permits LogisticModel, NetworkModel {
    /** The most output heads a model may have, so that one label can name every one. */
    int MAX_HEADS = 64;

    /** The model's name, which is its key on the control topic. */
    String name();

    /** The version of this definition. */
    ModelVersion version();

    /** The feature names and their input indexes. */
    FeatureIndex features();

    /** Number of input features. */
    int dimension();

    /** Number of output heads. */
    int headCount();

    /** Name of head {@code head}. */
    String headName(int head);

    /** Index of the head called {@code headName}, or -1. */
    int headIndex(String headName);

    /** The decision threshold of head {@code head}: decide positive when p ≥ threshold. */
    double threshold(int head);

    /** A copy of the imputation values, one per feature. */
    double[] imputation();

    /**
     * Fills {@code out} with the dense vector of {@code eventFeatures}: known names at their index,
     * missing ones at the imputation value; counts unknown names and notes a non-finite value of a
     * known feature. Allocates nothing once {@code out} has grown to this model's size.
     */
    void encode(Map<String, Double> eventFeatures, FeatureVector out);

    /**
     * Computes every head's logit for the dense features {@code x} into {@code workspace}, where
     * {@link ScoringWorkspace#logit(int)} and {@link ScoringWorkspace#probability(int)} read them.
     */
    void score(double[] x, ScoringWorkspace workspace);

    /**
     * Writes into {@code indexes} and {@code contributions} the features with the largest absolute
     * gradient×input attribution {@code x_i·∂z_h/∂x_i} to head {@code head}'s logit, largest first.
     * Call {@link #score} with the same {@code x} and {@code workspace} first: a network reuses the
     * activations it left there.
     *
     * @return how many were written: {@code min(k, dimension)}
     * @throws IllegalStateException if {@code workspace} was last scored by another model
     */
    int topContributions(
            int head,
            double[] x,
            ScoringWorkspace workspace,
            int k,
            int[] indexes,
            double[] contributions);

    /** The centring and scaling the parameters apply to, if the model has one. */
    Optional<FeatureScaling> scaling();
}
