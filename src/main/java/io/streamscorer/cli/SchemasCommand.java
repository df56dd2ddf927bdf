package io.streamscorer.cli;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.avro.ModelComparison;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.registry.SchemaRegistryClient;
import io.streamscorer.registry.SchemaRegistryClients;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.avro.SchemaFormatter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code scorer schemas}: the Avro contract of the scorer's topics, for registries where the scorer
 * may not register schemas itself ({@code auto.register.schemas=false}).
 */
@Command(
        name = "schemas",
        mixinStandardHelpOptions = true,
        description = "Print or register the Avro schemas of the scorer's topics.",
        subcommands = {SchemasCommand.Print.class, SchemasCommand.Register.class})
final class SchemasCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Each value subject of {@code config}'s topics (TopicNameStrategy) with its schema. */
    static Map<String, Schema> subjects(ScorerConfig config) {
        Map<String, Schema> subjects = new LinkedHashMap<>();
        subjects.put(
                subject(config, ScorerConfig.TOPIC_FEATURES_CONFIG), FeatureEvent.getClassSchema());
        subjects.put(
                subject(config, ScorerConfig.TOPIC_SCORES_CONFIG), ScoreEvent.getClassSchema());
        subjects.put(
                subject(config, ScorerConfig.TOPIC_SHADOW_SCORES_CONFIG),
                ScoreEvent.getClassSchema());
        subjects.put(
                subject(config, ScorerConfig.TOPIC_FEEDBACK_CONFIG),
                FeedbackEvent.getClassSchema());
        subjects.put(subject(config, ScorerConfig.TOPIC_MODELS_CONFIG), ModelSpec.getClassSchema());
        subjects.put(
                subject(config, ScorerConfig.TOPIC_COMPARISONS_CONFIG),
                ModelComparison.getClassSchema());
        subjects.put(
                subject(config, ScorerConfig.TOPIC_MODEL_HISTORY_CONFIG),
                ModelSpec.getClassSchema());
        return subjects;
    }

    private static String subject(ScorerConfig config, String topicKey) {
        return config.getString(topicKey) + "-value";
    }

    /** {@code scorer schemas print}: the self-contained schemas, one per subject. */
    @Command(
            name = "print",
            mixinStandardHelpOptions = true,
            description =
                    "Print each subject with its self-contained schema (nested types inlined), ready to register.")
    static final class Print implements Callable<Integer> {
        @Mixin ConfigOptions config;
        @Mixin Terminal terminal;

        @Override
        public Integer call() {
            subjects(config.loadOffline())
                    .forEach(
                            (subject, schema) ->
                                    terminal.out()
                                            .printf(
                                                    "%s%n%s%n%n",
                                                    subject,
                                                    SchemaFormatter.format("json/pretty", schema)));
            return 0;
        }
    }

    /** {@code scorer schemas register}: registers the contract under the configured registry. */
    @Command(
            name = "register",
            mixinStandardHelpOptions = true,
            description = {
                "Register the schemas of every scorer topic with the configured registry.",
                "An operator does this once before running with auto.register.schemas=false.",
                "Refused if incompatible."
            })
    static final class Register implements Callable<Integer> {
        @Mixin ConfigOptions config;
        @Mixin Terminal terminal;

        @Override
        public Integer call() {
            ScorerConfig scorerConfig = config.loadForTool();
            SchemaRegistryClient client =
                    SchemaRegistryClients.create(scorerConfig.registryProperties());
            subjects(scorerConfig)
                    .forEach(
                            (subject, schema) ->
                                    terminal.out()
                                            .printf(
                                                    "%s: schema id %d%n",
                                                    subject, client.register(subject, schema)));
            return 0;
        }
    }
}
