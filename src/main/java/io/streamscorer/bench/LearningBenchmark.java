package io.streamscorer.bench;

import io.streamscorer.local.SyntheticFraudStream;
import io.streamscorer.model.BatchLogisticRegression;
import io.streamscorer.model.LearnerSettings;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.OnlineLogisticLearner;
import io.streamscorer.model.UpdateResult;
import java.util.Arrays;
import java.util.List;

/**
 * Measures how well the online learners learn, through the same {@link OnlineLogisticLearner} code
 * the scorer runs.
 *
 * <ul>
 *   <li>{@link #replay}: a dataset replayed in file order with progressive validation (each row is
 *       scored, then learned), features standardised online with a {@link RunningStandardizer}.
 *   <li>{@link #ceiling}: the offline reference, an L2 logistic regression ({@code λ2 = 1}, i.e.
 *       scikit-learn's default {@code C = 1}) fitted by Newton's method on the first 70% of rows,
 *       standardised with those rows' statistics, and measured on the last 30%.
 *   <li>{@link #drift}: a {@link SyntheticFraudStream} (1% positives, 30 features, concept drift
 *       half way): the progressive log-loss in a sliding window before the drift, and how many
 *       events after it the window needs to get back to that level.
 * </ul>
 */
public final class LearningBenchmark {
    /** Share of rows the ceiling trains on; the rest is the shared test segment. */
    public static final double TRAIN_SHARE = 0.7;

    /** L2 strength of the offline ceiling, on the summed log-loss. */
    public static final double CEILING_L2 = 1.0;

    /** Positive rate of the synthetic stream. */
    public static final double SYNTHETIC_POSITIVE_RATE = 0.01;

    /** Features of the synthetic stream. */
    public static final int SYNTHETIC_FEATURES = 30;

    private LearningBenchmark() {}

    /** Progressive-validation figures of one optimizer on one dataset. */
    public record ReplayResult(
            String dataset,
            String optimizer,
            int rows,
            double logLoss,
            double logLossLast30,
            double auc,
            double aucLast30,
            double accuracy,
            double accuracyLast30,
            long refused,
            long weightChangesClipped) {}

    /**
     * The offline ceiling's figures on the last 30% of a dataset; {@code iterations} and {@code
     * converged} cover every fit made.
     */
    public record CeilingResult(
            String dataset,
            int trainRows,
            int testRows,
            double logLoss,
            double auc,
            double accuracy,
            int iterations,
            boolean converged) {
        /** The figures of {@code log}, which scored every one of the {@code testRows}. */
        static CeilingResult of(
                String dataset,
                int trainRows,
                int testRows,
                ScoreLog log,
                int iterations,
                boolean converged) {
            return new CeilingResult(
                    dataset,
                    trainRows,
                    testRows,
                    log.meanLogLoss(0, testRows),
                    log.auc(0, testRows),
                    log.accuracy(0, testRows),
                    iterations,
                    converged);
        }
    }

    /**
     * Drift figures of one optimizer on one synthetic stream: {@code overallLogLoss} is the mean
     * progressive log-loss of the whole stream. Window means are over {@code window} events; {@code
     * recoveryEvents} is the number of events after the drift at which the window of post-drift
     * events first has a mean log-loss at or below {@code preDriftLogLoss}, or -1 if it never does.
     * The Bayes figures are the log-loss of the generator's true probabilities over the same
     * stretches: the best any model could do, which moves with the drift. {@code
     * regretRecoveryEvents} applies the same rule to the excess over Bayes, which is not moved by
     * the change in how hard the problem is.
     */
    public record DriftResult(
            String optimizer,
            long seed,
            int events,
            int driftAt,
            int window,
            double overallLogLoss,
            double preDriftLogLoss,
            double bayesPreDrift,
            double peakLogLossAfterDrift,
            int recoveryEvents,
            double bayesPostDrift,
            double finalLogLoss,
            int regretRecoveryEvents) {}

    /**
     * Replays {@code data} in file order through a learner with {@code settings}, features
     * standardised online.
     */
    public static ReplayResult replay(CsvDataset data, String optimizer, LearnerSettings settings) {
        return replay(data, optimizer, settings, Scaling.ONLINE);
    }

