package io.streamscorer.bench;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.local.SyntheticFraudStream;
import io.streamscorer.model.FeatureScaling;
import io.streamscorer.model.FeatureValues;
import io.streamscorer.model.FeatureVector;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.registry.MockSchemaRegistry;
import io.streamscorer.serde.AvroSerdes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serde;
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
 * Time and allocation of scoring one event on one thread: an event's named features encoded into
 * the model's dense vector ({@link LogisticModel#encode}: each name placed at its weight index,
 * missing ones imputed), then the dot product and sigmoid ({@link LogisticModel#probability});
 * {@code scoreWithReasons} adds the top-3 reason codes ({@link LogisticModel#topContributions}) and
 * {@code probabilityOfEncoded} measures the dot product and sigmoid alone, on an encoded vector.
 *
 * <p>The events are synthetic payments padded with noise features to the size asked for. With
 * {@code keys=decoded} they are exactly what the scorer's deserializer hands the score processor:
 * each event is serialised and read back through {@link AvroSerdes} ({@code mock://} registry),
 * which yields {@link FeatureValues} whose names are laid out once for all events written in the
 * same order, so the model places values by position. With {@code keys=fresh} every event is a
 * {@code HashMap<String, Double>} with new key instances, as Avro's stock decoder makes them (the
 * scorer reads records of other writer schemas so): one hash lookup per name. Eight events are
 * cycled, so an event is in cache as a just-decoded one is.
 *
 * <pre>
 * mvn -Pjmh -DskipTests package
 * java -Xmx1g -jar target/benchmarks.jar ScoringKernelBenchmark -prof gc
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
    private static final String TOPIC = "scorer.features";

    @Param({"30", "1000"})
    int features;

    @Param({"fresh", "decoded"})
    String keys;

    // "standardised": the model carries a StandardScaler's centers and scales, as a scikit-learn
    // pipeline exports it; its weights are folded into raw units when the model is built.
    @Param({"raw", "standardised"})
    String scaling;

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
        LogisticModel.Builder builder =
                LogisticModel.builder("bench", new ModelVersion(1, 0))
                        .features(names)
                        .head("fraud", weights, -4.0, 0.5);
        if (scaling.equals("standardised")) {
            double[] center = new double[features];
            double[] scale = new double[features];
            for (int i = 0; i < features; i++) {
                center[i] = random.nextDouble(-10, 10);
                scale[i] = random.nextDouble(0.1, 100);
            }
            builder.scaling(FeatureScaling.of(center, scale));
        }
        model = builder.build();
        String scope = "kernel-bench-" + UUID.randomUUID();
        Serde<FeatureEvent> serde =
                AvroSerdes.create(Map.of("schema.registry.url", "mock://" + scope))
                        .valueSerde(FeatureEvent.class);
        List<Map<String, Double>> pool = new ArrayList<>(EVENTS);
        double[] x = new double[features];
        for (int e = 0; e < EVENTS; e++) {
            stream.nextVector(x);
            // Avro's reader sizes the map from the block count and boxes every value.
            Map<String, Double> event = new HashMap<>(features);
            for (int i = 0; i < features; i++) {
                event.put(new String(names.get(i).toCharArray()), x[i]);
            }
            if (keys.equals("decoded")) {
                FeatureEvent written =
                        FeatureEvent.newBuilder()
                                .setEventId("evt-" + e)
                                .setEntityId("card-" + e)
                                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L + e))
                                .setFeatures(event)
                                .setModelName(null)
                                .setAttributes(Map.of())
                                .build();
                byte[] bytes = serde.serializer().serialize(TOPIC, written);
                event = serde.deserializer().deserialize(TOPIC, bytes).getFeatures();
            }
            pool.add(event);
        }
        MockSchemaRegistry.dropScope(scope);
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
