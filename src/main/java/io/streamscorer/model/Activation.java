package io.streamscorer.model;

import java.util.Locale;

/**
 * The element-wise activation after a hidden dense layer of a {@link NetworkModel}, each defined as
 * PyTorch defines it so that a network trained there scores the same here. The wire name (in model
 * files, {@code ModelSpec} and PyTorch exports) is the lower-case PyTorch module name.
 */
public enum Activation {
    /**
     * {@code max(0, z)} ({@code nn.ReLU}, which also passes NaN through); derivative 0 at {@code z
     * = 0}, as in PyTorch.
     */
    RELU("relu"),
    /** {@code σ(z)} ({@code nn.Sigmoid}), branch-on-sign as {@link Sigmoid#sigmoid}. */
    SIGMOID("sigmoid"),
    /**
     * {@code relu6(z + 3) / 6 = min(max(z + 3, 0), 6) / 6} ({@code nn.Hardsigmoid}); derivative 1/6
     * strictly inside (−3, 3) and 0 elsewhere, as in PyTorch.
     */
    HARDSIGMOID("hardsigmoid"),
    /** {@code z·σ(z)} ({@code nn.SiLU}, also called swish). */
    SILU("silu"),
    /** {@code z}: a purely linear layer. */
    IDENTITY("identity");

    private static final double ONE_SIXTH = 1.0 / 6.0;

    private final String wireName;

    Activation(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in model files and specs, for example {@code "relu"}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The activation called {@code name} (case-insensitive), or null if the scorer has none of that
     * name.
     */
    public static Activation forName(String name) {
        if (name == null) {
            return null;
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Activation a : values()) {
            if (a.wireName.equals(wanted)) {
                return a;
            }
        }
        return null;
    }

    /** The wire names of every supported activation, for error messages. */
    public static String supportedNames() {
        StringBuilder out = new StringBuilder();
        for (Activation a : values()) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(a.wireName);
        }
        return out.toString();
    }

    /** The activation of pre-activation {@code z}. */
    public double apply(double z) {
        return apply(z, false);
    }

    /**
     * The derivative of the activation at pre-activation {@code z}, given its value {@code a =
     * apply(z)}.
     */
    public double derivative(double z, double a) {
        return derivative(z, a, false);
    }

    /**
     * With {@code strict}, the exponentials go through {@link StrictMath}, so a learner's state is
     * bit-for-bit the same on every JVM; scoring uses the faster {@link Math} intrinsics.
     */
    double apply(double z, boolean strict) {
        return switch (this) {
            case RELU -> Math.max(z, 0.0);
            case SIGMOID -> sigmoid(z, strict);
            case HARDSIGMOID -> Math.min(Math.max(z + 3.0, 0.0), 6.0) / 6.0;
            case SILU -> z * sigmoid(z, strict);
            case IDENTITY -> z;
        };
    }

    double derivative(double z, double a, boolean strict) {
        return switch (this) {
            case RELU -> z > 0 ? 1.0 : 0.0;
            case SIGMOID -> a * (1.0 - a);
            case HARDSIGMOID -> z > -3.0 && z < 3.0 ? ONE_SIXTH : 0.0;
            case SILU -> {
                double s = sigmoid(z, strict);
                yield s * (1.0 + z * (1.0 - s));
            }
            case IDENTITY -> 1.0;
        };
    }

    /**
     * {@code post[o] = apply(pre[o])} for {@code o < n}. The activation is chosen once for the
     * layer rather than per unit, which leaves ReLU a plain counted loop C2 vectorises: {@code
     * Math.max} becomes a vector instruction where {@code z > 0 ? z : 0.0} is a branch per unit,
     * mispredicted for half of them since which units are live changes with every event.
     */
    void applyAll(double[] pre, double[] post, int n, boolean strict) {
        if (this == RELU) {
            for (int o = 0; o < n; o++) {
                post[o] = Math.max(pre[o], 0.0);
            }
            return;
        }
        for (int o = 0; o < n; o++) {
            post[o] = apply(pre[o], strict);
        }
    }

    /**
     * {@code delta[o] *= derivative(pre[o], post[o])} for {@code o < n}, the activation chosen once
     * as in {@link #applyAll}.
     */
    void scaleByDerivative(double[] delta, double[] pre, double[] post, int n, boolean strict) {
        if (this == RELU) {
            for (int o = 0; o < n; o++) {
                delta[o] *= pre[o] > 0 ? 1.0 : 0.0;
            }
            return;
        }
        for (int o = 0; o < n; o++) {
            delta[o] *= derivative(pre[o], post[o], strict);
        }
    }

    static double sigmoid(double z, boolean strict) {
        if (!strict) {
            return Sigmoid.sigmoid(z);
        }
        if (z >= 0) {
            return 1.0 / (1.0 + StrictMath.exp(-z));
        }
        double e = StrictMath.exp(z);
        return e / (1.0 + e);
    }
}
