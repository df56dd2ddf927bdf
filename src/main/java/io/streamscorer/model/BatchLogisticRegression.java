package io.streamscorer.model;

import java.util.Arrays;

/**
 * Offline L2-regularised binary logistic regression fitted by Newton's method (iteratively
 * reweighted least squares), the ceiling the online learners are measured against.
 *
 * <p>It minimises {@code Σ_i ℓ(w·x_i + b, y_i) + (λ2/2)·‖w‖²} with {@code ℓ} the log-loss and the
 * bias unregularised, which is scikit-learn's {@code LogisticRegression(C = 1/λ2)}. Each iteration
 * solves {@code H·Δ = ∇f} with {@code H = Xᵀ·diag(p(1−p))·X + λ2·I} by a Cholesky factorisation and
 * takes the longest step {@code 2^−k} that satisfies Armijo's sufficient-decrease condition (Boyd
 * &amp; Vandenberghe, "Convex Optimization", 2004, §9.5, Algorithm 9.5 with backtracking line
 * search; IRLS for logistic regression: Hastie, Tibshirani &amp; Friedman, "The Elements of
 * Statistical Learning", 2nd ed., §4.4.1). It stops, after one last full step, when half the
 * squared Newton decrement {@code ∇fᵀ·H⁻¹·∇f / 2} falls below the tolerance times the objective (or
 * times 1, if the objective is smaller).
 */
public final class BatchLogisticRegression {
    private static final int DEFAULT_MAX_ITERATIONS = 100;
    private static final double DEFAULT_TOLERANCE = 1e-12;

    private BatchLogisticRegression() {}

    /** Fits with at most 100 Newton iterations and a decrement tolerance of 1e-12. */
    public static Fit fit(double[][] x, int[] y, double l2) {
        return fit(x, y, l2, DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE);
    }

    /**
     * Fits weights and bias to rows {@code x} (all the same length) with labels {@code y} (0 or 1).
     *
     * @param l2 the L2 strength {@code λ2 >= 0}; 0 on separable data does not converge
     * @param maxIterations the most Newton iterations to run
     * @param tolerance stop once {@code ∇fᵀ·H⁻¹·∇f / 2} is below this times {@code max(1, f)}
     */
    public static Fit fit(double[][] x, int[] y, double l2, int maxIterations, double tolerance) {
        return fit(
                x,
                y,
                l2,
                new double[x.length == 0 ? 1 : x[0].length + 1],
                maxIterations,
                tolerance);
    }

    /**
     * Fits again, starting from {@code start} rather than from zero: after a few rows are added to
     * those {@code start} was fitted on, Newton's method needs only an iteration or two. Same
     * optimum, iteration cap and tolerance as {@link #fit(double[][], int[], double)}.
     */
    public static Fit refit(double[][] x, int[] y, double l2, Fit start) {
        return fit(x, y, l2, start.theta.clone(), DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE);
    }

