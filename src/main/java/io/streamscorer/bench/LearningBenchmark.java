package io.streamscorer.bench;

import io.streamscorer.local.SyntheticFraudStream;
import io.streamscorer.model.BatchLogisticRegression;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.ScoringModel;
import io.streamscorer.model.ScoringWorkspace;
import io.streamscorer.model.Sigmoid;
import io.streamscorer.topology.LearnerPolicy;
import io.streamscorer.topology.ModelLearning;
import io.streamscorer.topology.ServedModel;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Measures what online learning does for the model a user is served, on the product's own path:
 * rows as producers send them (no preprocessing), through the {@link ModelLearning} the scorer's
 * learn processor runs, built from a {@link LearnerPolicy} of the scorer's configuration, and each
 * row scored by the version being served at that moment, which changes only when the learner
 * publishes one.
 *
 * <ul>
 *   <li>{@link #cold}: learning starts from a zero model, the first version an operator might push
 *       to learn from scratch.
 *   <li>{@link #deployed}: learning starts from an offline L2 logistic regression fitted on the
 *       first half of the rows (standardised, then folded into raw units, as a model file holds
 *       it), the usual path: train offline, push, leave learning on.
 *   <li>{@link #ceiling}: the offline reference, the same regression fitted on the first 70%.
 *   <li>{@link #drift}: a {@link SyntheticFraudStream} whose ground truth changes half way, from a
 *       model deployed on pre-drift events.
 * </ul>
 *
 * <p>Every figure is over the last 30% of the rows, which every run scores and none was fitted on
 * before it was scored.
 */
public final class LearningBenchmark {
    /** Share of rows before the test segment: the ceiling trains on them. */
    public static final double TRAIN_SHARE = 0.7;

    /** Share of rows the deployed model is fitted on. */
    public static final double DEPLOY_SHARE = 0.5;

    /** L2 strength of the offline fits, on the summed log-loss (scikit-learn's {@code C = 1}). */
    public static final double OFFLINE_L2 = 1.0;

    /** Positive rate of the synthetic stream. */
    public static final double SYNTHETIC_POSITIVE_RATE = 0.01;

    /** Features of the synthetic stream. */
    public static final int SYNTHETIC_FEATURES = 30;

    /** The drift target: the served window's log-loss within this ratio of the true model's. */
    public static final double FLOOR_RATIO = 1.10;

    private LearningBenchmark() {}

    /**
     * One replay's figures over the last 30% of the rows.
     *
     * @param dataset the dataset's name
     * @param rows rows in the dataset
     * @param learner the learner's progressive log-loss: each row scored by the working weights
     *     just before it learns the row
     * @param served the log-loss of the versions served when each row arrived
     * @param deployed the deployed model's log-loss, left alone; NaN for a cold start
     * @param published versions the learner published
     * @param held candidates the publish gate held back
     */
    public record Replay(
            String dataset,
            int rows,
            double learner,
            double served,
            double deployed,
            int published,
            int held) {}

    /**
     * One synthetic drift run. Windows are {@code window} events long; a recovery is the number of
     * events after the drift until a window of post-drift events first has a mean log-loss within
     * {@link #FLOOR_RATIO} of the true model's over the same events, or -1.
     *
     * @param seed the stream's seed
     * @param floor the true model's log-loss over the last window
     * @param stale the deployed model's, left alone, over the last window
     * @param served the served versions', over the last window
     * @param servedRecovery events after the drift until the served versions recover
     * @param staleRecovery the same for the deployed model left alone
     * @param published versions the learner published
     */
    public record Drift(
            long seed,
            double floor,
            double stale,
            double served,
            int servedRecovery,
            int staleRecovery,
            int published) {}

    /** Replays {@code data} from a zero model. */
    public static Replay cold(CsvDataset data, LearnerPolicy policy) {
        LogisticModel zero =
                LogisticModel.builder(data.name(), new ModelVersion(1, 0))
                        .features(data.featureNames())
                        .head("label", new double[data.dimension()], 0, 0.5)
                        .build();
        return replay(data, zero, 0, policy, Double.NaN);
    }

    /** Replays the second half of {@code data} from a model fitted offline on the first half. */
    public static Replay deployed(CsvDataset data, LearnerPolicy policy) {
        int from = (int) Math.round(data.size() * DEPLOY_SHARE);
        LogisticModel model =
                offlineFit(data.name(), data.featureNames(), rows(data, from), labels(data, from));
        ScoreLog alone = new ScoreLog(data.size());
        int test = testFrom(data.size());
        for (int r = test; r < data.size(); r++) {
            alone.add(model.logit(0, data.rowView(r)), data.label(r));
        }
        return replay(data, model, from, policy, alone.meanLogLoss(0, data.size() - test));
    }

    /** The offline L2 regression fitted on the first 70%: its log-loss on the last 30%. */
    public static double ceiling(CsvDataset data) {
        int test = testFrom(data.size());
        LogisticModel fit =
                offlineFit(data.name(), data.featureNames(), rows(data, test), labels(data, test));
        ScoreLog log = new ScoreLog(data.size() - test);
        for (int r = test; r < data.size(); r++) {
            log.add(fit.logit(0, data.rowView(r)), data.label(r));
        }
        return log.meanLogLoss(0, data.size() - test);
    }

    private static Replay replay(
            CsvDataset data, LogisticModel start, int from, LearnerPolicy policy, double alone) {
        ModelLearning learning = ModelLearning.startFrom(served(start), policy, 0);
        ScoringModel served = start;
        ScoringWorkspace workspace = new ScoringWorkspace();
        int n = data.size();
        int test = testFrom(n);
        ScoreLog learnerLog = new ScoreLog(n - test);
        ScoreLog servedLog = new ScoreLog(n - test);
        int[] heads = {0};
        int[] labels = new int[1];
        int published = 0;
        int held = 0;
        for (int r = from; r < n; r++) {
            double[] x = data.rowView(r);
            labels[0] = data.label(r);
            served.score(x, workspace);
            ModelLearning.Step step = learning.learn(x, heads, labels, 1, 1.0);
            if (r >= test) {
                servedLog.add(workspace.logit(0), labels[0]);
                learnerLog.add(step.result().logit(0), labels[0]);
            }
            if (step.publish() != null) {
                served = step.publish();
                published++;
            }
            held += step.held() == null ? 0 : 1;
        }
        return new Replay(
                data.name(),
                n,
                learnerLog.meanLogLoss(0, n - test),
                servedLog.meanLogLoss(0, n - test),
                alone,
                published,
                held);
    }

    /**
     * Streams {@code events} synthetic payments with the drift after {@code driftAt}: a model is
     * fitted offline on the first half of the pre-drift events, deployed, and learns from then on.
     */
    public static Drift drift(
            LearnerPolicy policy, long seed, int events, int driftAt, int window) {
        if (driftAt < 2 * window || events - driftAt < window) {
            throw new IllegalArgumentException(
                    "Need two windows of "
                            + window
                            + " events before the drift at "
                            + driftAt
                            + " and one after it, in "
                            + events
                            + " events");
        }
        SyntheticFraudStream stream =
                new SyntheticFraudStream(
                        seed, SYNTHETIC_POSITIVE_RATE, SYNTHETIC_FEATURES, driftAt);
        int deployAt = driftAt / 2;
        double[][] x = new double[events][SYNTHETIC_FEATURES];
        int[] y = new int[events];
        double[] bayes = new double[events];
        for (int t = 0; t < events; t++) {
            SyntheticFraudStream.Sample sample = stream.next();
            for (int i = 0; i < SYNTHETIC_FEATURES; i++) {
                x[t][i] = sample.features().get(stream.featureNames().get(i));
            }
            y[t] = sample.fraud() ? 1 : 0;
            double p = sample.trueProbability();
            bayes[t] = -Math.log(y[t] == 1 ? p : 1 - p);
        }
        LogisticModel deployed =
                offlineFit(
                        "synthetic",
                        stream.featureNames(),
                        Arrays.copyOf(x, deployAt),
                        Arrays.copyOf(y, deployAt));
        ModelLearning learning = ModelLearning.startFrom(served(deployed), policy, 0);
        ScoringModel served = deployed;
        ScoringWorkspace workspace = new ScoringWorkspace();
        double[] servedLoss = new double[events];
        double[] staleLoss = new double[events];
        int[] heads = {0};
        int[] labels = new int[1];
        int published = 0;
        for (int t = deployAt; t < events; t++) {
            labels[0] = y[t];
            served.score(x[t], workspace);
            servedLoss[t] = Sigmoid.logLoss(workspace.logit(0), y[t]);
            staleLoss[t] = Sigmoid.logLoss(deployed.logit(0, x[t]), y[t]);
            ModelLearning.Step step = learning.learn(x[t], heads, labels, 1, 1.0);
            if (step.publish() != null) {
                served = step.publish();
                published++;
            }
        }
        return new Drift(
                seed,
                mean(bayes, events - window, events),
                mean(staleLoss, events - window, events),
                mean(servedLoss, events - window, events),
                recovery(servedLoss, bayes, driftAt, window),
                recovery(staleLoss, bayes, driftAt, window),
                published);
    }

    /**
     * Events after {@code driftAt} until the sliding window of post-drift events first has a mean
     * loss within {@link #FLOOR_RATIO} of the floor's over the same events, or -1.
     */
    static int recovery(double[] loss, double[] floor, int driftAt, int window) {
        double sum = 0;
        double floorSum = 0;
        for (int t = driftAt; t < loss.length; t++) {
            sum += loss[t];
            floorSum += floor[t];
            if (t - driftAt >= window) {
                sum -= loss[t - window];
                floorSum -= floor[t - window];
            }
            if (t - driftAt + 1 >= window && sum <= FLOOR_RATIO * floorSum) {
                return t - driftAt + 1;
            }
        }
        return -1;
    }

    /**
     * An L2 logistic regression ({@link #OFFLINE_L2}) fitted on {@code rows} standardised by their
     * own statistics, then folded into weights on raw values: what a team exports after fitting a
     * scikit-learn pipeline, without the scaler.
     */
    static LogisticModel offlineFit(String name, List<String> features, double[][] x, int[] y) {
        int dim = features.size();
        int n = x.length;
        double[] mean = new double[dim];
        double[] sd = new double[dim];
        for (double[] row : x) {
            for (int i = 0; i < dim; i++) {
                mean[i] += row[i] / n;
            }
        }
        for (double[] row : x) {
            for (int i = 0; i < dim; i++) {
                sd[i] += (row[i] - mean[i]) * (row[i] - mean[i]) / n;
            }
        }
        for (int i = 0; i < dim; i++) {
            // A column constant in training carries nothing the fit can use; keep its scale.
            sd[i] = sd[i] > 0 ? Math.sqrt(sd[i]) : 1.0;
        }
        double[][] standardized = new double[n][dim];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < dim; i++) {
                standardized[r][i] = (x[r][i] - mean[i]) / sd[i];
            }
        }
        BatchLogisticRegression.Fit fit = BatchLogisticRegression.fit(standardized, y, OFFLINE_L2);
        double[] w = new double[dim];
        double bias = fit.bias();
        for (int i = 0; i < dim; i++) {
            w[i] = fit.weights()[i] / sd[i];
            bias -= w[i] * mean[i];
        }
        return LogisticModel.builder(name, new ModelVersion(1, 0))
                .features(features)
                .head("label", w, bias, 0.5)
                .build();
    }

    private static double[][] rows(CsvDataset data, int count) {
        double[][] x = new double[count][];
        for (int r = 0; r < count; r++) {
            x[r] = data.rowView(r);
        }
        return x;
    }

    private static int[] labels(CsvDataset data, int count) {
        int[] y = new int[count];
        for (int r = 0; r < count; r++) {
            y[r] = data.label(r);
        }
        return y;
    }

    private static ServedModel served(LogisticModel model) {
        return new ServedModel(model, false, "operator", Instant.EPOCH, Instant.EPOCH, null);
    }

    /** The first row of the test segment, the last 30%. */
    static int testFrom(int rows) {
        return (int) Math.round(rows * TRAIN_SHARE);
    }

    private static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }
}
