package io.streamscorer.model;

/**
 * A {@link DenseNetwork}'s parameters laid out for scoring: every hidden layer's weights both as
 * one array per input (its column: the weights from that input to every unit) for the forward pass
 * and as one array per unit (its row) for reason codes, beside the flat parameters the biases and
 * heads are read from.
 *
 * <p>Separate arrays rather than offsets into one flat array because C2 on Java 17 compiles {@code
 * y[i] += a·v[i]} to SIMD instructions when {@code v} and {@code y} are indexed alike, but not when
 * {@code v} is read at an offset into a larger array: the same loop over the flat layout runs at
 * scalar speed (docs/benchmarks.md has the figures). The copies cost twice the hidden weights'
 * memory per model version, 128 KiB for the 64-128-2 network.
 */
final class ScoringWeights {
    final double[] parameters;
    // [layer][input][unit] and [layer][unit][input].
    final double[][][] columns;
    final double[][][] rows;
    // 0, 1, 2, …: the heads' terms when they cannot skip zero activations.
    final int[] ascending;
    // False when a head's bias is −0.0, the one sum a zero term would change (to +0.0).
    final boolean skipsZeroActivations;

    ScoringWeights(DenseNetwork network, double[] parameters) {
        this.parameters = parameters;
        int layers = network.layers();
        this.columns = new double[layers][][];
        this.rows = new double[layers][][];
        for (int l = 0; l < layers; l++) {
            int n = network.inputWidth(l);
            int out = network.outputWidth(l);
            int w = network.weightOffset(l);
            double[][] byInput = new double[n][out];
            double[][] byUnit = new double[out][n];
            for (int o = 0; o < out; o++) {
                System.arraycopy(parameters, w + o * n, byUnit[o], 0, n);
                for (int j = 0; j < n; j++) {
                    byInput[j][o] = byUnit[o][j];
                }
            }
            columns[l] = byInput;
            rows[l] = byUnit;
        }
        boolean negativeZeroBias = false;
        for (int h = 0; h < network.heads(); h++) {
            double bias = parameters[network.biasOffset(layers) + h];
            negativeZeroBias |= Double.doubleToRawLongBits(bias) == Long.MIN_VALUE;
        }
        this.skipsZeroActivations = !negativeZeroBias;
        this.ascending = new int[network.widest()];
        for (int i = 0; i < ascending.length; i++) {
            ascending[i] = i;
        }
    }
}