    /**
     * Replays {@code data} in file order through a learner, features scaled as {@code scaling}
     * says.
     */
    public static ReplayResult replay(
            CsvDataset data, String optimizer, LearnerSettings settings, Scaling scaling) {
        int dim = data.dimension();
        LogisticModel zero =
                LogisticModel.builder(data.name(), new ModelVersion(0, 0))
                        .features(data.featureNames())
                        .head("label", new double[dim], 0, 0.5)
                        .build();
        OnlineLogisticLearner learner = OnlineLogisticLearner.startFrom(zero, settings);
        RunningStandardizer standardizer = new RunningStandardizer(dim);
        double[][] trainScale = scaling == Scaling.TRAIN ? trainStatistics(data) : null;
        ScoreLog log = new ScoreLog(data.size());
        double[] x = new double[dim];
        for (int r = 0; r < data.size(); r++) {
            if (trainScale == null) {
                standardizer.observeAndStandardize(data.rowView(r), x);
            } else {
                x = standardize(data.rowView(r), trainScale[0], trainScale[1]);
            }
            UpdateResult result = learner.learn(x, 0, data.label(r), 1.0);
            log.add(result.logit(0), data.label(r));
        }
        int n = data.size();
        int split = split(n);
        return new ReplayResult(
                data.name(),
                optimizer,
                n,
                log.meanLogLoss(0, n),
                log.meanLogLoss(split, n),
                log.auc(0, n),
                log.auc(split, n),
                log.accuracy(0, n),
                log.accuracy(split, n),
                learner.updatesRefused(),
                learner.weightChangesClipped());
    }

    /** Means (row 0) and standard deviations (row 1) of the first 70% of {@code data}. */
    static double[][] trainStatistics(CsvDataset data) {
        int split = split(data.size());
        int dim = data.dimension();
        double[] mean = new double[dim];
        double[] sd = new double[dim];
        for (int r = 0; r < split; r++) {
            double[] row = data.rowView(r);
            for (int i = 0; i < dim; i++) {
                mean[i] += row[i] / split;
            }
        }
        for (int r = 0; r < split; r++) {
            double[] row = data.rowView(r);
            for (int i = 0; i < dim; i++) {
                sd[i] += (row[i] - mean[i]) * (row[i] - mean[i]) / split;
            }
        }
        for (int i = 0; i < dim; i++) {
            // A column constant in training carries nothing the fit can use; keep it centred.
            sd[i] = sd[i] > 0 ? Math.sqrt(sd[i]) : 1.0;
        }
        return new double[][] {mean, sd};
    }

    /** Fits the offline ceiling on the first 70% of {@code data} and scores the last 30%. */
    public static CeilingResult ceiling(CsvDataset data) {
        int n = data.size();
        int split = split(n);
        double[][] scale = trainStatistics(data);
        double[] mean = scale[0];
        double[] sd = scale[1];
        double[][] train = new double[split][];
        int[] trainLabels = new int[split];
        for (int r = 0; r < split; r++) {
            train[r] = standardize(data.rowView(r), mean, sd);
            trainLabels[r] = data.label(r);
        }
        BatchLogisticRegression.Fit fit =
                BatchLogisticRegression.fit(train, trainLabels, CEILING_L2);
        ScoreLog log = new ScoreLog(n - split);
        for (int r = split; r < n; r++) {
            log.add(fit.logit(standardize(data.rowView(r), mean, sd)), data.label(r));
        }
        return CeilingResult.of(
                data.name(), split, n - split, log, fit.iterations(), fit.converged());
    }

    /**
     * The refit bound: before each row of the last 30%, the ceiling's regression is fitted again on
     * every earlier row (warm-started from the previous fit), then scores the row. This is the
     * progressive log-loss of an "online learner" that keeps every row and solves the batch problem
     * exactly at every step, the most any single-pass learner with the same prior can hope for; on
     * small datasets it can be above the ceiling, whose test rows all meet one fit. Costs one
     * Newton fit per test row, so it is only run when asked.
     */
    public static CeilingResult refitBound(CsvDataset data) {
        int n = data.size();
        int split = split(n);
        double[][] scale = trainStatistics(data);
        double[][] rows = new double[n][];
        int[] labels = new int[n];
        for (int r = 0; r < n; r++) {
            rows[r] = standardize(data.rowView(r), scale[0], scale[1]);
            labels[r] = data.label(r);
        }
        BatchLogisticRegression.Fit fit =
                BatchLogisticRegression.fit(
                        Arrays.copyOf(rows, split), Arrays.copyOf(labels, split), CEILING_L2);
        int iterations = fit.iterations();
        boolean converged = fit.converged();
        ScoreLog log = new ScoreLog(n - split);
        for (int r = split; r < n; r++) {
            if (r > split) {
                fit =
                        BatchLogisticRegression.refit(
                                Arrays.copyOf(rows, r), Arrays.copyOf(labels, r), CEILING_L2, fit);
                iterations += fit.iterations();
                converged &= fit.converged();
            }
            log.add(fit.logit(rows[r]), labels[r]);
        }
        return CeilingResult.of(data.name(), split, n - split, log, iterations, converged);
    }

