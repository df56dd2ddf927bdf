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
    private static final long POSITIVE_INFINITY_BITS =
            Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);

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
     * The parameters {@code p} laid out for {@link #forwardTransposed} and {@link #inputGradients}.
     */
    ScoringWeights transposed(double[] p) {
        return new ScoringWeights(this, p);
    }

    /**
     * {@link #forward} over {@link #transposed} parameters, for scoring: each input adds its column
     * to all units at once, a loop the JIT compiles to SIMD instructions, where a row-by-row dot
     * product is one chain of dependent additions. Every unit still adds its terms in input order,
     * so the result is bit-for-bit {@link #forward}'s.
     *
     * <p>The heads skip the last layer's zero activations (dead ReLU units): a zero term leaves a
     * sum unchanged unless the sum is −0.0, which it can only be if the head's bias is −0.0, so
     * {@link ScoringWeights#skipsZeroActivations} is false for such a head.
     */
    void forwardTransposed(ScoringWeights t, double[] x, ScoringWorkspace ws, double[] logits) {
        double[] in = x;
        for (int l = 0; l < widths.length; l++) {
            double[] pre = ws.pre[l];
            int out = widths[l];
            System.arraycopy(t.parameters, biasOffsets[l], pre, 0, out);
            addColumns(pre, out, t.columns[l], in, inputWidth(l));
            activate(l, ws, false);
            in = ws.post[l];
        }
        int n = inputWidth(widths.length);
        int[] live = ws.live;
        int count = 0;
        if (t.skipsZeroActivations) {
            for (int j = 0; j < n; j++) {
                live[count] = j;
                count += nonZero(in[j]);
            }
        } else {
            System.arraycopy(t.ascending, 0, live, 0, n);
            count = n;
        }
        liveHeads(t.parameters, in, live, count, logits);
    }

    /**
     * {@link #heads} over the units {@code live[0..count)} only. Two heads share a pass: each
     * head's sum is one chain of dependent additions, bound by the adder's latency, and two chains
     * side by side take the time of one.
     */
    private void liveHeads(double[] p, double[] last, int[] live, int count, double[] logits) {
        int layers = widths.length;
        int n = inputWidth(layers);
        int w = weightOffsets[layers];
        int b = biasOffsets[layers];
        int h = 0;
        for (; h + 2 <= heads; h += 2) {
            double z0 = p[b + h];
            double z1 = p[b + h + 1];
            int row0 = w + h * n;
            int row1 = row0 + n;
            for (int k = 0; k < count; k++) {
                int j = live[k];
                double a = last[j];
                z0 += p[row0 + j] * a;
                z1 += p[row1 + j] * a;
            }
            logits[h] = z0;
            logits[h + 1] = z1;
        }
        if (h < heads) {
            double z = p[b + h];
            int row = w + h * n;
            for (int k = 0; k < count; k++) {
                int j = live[k];
                z += p[row + j] * last[j];
            }
            logits[h] = z;
        }
    }

    /**
     * Every head's logit gradient with respect to the input, {@code gradients[h][i] = ∂z_h/∂x_i},
     * through the activations {@link #forwardTransposed} left in {@code ws}: for each head the
     * numbers {@link #backward} gives for a one-hot {@code dLogits}, without any parameter's
     * gradient. The heads go down together so that each live unit's row is read once for all of
     * them: reading the rows, not the arithmetic, bounds this pass.
     */
    void inputGradients(ScoringWeights t, ScoringWorkspace ws, double[][] gradients) {
        int layers = widths.length;
        int n = inputWidth(layers);
        double[][] delta = ws.headDeltas;
        double[][] below = ws.headDeltasBelow;
        for (int h = 0; h < heads; h++) {
            // backward adds the head's row to zeros; a copy differs only in the sign of a zero,
            // and units whose delta is zero add nothing below.
            System.arraycopy(t.parameters, weightOffsets[layers] + h * n, delta[h], 0, n);
        }
        int[] live = ws.live;
        for (int l = layers - 1; l >= 0; l--) {
            int out = widths[l];
            int count;
            if (activations[l] == Activation.RELU) {
                // Its derivative is 1 on the live units and 0 elsewhere: those deltas are kept
                // as they are (d·1.0 == d) and the others skipped, which backward does too.
                count = positiveUnits(ws.pre[l], out, live);
            } else {
                for (int h = 0; h < heads; h++) {
                    activations[l].scaleByDerivative(delta[h], ws.pre[l], ws.post[l], out, false);
                }
                count = liveUnits(delta, out, live);
            }
            int in = inputWidth(l);
            double[][] target = l > 0 ? below : gradients;
            for (int h = 0; h < heads; h++) {
                Arrays.fill(target[h], 0, in, 0.0);
            }
            addRows(target, in, t.rows[l], delta, heads, live, count);
            below = delta;
            delta = target;
        }
    }

    /**
     * Writes to {@code live} the units {@code o < out} whose delta is not zero for some head, in
     * order, and returns how many. A unit included for one head adds {@code ±0.0} to the others'
     * sums, which changes nothing: they start at {@code +0.0}, and a sum that does can never become
     * {@code −0.0}.
     */
    private int liveUnits(double[][] delta, int out, int[] live) {
        int count = 0;
        for (int o = 0; o < out; o++) {
            long magnitudes = 0;
            for (int h = 0; h < heads; h++) {
                magnitudes |= Double.doubleToRawLongBits(delta[h][o]) << 1;
            }
            live[count] = o;
            count += (int) ((magnitudes | -magnitudes) >>> 63);
        }
        return count;
    }

    /** Writes to {@code live} the units {@code o < out} with {@code z[o] > 0}, in order. */
    private static int positiveUnits(double[] z, int out, int[] live) {
        int count = 0;
        for (int o = 0; o < out; o++) {
            // z > 0 exactly when its bits, as a long, are in (0, +∞]: −0.0 and the negatives
            // are negative longs, NaNs above +∞. Arithmetic, not a comparison, because a
            // branch here is mispredicted for half the units: which are live changes with
            // every event.
            long bits = Double.doubleToRawLongBits(z[o]);
            live[count] = o;
            count += (int) (~((bits - 1) | (POSITIVE_INFINITY_BITS - bits)) >>> 63);
        }
        return count;
    }

    /** 1 if {@code a} is not {@code ±0.0} (NaN included), else 0, without a branch. */
    private static int nonZero(double a) {
        long magnitude = Double.doubleToRawLongBits(a) << 1;
        return (int) ((magnitude | -magnitude) >>> 63);
    }

    /** {@code y[i] += Σ_j a[j]·columns[j][i]} for {@code i < n}, over {@code j < m} in order. */
    private static void addColumns(double[] y, int n, double[][] columns, double[] a, int m) {
        int j = 0;
        for (; j + 4 <= m; j += 4) {
            addFour(
                    y,
                    n,
                    a[j],
                    columns[j],
                    a[j + 1],
                    columns[j + 1],
                    a[j + 2],
                    columns[j + 2],
                    a[j + 3],
                    columns[j + 3]);
        }
        for (; j < m; j++) {
            addOne(y, n, a[j], columns[j]);
        }
    }

    /**
     * {@code y[h][i] += Σ_k d[h][o]·rows[o][i]} for {@code i < n} and every head {@code h}, over
     * the units {@code o} of {@code live[0..count)} in order. Every head takes the same four rows
     * before the next four, so they are read from memory once and from the L1 cache for the other
     * heads.
     */
    private static void addRows(
            double[][] y, int n, double[][] rows, double[][] d, int heads, int[] live, int count) {
        int k = 0;
        for (; k + 4 <= count; k += 4) {
            int o0 = live[k];
            int o1 = live[k + 1];
            int o2 = live[k + 2];
            int o3 = live[k + 3];
            for (int h = 0; h < heads; h++) {
                double[] dh = d[h];
                addFour(
                        y[h], n, dh[o0], rows[o0], dh[o1], rows[o1], dh[o2], rows[o2], dh[o3],
                        rows[o3]);
            }
        }
        for (; k < count; k++) {
            int o = live[k];
            for (int h = 0; h < heads; h++) {
                addOne(y[h], n, d[h][o], rows[o]);
            }
        }
    }

    /**
     * {@code y[i] = (((y[i] + c0·v0[i]) + c1·v1[i]) + c2·v2[i]) + c3·v3[i]} for {@code i < n}: the
     * order four {@link #addOne} calls would add in, with {@code y} loaded and stored once instead
     * of four times. Eight terms are no faster, and their loop body exceeds C2's default unroll
     * limit, which leaves it scalar.
     */
    private static void addFour(
            double[] y,
            int n,
            double c0,
            double[] v0,
            double c1,
            double[] v1,
            double c2,
            double[] v2,
            double c3,
            double[] v3) {
        for (int i = 0; i < n; i++) {
            y[i] = (((y[i] + c0 * v0[i]) + c1 * v1[i]) + c2 * v2[i]) + c3 * v3[i];
        }
    }

    /** {@code y[i] += c·v[i]} for {@code i < n}. */
    private static void addOne(double[] y, int n, double c, double[] v) {
        for (int i = 0; i < n; i++) {
            y[i] += c * v[i];
        }
    }

    private void activate(int l, ScoringWorkspace ws, boolean strict) {
        activations[l].applyAll(ws.pre[l], ws.post[l], widths[l], strict);
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
            int out = widths[l];
            activations[l].scaleByDerivative(delta, ws.pre[l], ws.post[l], out, strict);
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
