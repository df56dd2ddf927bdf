package io.streamscorer.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A reproducible stream of card-payment feature vectors with fraud labels, for the demo and the
 * learning benchmarks. Features follow plausible distributions (log amounts, hour of day on the
 * unit circle, merchant risk, card age, velocity counts, flags); each label is drawn from a
 * ground-truth logistic model whose bias is calibrated to the requested positive rate. Optional
 * noise features pad the vector, and an optional concept drift changes the ground truth at a given
 * event, as fraud patterns change when fraudsters adapt.
 *
 * <p>Not thread-safe: one stream per producing thread.
 */
public final class SyntheticFraudStream {
    /** The named features every stream has, in order. */
    public static final List<String> BASE_FEATURES =
            List.of(
                    "amount_log",
                    "hour_sin",
                    "hour_cos",
                    "merchant_risk",
                    "card_age_days_log",
                    "txn_count_1h",
                    "txn_count_24h",
                    "distance_km_log",
                    "is_foreign",
                    "card_present",
                    "new_device",
                    "failed_logins_24h");

    private static final double[] TRUE_WEIGHTS = {
        0.9, -0.3, 0.5, 2.5, -0.6, 0.45, 0.08, 0.5, 1.2, -1.4, 1.6, 0.7
    };
    // After the drift: foreign and card-present fraud fade, device and velocity fraud grow.
    private static final double[] DRIFTED_WEIGHTS = {
        0.4, 0.2, -0.4, 1.0, -0.9, 1.2, 0.2, 0.1, -0.6, -0.3, 2.6, 1.3
    };
    private static final int CALIBRATION_SAMPLES = 20_000;

    private final SplittableRandom random;
    private final List<String> names;
    private final double[] weights;
    private final double[] driftedWeights;
    private final long driftAt;
    private final double bias;
    private final double driftedBias;
    private long emitted;

    /** One generated event: its features, its label and the ground-truth probability. */
    public record Sample(Map<String, Double> features, boolean fraud, double trueProbability) {}

    /**
     * A stream of the 12 base features at the given positive rate, without drift.
     *
     * @param seed fixes the whole sequence
     * @param positiveRate wanted share of fraud labels, in (0, 0.5]
     */
    public SyntheticFraudStream(long seed, double positiveRate) {
        this(seed, positiveRate, BASE_FEATURES.size(), Long.MAX_VALUE);
    }

    /**
     * A stream with {@code featureCount} features (the base ones, then {@code noise_k} features
     * that carry a little signal) and a concept drift after {@code driftAt} events.
     */
    public SyntheticFraudStream(long seed, double positiveRate, int featureCount, long driftAt) {
        if (positiveRate <= 0 || positiveRate > 0.5) {
            throw new IllegalArgumentException(
                    "positiveRate must be in (0, 0.5], got " + positiveRate);
        }
        if (featureCount < BASE_FEATURES.size()) {
            throw new IllegalArgumentException(
                    "featureCount must be at least "
                            + BASE_FEATURES.size()
                            + ", got "
                            + featureCount);
        }
        this.random = new SplittableRandom(seed);
        this.names = new ArrayList<>(BASE_FEATURES);
        this.weights = new double[featureCount];
        this.driftedWeights = new double[featureCount];
        System.arraycopy(TRUE_WEIGHTS, 0, weights, 0, TRUE_WEIGHTS.length);
        System.arraycopy(DRIFTED_WEIGHTS, 0, driftedWeights, 0, DRIFTED_WEIGHTS.length);
        SplittableRandom noiseWeights = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = BASE_FEATURES.size(); i < featureCount; i++) {
            names.add("noise_" + (i - BASE_FEATURES.size()));
            weights[i] = noiseWeights.nextDouble(-0.3, 0.3);
            driftedWeights[i] = noiseWeights.nextDouble(-0.3, 0.3);
        }
        this.driftAt = driftAt;
        SplittableRandom calibration = new SplittableRandom(seed + 1);
        double[][] xs = new double[CALIBRATION_SAMPLES][];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = draw(calibration, featureCount);
        }
        this.bias = calibrate(xs, weights, positiveRate);
        this.driftedBias = calibrate(xs, driftedWeights, positiveRate);
    }

    /** The feature names, in the order of {@link #nextVector(double[])}. */
    public List<String> featureNames() {
        return List.copyOf(names);
    }

    /** The next event as a name → value map. */
    public Sample next() {
        double[] x = draw(random, weights.length);
        double p = trueProbability(x);
        boolean fraud = random.nextDouble() < p;
        Map<String, Double> features = new LinkedHashMap<>();
        for (int i = 0; i < x.length; i++) {
            features.put(names.get(i), x[i]);
        }
        return new Sample(features, fraud, p);
    }

    /**
     * The next event written densely into {@code x} (length {@code featureCount}), for benchmarks
     * that need no maps.
     *
     * @return the label: 1 for fraud, 0 otherwise
     */
    public int nextVector(double[] x) {
        double[] drawn = draw(random, weights.length);
        System.arraycopy(drawn, 0, x, 0, drawn.length);
        return random.nextDouble() < trueProbability(drawn) ? 1 : 0;
    }

    private double trueProbability(double[] x) {
        boolean drifted = emitted++ >= driftAt;
        double[] w = drifted ? driftedWeights : weights;
        double z = drifted ? driftedBias : bias;
        for (int i = 0; i < x.length; i++) {
            z += w[i] * x[i];
        }
        return 1.0 / (1.0 + Math.exp(-z));
    }

    private static double[] draw(SplittableRandom r, int featureCount) {
        double[] x = new double[featureCount];
        double hour = r.nextDouble(24.0);
        x[0] = 3.5 + 1.1 * gaussian(r);
        x[1] = Math.sin(2 * Math.PI * hour / 24);
        x[2] = Math.cos(2 * Math.PI * hour / 24);
        x[3] = r.nextDouble() * r.nextDouble();
        x[4] = 5.5 + 1.2 * gaussian(r);
        x[5] = poisson(r, 0.6);
        x[6] = poisson(r, 4.0);
        x[7] = 2.5 + 1.3 * gaussian(r);
        x[8] = r.nextDouble() < 0.07 ? 1 : 0;
        x[9] = r.nextDouble() < 0.55 ? 1 : 0;
        x[10] = r.nextDouble() < 0.05 ? 1 : 0;
        x[11] = poisson(r, 0.2);
        for (int i = BASE_FEATURES.size(); i < featureCount; i++) {
            x[i] = gaussian(r);
        }
        return x;
    }

    private static double calibrate(double[][] xs, double[] w, double rate) {
        double lo = -40;
        double hi = 20;
        for (int iter = 0; iter < 60; iter++) {
            double mid = (lo + hi) / 2;
            double sum = 0;
            for (double[] x : xs) {
                double z = mid;
                for (int i = 0; i < x.length; i++) {
                    z += w[i] * x[i];
                }
                sum += 1.0 / (1.0 + Math.exp(-z));
            }
            if (sum / xs.length > rate) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return (lo + hi) / 2;
    }

    private static double gaussian(SplittableRandom r) {
        // Box–Muller; SplittableRandom has no nextGaussian on Java 17.
        double u = 1.0 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static int poisson(SplittableRandom r, double mean) {
        double limit = Math.exp(-mean);
        double product = r.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= r.nextDouble();
            k++;
        }
        return k;
    }
}
