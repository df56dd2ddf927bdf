package io.streamscorer.model;

import java.util.Arrays;

/**
 * The shape of a feed-forward network and its arithmetic over one flat parameter array, shared by
 * the immutable {@link NetworkModel} (which scores) and the {@link OnlineNetworkLearner} (which
 * trains), so that both compute exactly the same function.
 *
 * <p>Layer {@code l} maps {@code a_{l−1}} (the features for {@code l = 0}) to {@code a_l =
 * act_l(W_l·a_{l−1} + b_l)}; the heads then compute logits {@code z = H·a_{L−1} + c}. The
 * parameters are laid out layer after layer, each as its weights in PyTorch's {@code nn.Linear}
 * layout (row per output unit, row-major) followed by its bias, and the heads last in the same
 * layout. Every method takes the parameter array, so a learner can evaluate proposals in place.
 */
final class DenseNetwork {
    private final int inputs;
    private final int[] widths;
    private final Activation[] activations;
    private final int heads;
    // Index layers() is the head layer.
    private final int[] weightOffsets;
    private final int[] biasOffsets;
    private final int parameterCount;
    private final int widest;

    DenseNetwork(int inputs, int[] widths, Activation[] activations, int heads) {
        this.inputs = inputs;
        this.widths = widths.clone();
        this.activations = activations.clone();
        this.heads = heads;
        int layers = widths.length;
        this.weightOffsets = new int[layers + 1];
        this.biasOffsets = new int[layers + 1];
        int offset = 0;
        int widest = inputs;
        for (int l = 0; l <= layers; l++) {
            weightOffsets[l] = offset;
            offset = Math.addExact(offset, Math.multiplyExact(outputWidth(l), inputWidth(l)));
            biasOffsets[l] = offset;
            offset = Math.addExact(offset, outputWidth(l));
            widest = Math.max(widest, outputWidth(l));
        }
        this.parameterCount = offset;
        this.widest = widest;
    }

    /** Number of hidden layers. */
    int layers() {
        return widths.length;
    }

    int inputs() {
        return inputs;
    }

    int heads() {
        return heads;
    }

    /** Units of layer {@code l}; for {@code l == layers()}, the heads. */
    int outputWidth(int l) {
        return l == widths.length ? heads : widths[l];
    }

    /** Inputs of layer {@code l}; for {@code l == layers()}, those of the heads. */
    int inputWidth(int l) {
        return l == 0 ? inputs : widths[l - 1];
    }

    Activation activation(int l) {
        return activations[l];
    }

    int weightOffset(int l) {
        return weightOffsets[l];
    }

    int biasOffset(int l) {
        return biasOffsets[l];
    }

    int parameterCount() {
        return parameterCount;
    }

    /** The widest of the inputs, the layers and the heads. */
    int widest() {
        return widest;
    }

    /**
     * Where flat parameter {@code index} sits, for error messages: "layer 1 weight [3][7]", "layer
     * 0 bias [5]", "head 'fraud' weight [2]" or "head 'fraud' bias".
     */
    String describe(int index, String[] headNames) {
        int l = widths.length;
        while (index < weightOffsets[l]) {
            l--;
        }
        int in = inputWidth(l);
        boolean head = l == widths.length;
        if (index < biasOffsets[l]) {
            int row = (index - weightOffsets[l]) / in;
            int col = (index - weightOffsets[l]) % in;
            return head
                    ? "head '" + headNames[row] + "' weight [" + col + "]"
                    : "layer " + l + " weight [" + row + "][" + col + "]";
        }
        int unit = index - biasOffsets[l];
        return head ? "head '" + headNames[unit] + "' bias" : "layer " + l + " bias [" + unit + "]";
    }