    /**
     * Streams {@code events} synthetic payments with a drift after {@code driftAt} through a
     * learner with {@code settings}, features standardised online.
     */
    public static DriftResult drift(
            String optimizer,
            LearnerSettings settings,
            long seed,
            int events,
            int driftAt,
            int window) {
        if (driftAt < window || events - driftAt < window) {
            throw new IllegalArgumentException(
                    "Need a full window of "
                            + window
                            + " events on each side of the drift at "
                            + driftAt
                            + " in "
                            + events
                            + " events");
        }
        SyntheticFraudStream stream =
                new SyntheticFraudStream(
                        seed, SYNTHETIC_POSITIVE_RATE, SYNTHETIC_FEATURES, driftAt);
        LogisticModel zero =
                LogisticModel.builder("synthetic", new ModelVersion(0, 0))
                        .features(stream.featureNames())
                        .head("fraud", new double[SYNTHETIC_FEATURES], 0, 0.5)
                        .build();
        OnlineLogisticLearner learner = OnlineLogisticLearner.startFrom(zero, settings);
        List<String> names = stream.featureNames();
        RunningStandardizer standardizer = new RunningStandardizer(SYNTHETIC_FEATURES);
        double[] raw = new double[SYNTHETIC_FEATURES];
        double[] x = new double[SYNTHETIC_FEATURES];
        double[] loss = new double[events];
        double[] bayes = new double[events];
        for (int t = 0; t < events; t++) {
            SyntheticFraudStream.Sample sample = stream.next();
            for (int i = 0; i < SYNTHETIC_FEATURES; i++) {
                raw[i] = sample.features().get(names.get(i));
            }
            int y = sample.fraud() ? 1 : 0;
            standardizer.observeAndStandardize(raw, x);
            UpdateResult result = learner.learn(x, 0, y, 1.0);
            loss[t] = result.logLoss(0);
            double p = sample.trueProbability();
            bayes[t] = -Math.log(y == 1 ? p : 1 - p);
        }
        double[] regret = new double[events];
        for (int t = 0; t < events; t++) {
            regret[t] = loss[t] - bayes[t];
        }
        double pre = mean(loss, driftAt - window, driftAt);
        double peak = 0;
        for (int end = driftAt + window; end <= events; end++) {
            peak = Math.max(peak, mean(loss, end - window, end));
        }
        return new DriftResult(
                optimizer,
                seed,
                events,
                driftAt,
                window,
                mean(loss, 0, events),
                pre,
                mean(bayes, driftAt - window, driftAt),
                peak,
                recovery(loss, driftAt, window, pre),
                mean(bayes, events - window, events),
                mean(loss, events - window, events),
                recovery(regret, driftAt, window, mean(regret, driftAt - window, driftAt)));
    }

    /**
     * Events after {@code driftAt} until the sliding window of post-drift values first has a mean
     * at or below {@code target}, or -1. The window slides one event at a time, so its sum is kept
     * incrementally.
     */
    static int recovery(double[] values, int driftAt, int window, double target) {
        double sum = 0;
        for (int t = driftAt; t < values.length; t++) {
            sum += values[t];
            if (t - driftAt >= window) {
                sum -= values[t - window];
            }
            if (t - driftAt + 1 >= window && sum / window <= target) {
                return t - driftAt + 1;
            }
        }
        return -1;
    }

    private static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }

    private static int split(int n) {
        return (int) Math.round(n * TRAIN_SHARE);
    }

    private static double[] standardize(double[] row, double[] mean, double[] sd) {
        double[] out = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            out[i] = (row[i] - mean[i]) / sd[i];
        }
        return out;
    }
}
