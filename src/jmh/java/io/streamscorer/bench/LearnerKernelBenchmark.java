package io.streamscorer.bench;

import io.streamscorer.local.SyntheticFraudStream;
import io.streamscorer.model.LearnerSettings;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.OnlineLogisticLearner;
import io.streamscorer.model.OptimizerKind;
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
 * Throughput of the online learning kernel: one {@link OnlineLogisticLearner#learn} call (the
 * progressive prediction plus the update) on a dense 30-feature example, single-threaded, with each
 * optimizer's default settings. The examples are 4,096 synthetic payments as a producer sends them,
 * cycled in order, so the benchmark measures the learner (its standardisation included) and not the
 * generator.
 *
 * <pre>
 * mvn -Pjmh -DskipTests package
 * java -jar target/benchmarks.jar LearnerKernelBenchmark -f 2 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx256m", "-XX:+UseSerialGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LearnerKernelBenchmark {
    private static final int FEATURES = 30;
    private static final int EXAMPLES = 4096;

    @Param({"SGD", "ADAGRAD", "ADAM", "FTRL", "NEWTON"})
    OptimizerKind optimizer;

    private OnlineLogisticLearner learner;
    private double[][] examples;
    private int[] labels;
    private int next;

    /** Builds the learner from a zero model and draws the examples. */
    @Setup
    public void setUp() {
        SyntheticFraudStream stream = new SyntheticFraudStream(1, 0.01, FEATURES, Long.MAX_VALUE);
        examples = new double[EXAMPLES][FEATURES];
        labels = new int[EXAMPLES];
        for (int i = 0; i < EXAMPLES; i++) {
            labels[i] = stream.nextVector(examples[i]);
        }
        LogisticModel zero =
                LogisticModel.builder("bench", new ModelVersion(1, 0))
                        .features(stream.featureNames())
                        .head("fraud", new double[FEATURES], 0, 0.5)
                        .build();
        learner = OnlineLogisticLearner.startFrom(zero, LearnerSettings.defaults(optimizer));
    }

    /** One progressive prediction and update; returns the logit so it cannot be optimised away. */
    @Benchmark
    public double learn() {
        int i = next;
        next = (i + 1) & (EXAMPLES - 1);
        return learner.learn(examples[i], 0, labels[i], 1.0).logit(0);
    }
}
