package io.streamscorer.bench;

import io.streamscorer.local.SyntheticFraudStream;
import io.streamscorer.model.FeatureVector;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Time and allocation of scoring one event on one thread: a {@code HashMap<String, Double>} of
 * named features, shaped as Avro decodes a {@code FeatureEvent}'s map, encoded into the model's
 * dense vector ({@link LogisticModel#encode}: a feature index lookup per name, imputation), then
 * the dot product and sigmoid ({@link LogisticModel#probability}); {@code scoreWithReasons} adds
 * the top-3 reason codes ({@link LogisticModel#topContributions}) and {@code probabilityOfEncoded}
 * measures the dot product and sigmoid alone, on an encoded vector.
 *
 * <p>The events are synthetic payments padded with noise features to the size asked for. Their keys
 * are never the model's own {@code String} instances: with {@code keys=fresh} every event has new
 * ones, as Avro's stock decoder makes them; with {@code keys=decoded} all events share one instance
 * per name, as the scorer's deserializer hands them out. {@code String} caches its hash when the
 * map is filled, as during decoding. Eight events are cycled, so an event's map is in cache as a
 * just-decoded one is.
 *
 * <pre>
 * mvn -Pjmh -DskipTests package
 * java -jar target/benchmarks.jar ScoringKernelBenchmark -prof gc
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
public class ScoringKernelBenchmark {
    private static final int REASONS = 3;
    private static final int EVENTS = 8;

    @Param({"30", "1000"})
    int features;

    @Param({"fresh", "decoded"})
    String keys;

    private LogisticModel model;
    private List<Map<String, Double>> events;
    private final FeatureVector vector = new FeatureVector();
    private final FeatureVector encoded = new FeatureVector();
    private final int[] reasonIndexes = new int[REASONS];
    private final double[] reasonContributions = new double[REASONS];
    private int next;

    /** Builds a model over {@code features} names and the events to score. */
    @Setup
    public void setUp() {
        SyntheticFraudStream stream = new SyntheticFraudStream(1, 0.01, features, Long.MAX_VALUE);
        List<String> names = stream.featureNames();
        SplittableRandom random = new SplittableRandom(7);
        double[] weights = new double[features];
        for (int i = 0; i < features; i++) {
            weights[i] = random.nextDouble(-1, 1);
        }
        model =
                LogisticModel.builder("bench", new ModelVersion(1, 0))
                        .features(names)
                        .head("fraud", weights, -4.0, 0.5)
                        .build();
        List<String> decodedNames = new ArrayList<>();
        for (String name : names) {
            decodedNames.add(new String(name.toCharArray()));
        }
        List<Map<String, Double>> pool = new ArrayList<>(EVENTS);
        double[] x = new double[features];
        for (int e = 0; e < EVENTS; e++) {
            stream.nextVector(x);
            // Avro's reader sizes the map from the block count and boxes every value.
            Map<String, Double> event = new HashMap<>(features);
            for (int i = 0; i < features; i++) {
                String key =
                        keys.equals("fresh")
                                ? new String(names.get(i).toCharArray())
                                : decodedNames.get(i);
                event.put(key, x[i]);
            }
            pool.add(event);
        }
        events = pool;
        model.encode(events.get(0), encoded);
    }

    private Map<String, Double> nextEvent() {
        int i = next;
        next = i + 1 == events.size() ? 0 : i + 1;
        return events.get(i);
    }

    /** Encode, dot product, sigmoid: the probability of one event. */
    @Benchmark
    public double score() {
        model.encode(nextEvent(), vector);
        return model.probability(0, vector.values());
    }

    /** The dot product and sigmoid alone, on an already encoded vector. */
    @Benchmark
    public double probabilityOfEncoded() {
        return model.probability(0, encoded.values());
    }

    /** {@link #score()} plus the top-3 reason codes by contribution. */
    @Benchmark
    public double scoreWithReasons() {
        model.encode(nextEvent(), vector);
        double[] x = vector.values();
        double p = model.probability(0, x);
        int n = model.topContributions(0, x, REASONS, reasonIndexes, reasonContributions);
        return p + reasonIndexes[n - 1] + reasonContributions[0];
    }
}