    private static Fit fit(
            double[][] x, int[] y, double l2, double[] theta, int maxIterations, double tolerance) {
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException(
                    "Need as many labels as rows, and at least one; got "
                            + x.length
                            + " rows and "
                            + y.length
                            + " labels");
        }
        if (!(l2 >= 0 && Double.isFinite(l2))) {
            throw new IllegalArgumentException("l2 must be finite and >= 0, got " + l2);
        }
        int dim = x[0].length;
        for (int r = 0; r < x.length; r++) {
            if (x[r].length != dim) {
                throw new IllegalArgumentException(
                        "Row " + r + " has " + x[r].length + " features; row 0 has " + dim);
            }
            if (y[r] != 0 && y[r] != 1) {
                throw new IllegalArgumentException(
                        "Label of row " + r + " must be 0 or 1, got " + y[r]);
            }
        }
        int n = dim + 1;
        if (theta.length != n) {
            throw new IllegalArgumentException(
                    "A start for "
                            + dim
                            + " features needs "
                            + n
                            + " parameters, got "
                            + theta.length);
        }
        double[] gradient = new double[n];
        double[][] hessian = new double[n][n];
        double[] step = new double[n];
        double[] candidate = new double[n];
        double objective = objective(x, y, l2, theta);
        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            derivatives(x, y, l2, theta, gradient, hessian);
            solve(hessian, gradient, step);
            double decrement = 0;
            for (int i = 0; i < n; i++) {
                decrement += gradient[i] * step[i];
            }
            // Relative to the objective: a sum over thousands of rows carries rounding noise
            // larger than any fixed tolerance, which no line search can get below.
            if (decrement / 2 < tolerance * Math.max(1.0, objective)) {
                // Inside the quadratic-convergence region a last full step is free and squares
                // the remaining error.
                for (int i = 0; i < n; i++) {
                    theta[i] -= step[i];
                }
                return new Fit(theta, iteration, true, objective(x, y, l2, theta));
            }
            double size = 1.0;
            double next;
            while (true) {
                for (int i = 0; i < n; i++) {
                    candidate[i] = theta[i] - size * step[i];
                }
                next = objective(x, y, l2, candidate);
                if (next <= objective - 0.25 * size * decrement || size < 1e-10) {
                    break;
                }
                size /= 2;
            }
            System.arraycopy(candidate, 0, theta, 0, n);
            objective = next;
        }
        return new Fit(theta, maxIterations, false, objective);
    }

    private static double objective(double[][] x, int[] y, double l2, double[] theta) {
        int dim = theta.length - 1;
        double f = 0;
        for (int r = 0; r < x.length; r++) {
            f += Sigmoid.logLoss(logit(theta, x[r]), y[r]);
        }
        double squared = 0;
        for (int i = 0; i < dim; i++) {
            squared += theta[i] * theta[i];
        }
        return f + 0.5 * l2 * squared;
    }

    private static void derivatives(
            double[][] x, int[] y, double l2, double[] theta, double[] gradient, double[][] h) {
        int dim = theta.length - 1;
        Arrays.fill(gradient, 0.0);
        for (double[] row : h) {
            Arrays.fill(row, 0.0);
        }
        for (int r = 0; r < x.length; r++) {
            double[] xr = x[r];
            double p = Sigmoid.sigmoid(logit(theta, xr));
            double residual = p - y[r];
            double curvature = p * (1 - p);
            for (int i = 0; i < dim; i++) {
                gradient[i] += residual * xr[i];
                double ci = curvature * xr[i];
                for (int j = 0; j <= i; j++) {
                    h[i][j] += ci * xr[j];
                }
                h[dim][i] += ci;
            }
            gradient[dim] += residual;
            h[dim][dim] += curvature;
        }
        for (int i = 0; i < dim; i++) {
            gradient[i] += l2 * theta[i];
            h[i][i] += l2;
        }
        for (int i = 0; i <= dim; i++) {
            for (int j = 0; j < i; j++) {
                h[j][i] = h[i][j];
            }
        }
    }

    /**
     * Solves {@code a·out = b} for symmetric positive semi-definite {@code a} by Cholesky; if a
     * pivot is not positive (separable or collinear data without L2), a growing ridge is added to
     * the diagonal, which keeps the step a descent direction.
     */
    private static void solve(double[][] a, double[] b, double[] out) {
        int n = b.length;
        double largest = 0;
        for (int i = 0; i < n; i++) {
            largest = Math.max(largest, a[i][i]);
        }
        double ridge = 0;
        double[][] l = new double[n][n];
        while (!cholesky(a, ridge, l)) {
            ridge = ridge == 0 ? Math.max(largest, 1.0) * 1e-12 : ridge * 100;
        }
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * out[k];
            }
            out[i] = s / l[i][i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = out[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * out[k];
            }
            out[i] = s / l[i][i];
        }
    }

    private static boolean cholesky(double[][] a, double ridge, double[][] l) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j] + (i == j ? ridge : 0);
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        return false;
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return true;
    }

    private static double logit(double[] theta, double[] x) {
        int dim = theta.length - 1;
        double z = theta[dim];
        for (int i = 0; i < dim; i++) {
            z += theta[i] * x[i];
        }
        return z;
    }

    /** A fitted model: weights, bias, and how the fit went. */
    public static final class Fit {
        private final double[] theta;
        private final int iterations;
        private final boolean converged;
        private final double objective;

        private Fit(double[] theta, int iterations, boolean converged, double objective) {
            this.theta = theta.clone();
            this.iterations = iterations;
            this.converged = converged;
            this.objective = objective;
        }

        /** A copy of the weights. */
        public double[] weights() {
            return Arrays.copyOf(theta, theta.length - 1);
        }

        /** The bias. */
        public double bias() {
            return theta[theta.length - 1];
        }

        /** {@code w·x + b}. */
        public double logit(double[] x) {
            return BatchLogisticRegression.logit(theta, x);
        }

        /** Newton iterations taken. */
        public int iterations() {
            return iterations;
        }

        /** Whether the Newton decrement fell below the tolerance. */
        public boolean converged() {
            return converged;
        }

        /** The final value of the regularised objective. */
        public double objective() {
            return objective;
        }
    }
}
