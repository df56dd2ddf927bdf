package io.streamscorer.model;

/**
 * Reusable per-thread buffers for scoring one event with a {@link ScoringModel}: the head logits
 * and, for a {@link NetworkModel}, every layer's pre-activations and activations, which the
 * reason-code pass reuses. One per thread (a processor owns one, as it owns a {@link
 * FeatureVector}); the buffers grow to the largest model scored and are then reused, so scoring
 * allocates nothing per event. Not thread-safe.
 */
public final class ScoringWorkspace {
    private static final double[][] NO_LAYERS = new double[0][];

    private ScoringModel scoredBy;
    private int heads;
    private double[] logits = new double[0];
    // Per hidden layer: z = W·a + b before the activation, and the activation's output.
    double[][] pre = NO_LAYERS;
    double[][] post = NO_LAYERS;
    // Backward pass: the gradient with respect to one layer's output, then the layer below's.
    double[] delta = new double[0];
    double[] deltaBelow = new double[0];
    // Units whose activation or delta is not zero, in order.
    int[] live = new int[0];
    // The reason-code pass, for every head at once: deltas as above, and each head's logit
    // gradient with respect to the input, valid while gradientsCurrent.
    double[][] headDeltas = NO_LAYERS;
    double[][] headDeltasBelow = NO_LAYERS;
    double[][] inputGradients = NO_LAYERS;
    boolean gradientsCurrent;

    /** The logit of head {@code head} from the last {@link ScoringModel#score} call. */
    public double logit(int head) {
        if (head < 0 || head >= heads) {
            throw new IndexOutOfBoundsException(
                    "Head " + head + " is outside the " + heads + " heads last scored");
        }
        return logits[head];
    }

    /** σ(logit) of head {@code head} from the last {@link ScoringModel#score} call. */
    public double probability(int head) {
        return Sigmoid.sigmoid(logit(head));
    }

    /** The logits buffer for {@code owner}'s {@code count} heads, noting who scored. */
    double[] logits(ScoringModel owner, int count) {
        if (logits.length < count) {
            logits = new double[count];
        }
        scoredBy = owner;
        heads = count;
        gradientsCurrent = false;
        return logits;
    }

    /** Grows every buffer to fit {@code network}. */
    void fit(DenseNetwork network) {
        int layers = network.layers();
        if (pre.length < layers) {
            pre = grow(pre, layers);
            post = grow(post, layers);
        }
        for (int l = 0; l < layers; l++) {
            int width = network.outputWidth(l);
            if (pre[l] == null || pre[l].length < width) {
                pre[l] = new double[width];
                post[l] = new double[width];
            }
        }
        int widest = network.widest();
        if (delta.length < widest) {
            delta = new double[widest];
            deltaBelow = new double[widest];
            live = new int[widest];
        }
        int heldWidth = headDeltas.length == 0 ? 0 : headDeltas[0].length;
        int heldInputs = inputGradients.length == 0 ? 0 : inputGradients[0].length;
        if (headDeltas.length < network.heads()
                || heldWidth < widest
                || heldInputs < network.inputs()) {
            // Never smaller than before, so models of other shapes scored in turn reuse them.
            int heads = Math.max(headDeltas.length, network.heads());
            int width = Math.max(heldWidth, widest);
            int inputs = Math.max(heldInputs, network.inputs());
            headDeltas = new double[heads][width];
            headDeltasBelow = new double[heads][width];
            inputGradients = new double[heads][inputs];
        }
    }

    /** Checks the activations held are {@code model}'s, from its last {@code score} call. */
    void requireScoredBy(ScoringModel model) {
        if (scoredBy != model) {
            throw new IllegalStateException(
                    "The workspace holds the activations of "
                            + (scoredBy == null ? "no model" : scoredBy.toString())
                            + ", not of "
                            + model
                            + "; call score(x, workspace) with this model first");
        }
    }

    private static double[][] grow(double[][] layers, int count) {
        double[][] grown = new double[count][];
        System.arraycopy(layers, 0, grown, 0, layers.length);
        return grown;
    }
}
