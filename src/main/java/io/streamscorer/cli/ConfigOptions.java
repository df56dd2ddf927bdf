package io.streamscorer.cli;

import io.streamscorer.config.ScorerConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --config} and {@code --set} options shared by every command that talks to Kafka. */
final class ConfigOptions {
    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description =
                    "Properties file (see config/scorer.properties). Environment variables SCORER_* override it.")
    Path file;

    @Option(
            names = {"-s", "--set"},
            paramLabel = "KEY=VALUE",
            description =
                    "Override one setting; repeatable. Applied after the file and environment.")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** The validated config; fails naming the bad key. */
    ScorerConfig load() {
        return load(Map.of());
    }

    /**
     * The validated config of a tool that never joins the scorers' group (model and schema
     * commands): an {@code application.id} is not needed, so the scorer's own config file works and
     * so does one without it.
     */
    ScorerConfig loadForTool() {
        return load(Map.of(ScorerConfig.APPLICATION_ID_CONFIG, "stream-scorer-cli"));
    }

    /**
     * The validated config of a command that contacts nothing and only needs the topic names
     * ({@code schemas print}): the cluster and registry addresses may be left out.
     */
    ScorerConfig loadOffline() {
        return load(
                Map.of(
                        ScorerConfig.APPLICATION_ID_CONFIG,
                        "stream-scorer-cli",
                        ScorerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        "unused:9092",
                        "schema.registry.url",
                        "http://unused"));
    }

    /** The validated config with {@code defaults} below the file, environment and --set. */
    ScorerConfig load(Map<String, String> defaults) {
        return ScorerConfig.load(file, System.getenv(), defaults, overrides);
    }
}
