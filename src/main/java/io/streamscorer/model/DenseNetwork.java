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
 * layout. Every method takes the parameter array, so a learner can evaluate proposals in place;
 * scoring uses a {@link #transposed} copy, which computes the same numbers faster.
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
     * pre-activations and activations of every layer, and the head logits into {@code logits}. Each
     * unit sums its bias and then {@code w_j·a_j} in input order, as {@link #forwardTransposed}
     * does, so both give the same numbers.
     */
    void forward(double[] p, double[] x, ScoringWorkspace ws, double[] logits, boolean strict) {
        double[] in = x;
        for (int l = 0; l < widths.length; l++) {
            double[] pre = ws.pre[l];
            int n = inputWidth(l);
            int w = weightOffsets[l];
            int b = biasOffsets[l];
            for (int o = 0, out = widths[l]; o < out; o++) {
                double z = p[b + o];
                int row = w + o * n;
                for (int j = 0; j < n; j++) {
                    z += p[row + j] * in[j];
                }
                pre[o] = z;
            }
            activate(l, ws, strict);
            in = ws.post[l];
        }
        heads(p, in, logits);
    }

    /**
     * The parameters {@code p} laid out for {@link #forwardTransposed} and {@link #inputGradient}.
     */
    ScoringWeights transposed(double[] p) {
        return new ScoringWeights(this, p);
    }

    /**
     * {@link #forward} over {@link #transposed} parameters, for scoring: each input adds its column
     * to all units at once, a loop the JIT compiles to SIMD instructions, where a row-by-row dot
     * product is one chain of dependent additions. Every unit still adds its terms in input order,
     * so the result is bit-for-bit {@link #forward}'s.
     */
    void forwardTransposed(ScoringWeights t, double[] x, ScoringWorkspace ws, double[] logits) {
        double[] in = x;
        for (int l = 0; l < widths.length; l++) {
            double[] pre = ws.pre[l];
            int out = widths[l];
            System.arraycopy(t.parameters, biasOffsets[l], pre, 0, out);
            addScaled(pre, out, t.columns[l], in, t.ascending, inputWidth(l));
            activate(l, ws, false);
            in = ws.post[l];
        }
        heads(t.parameters, in, logits);
    }

    /**
     * The gradient of head {@code head}'s logit with respect to the input into {@code gradient},
     * through the activations {@link #forwardTransposed} left in {@code ws}: the numbers {@link
     * #backward} would give for a one-hot {@code dLogits}, without computing any parameter's
     * gradient and reading each live unit's row as its own array.
     */
    void inputGradient(ScoringWeights t, int head, ScoringWorkspace ws, double[] gradient) {
        int layers = widths.length;
        int n = inputWidth(layers);
        double[] delta = ws.delta;
        // backward adds the head's row to zeros; a copy differs only in the sign of a zero,
        // and units whose delta is zero are skipped below.
        System.arraycopy(t.parameters, weightOffsets[layers] + head * n, delta, 0, n);
        double[] below = ws.deltaBelow;
        int[] live = ws.live;
        for (int l = layers - 1; l >= 0; l--) {
            double[] pre = ws.pre[l];
            double[] post = ws.post[l];
            Activation act = activations[l];
            int count = 0;
            for (int o = 0, out = widths[l]; o < out; o++) {
                double d = delta[o] * act.derivative(pre[o], post[o], false);
                delta[o] = d;
                // Branch-free: whether a ReLU unit is live is a coin toss per event.
                live[count] = o;
                count += d != 0.0 ? 1 : 0;
            }
            int in = inputWidth(l);
            double[] target = l > 0 ? below : gradient;
            Arrays.fill(target, 0, in, 0.0);
            addScaled(target, in, t.rows[l], delta, live, count);
            below = delta;
            delta = target;
        }
    }

    /**
     * {@code y[i] += c[k]·v[k][i]} for {@code i < n}, for each {@code k} of the first {@code count}
     * entries of {@code terms} in order, so every {@code y[i]} adds its terms in that order as one
     * axpy per term would. Four terms share a pass over {@code y}: the nested additions keep the
     * order while {@code y} is loaded and stored a quarter as often. Eight are no faster, and their
     * loop body exceeds C2's default unroll limit, which leaves it scalar.
     */
    private static void addScaled(
            double[] y, int n, double[][] v, double[] c, int[] terms, int count) {
        int k = 0;
        for (; k + 4 <= count; k += 4) {
            int k0 = terms[k];
            int k1 = terms[k + 1];
            int k2 = terms[k + 2];
            int k3 = terms[k + 3];
            double c0 = c[k0];
            double c1 = c[k1];
            double c2 = c[k2];
            double c3 = c[k3];
            double[] v0 = v[k0];
            double[] v1 = v[k1];
            double[] v2 = v[k2];
            double[] v3 = v[k3];
            for (int i = 0; i < n; i++) {
                y[i] = (((y[i] + c0 * v0[i]) + c1 * v1[i]) + c2 * v2[i]) + c3 * v3[i];
            }
        }
        for (; k < count; k++) {
            double ck = c[terms[k]];
            double[] vk = v[terms[k]];
            for (int i = 0; i < n; i++) {
                y[i] += ck * vk[i];
            }
        }
    }

    private void activate(int l, ScoringWorkspace ws, boolean strict) {
        double[] pre = ws.pre[l];
        double[] post = ws.post[l];
        Activation act = activations[l];
        for (int o = 0, out = widths[l]; o < out; o++) {
            post[o] = act.apply(pre[o], strict);
        }
    }

    private void heads(double[] p, double[] last, double[] logits) {
        int layers = widths.length;
        int n = inputWidth(layers);
        int w = weightOffsets[layers];
        int b = biasOffsets[layers];
        for (int h = 0; h < heads; h++) {
            double z = p[b + h];
            int row = w + h * n;
            for (int j = 0; j < n; j++) {
                z += p[row + j] * last[j];
            }
            logits[h] = z;
        }
    }

    /**
     * Backpropagates {@code dLogits} (the gradient of some scalar with respect to each head's
     * logit) through the activations {@link #forward} left in {@code ws}, into {@code grad}: the
     * gradient with respect to every parameter.
     */
    void backward(
            double[] p,
            double[] x,
            ScoringWorkspace ws,
            double[] dLogits,
            double[] grad,
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
            grad[hb + h] = d;
            for (int j = 0; j < n; j++) {
                grad[row + j] = d * last[j];
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
            System.arraycopy(delta, 0, grad, biasOffsets[l], out);
            for (int o = 0; o < out; o++) {
                double d = delta[o];
                int row = w + o * in;
                for (int j = 0; j < in; j++) {
                    grad[row + j] = d * a[j];
                }
            }
            if (l == 0) {
                break;
            }
            Arrays.fill(below, 0, in, 0.0);
            for (int o = 0; o < out; o++) {
                double d = delta[o];
                // A dead ReLU or saturated hardsigmoid unit passes nothing down; skipping it is
                // exact and saves a row.
                if (d != 0.0) {
                    axpy(d, p, w + o * in, below, in);
                }
            }
            double[] above = delta;
            delta = below;
            below = above;
        }
    }

    /** {@code y[j] += d·w[off+j]} for {@code j < n}. */
    private static void axpy(double d, double[] w, int off, double[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] += d * w[off + j];
        }
    }
}
