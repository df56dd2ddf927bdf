package io.streamscorer.bench;

import io.streamscorer.local.SyntheticFraudStream;
import io.streamscorer.model.FeatureVector;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.NetworkModel;
import io.streamscorer.model.ScoringModel;
import io.streamscorer.model.ScoringWorkspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scoring cost per event, single-threaded, of the two model kinds the scorer serves: the default
 * logistic model over 30 features and the PyTorch tutorial network {@code Linear(64, 128) → ReLU →
 * Linear(128, 2) → Sigmoid}, both with two heads. {@link #scoreEvent} is the score processor's
 * model work for one event: encode the named features (a {@code Map}, as decoded from Avro), score
 * every head, and find the top {@code reasons} gradient×input reason codes per head; {@link
 * #forward} is the arithmetic alone, on an encoded vector. Weights are drawn as PyTorch initialises
 * {@code nn.Linear} (uniform within ±1/√fan_in), events are 1,024 synthetic payments cycled in
 * order.
 *
 * <pre>
 * mvn -Pjmh -DskipTests package
 * java -jar target/benchmarks.jar ScoringBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx256m", "-XX:+UseSerialGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScoringBenchmark {
    private static final int EVENTS = 1024;

    /** {@code logistic-30}, or {@code network-64-128-2}. */
    @Param({"logistic-30", "network-64-128-2"})
    String model;

    /** Reason codes per head; 0 skips the reason pass, as {@code scorer.reasons.top.k=0} does. */
    @Param({"0", "3"})
    int reasons;

    private ScoringModel scoring;
    private List<Map<String, Double>> events;
    private double[][] vectors;
    private final FeatureVector vector = new FeatureVector();
    private final ScoringWorkspace workspace = new ScoringWorkspace();
    private int[] indexes;
    private double[] contributions;
    private int next;

    /** Builds the model and draws the events. */
    @Setup
    public void setUp() {
        boolean network = model.startsWith("network");
        int features = network ? 64 : 30;
        SyntheticFraudStream stream = new SyntheticFraudStream(1, 0.01, features, Long.MAX_VALUE);
        SplittableRandom random = new SplittableRandom(7);
        ModelVersion version = new ModelVersion(1, 0);
        if (network) {
            scoring =
                    NetworkModel.builder("bench", version)
                            .features(stream.featureNames())
                            .layer(linear(random, 128, 64), linear(random, 1, 128, 64)[0], "relu")
                            .head("fraud", linear(random, 1, 128)[0], 0.1, 0.5)
                            .head("chargeback", linear(random, 1, 128)[0], -0.1, 0.5)
                            .build();
        } else {
            scoring =
                    LogisticModel.builder("bench", version)
                            .features(stream.featureNames())
                            .head("fraud", linear(random, 1, 30)[0], 0.1, 0.5)
                            .head("chargeback", linear(random, 1, 30)[0], -0.1, 0.5)
                            .build();
        }
        events = new ArrayList<>(EVENTS);
        vectors = new double[EVENTS][];
        FeatureVector encoded = new FeatureVector();
        for (int i = 0; i < EVENTS; i++) {
            Map<String, Double> event = stream.next().features();
            events.add(event);
            scoring.encode(event, encoded);
            vectors[i] = encoded.values().clone();
        }
        indexes = new int[Math.max(1, reasons)];
        contributions = new double[Math.max(1, reasons)];
    }

    private static double[][] linear(SplittableRandom random, int out, int in) {
        return linear(random, out, in, in);
    }

    /** {@code nn.Linear}'s initialisation: uniform within ±1/√fan_in. */
    private static double[][] linear(SplittableRandom random, int out, int in, int fanIn) {
        double bound = 1 / Math.sqrt(fanIn);
        double[][] w = new double[out][in];
        for (double[] row : w) {
            for (int j = 0; j < in; j++) {
                row[j] = random.nextDouble(-bound, bound);
            }
        }
        return w;
    }

    /** Encode, score both heads, and the reason codes: the model work of one scored event. */
    @Benchmark
    public double scoreEvent() {
        int i = next;
        next = (i + 1) & (EVENTS - 1);
        scoring.encode(events.get(i), vector);
        double[] x = vector.values();
        scoring.score(x, workspace);
        double sum = 0;
        for (int h = 0; h < scoring.headCount(); h++) {
            sum += workspace.probability(h);
            if (reasons > 0) {
                scoring.topContributions(h, x, workspace, reasons, indexes, contributions);
                sum += contributions[0];
            }
        }
        return sum;
    }

    /** The forward pass alone, on an encoded vector: every head's logit. */
    @Benchmark
    public double forward() {
        int i = next;
        next = (i + 1) & (EVENTS - 1);
        scoring.score(vectors[i], workspace);
        return workspace.logit(0) + workspace.logit(1);
    }
}