    /**
     * Runs {@code x} through the network with parameters {@code p}: fills the workspace's
     * pre-activations and activations of every layer, and the head logits into {@code logits}.
     */
    void forward(double[] p, double[] x, ScoringWorkspace ws, double[] logits, boolean strict) {
        double[] in = x;
        int layers = widths.length;
        for (int l = 0; l < layers; l++) {
            double[] pre = ws.pre[l];
            double[] post = ws.post[l];
            Activation act = activations[l];
            int n = inputWidth(l);
            int w = weightOffsets[l];
            int b = biasOffsets[l];
            for (int o = 0, out = widths[l]; o < out; o++) {
                double z = dot(p, w + o * n, in, n) + p[b + o];
                pre[o] = z;
                post[o] = act.apply(z, strict);
            }
            in = post;
        }
        int n = inputWidth(layers);
        int w = weightOffsets[layers];
        int b = biasOffsets[layers];
        for (int h = 0; h < heads; h++) {
            logits[h] = dot(p, w + h * n, in, n) + p[b + h];
        }
    }

    /**
     * Backpropagates {@code dLogits} (the gradient of some scalar with respect to each head's
     * logit) through the activations {@link #forward} left in {@code ws}.
     *
     * @param grad receives the gradient with respect to every parameter, or null to skip it
     * @param inputGrad receives the gradient with respect to {@code x}, or null to skip it
     */
    void backward(
            double[] p,
            double[] x,
            ScoringWorkspace ws,
            double[] dLogits,
            double[] grad,
            double[] inputGrad,
            boolean strict) {
        int layers = widths.length;
        int n = inputWidth(layers);
        double[] last = ws.post[layers - 1];
        double[] delta = ws.delta;
        Arrays.fill(delta, 0, n, 0.0);
        int hw = weightOffsets[layers];
        int hb = biasOffsets[layers];
        for (int h = 0; h < heads; h++) {
            double d = dLogits[h];
            int row = hw + h * n;
            if (grad != null) {
                grad[hb + h] = d;
                for (int j = 0; j < n; j++) {
                    grad[row + j] = d * last[j];
                }
            }
            if (d != 0.0) {
                axpy(d, p, row, delta, n);
            }
        }
        double[] below = ws.deltaBelow;
        for (int l = layers - 1; l >= 0; l--) {
            double[] pre = ws.pre[l];
            double[] post = ws.post[l];
            Activation act = activations[l];
            int out = widths[l];
            for (int o = 0; o < out; o++) {
                delta[o] *= act.derivative(pre[o], post[o], strict);
            }
            int in = inputWidth(l);
            double[] a = l == 0 ? x : ws.post[l - 1];
            int w = weightOffsets[l];
            if (grad != null) {
                System.arraycopy(delta, 0, grad, biasOffsets[l], out);
                for (int o = 0; o < out; o++) {
                    double d = delta[o];
                    int row = w + o * in;
                    for (int j = 0; j < in; j++) {
                        grad[row + j] = d * a[j];
                    }
                }
            }
            double[] target = l > 0 ? below : inputGrad;
            if (target == null) {
                break;
            }
            Arrays.fill(target, 0, in, 0.0);
            for (int o = 0; o < out; o++) {
                double d = delta[o];
                // A dead ReLU or saturated hardsigmoid unit passes nothing down; skipping it is
                // exact and saves a row.
                if (d != 0.0) {
                    axpy(d, p, w + o * in, target, in);
                }
            }
            if (l > 0) {
                below = delta;
                delta = target;
            }
        }
    }

    /**
     * {@code Σ w[off+i]·a[i]} over four interleaved partial sums: independent additions keep the
     * floating-point pipeline full, where one running sum waits on every previous add. The order is
     * fixed, so the result is the same on every run and JVM.
     */
    static double dot(double[] w, int off, double[] a, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += w[off + i] * a[i];
            s1 += w[off + i + 1] * a[i + 1];
            s2 += w[off + i + 2] * a[i + 2];
            s3 += w[off + i + 3] * a[i + 3];
        }
        for (; i < n; i++) {
            s0 += w[off + i] * a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code y[j] += d·w[off+j]} for {@code j < n}. */
    private static void axpy(double d, double[] w, int off, double[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] += d * w[off + j];
        }
    }
}
