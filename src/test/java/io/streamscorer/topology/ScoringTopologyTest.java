package io.streamscorer.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.HeadScore;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.model.FeatureScaling;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.serde.AvroSerdes;
import io.streamscorer.spec.ModelSpecs;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScoringTopologyTest {
    private static final double TOLERANCE = 1e-12;
    private static final List<String> FEATURES = List.of("amount", "velocity", "foreign");

    private TopologyFixture fixture;
    private AvroSerdes serdes;
    private ModelRegistry models;
    private CollectingSink controlRejects;
    private ScorerMetrics metrics;
    private TestInputTopic<String, FeatureEvent> features;
    private TestInputTopic<byte[], byte[]> rawFeatures;
    private TestInputTopic<String, ModelSpec> modelCommands;
    private TestInputTopic<String, byte[]> rawModelCommands;
    private TestOutputTopic<String, ScoreEvent> scores;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void startDriver() {
        fixture = new TopologyFixture(Map.of(), Instant.now());
        serdes = fixture.serdes;
        models = fixture.models;
        controlRejects = fixture.controlRejects;
        metrics = fixture.metrics;
        features = fixture.features;
        rawFeatures = fixture.rawFeatures;
        modelCommands = fixture.modelCommands;
        rawModelCommands = fixture.rawModelCommands;
        scores = fixture.scores;
        deadLetters = fixture.deadLetters;
    }

    @AfterEach
    void closeDriver() {
        fixture.close();
    }

    private static LogisticModel model(long generation, long step, double... weights) {
        return LogisticModel.builder("fraud", new ModelVersion(generation, step))
                .features(FEATURES)
                .head("fraud", weights, -1.0, 0.5)
                .build();
    }

    private void publish(LogisticModel model) {
        modelCommands.pipeInput(
                model.name(), ModelSpecs.toSpec(model, "test", null, Instant.EPOCH));
    }

    private static FeatureEvent event(String id, Map<String, Double> values) {
        return FeatureEvent.newBuilder()
                .setEventId(id)
                .setEntityId("card-1")
                .setEventTime(Instant.ofEpochMilli(1_000))
                .setFeatures(values)
                .build();
    }

    private static double expected(LogisticModel model, double... x) {
        return 1 / (1 + Math.exp(-model.logit(0, x)));
    }

    @Test
    void shouldEmitProbabilityForValidFeatureEvent() {
        LogisticModel model = model(1, 0, 0.5, 2.0, 1.5);
        publish(model);

        features.pipeInput(
                "card-1", event("e1", Map.of("amount", 1.0, "velocity", 0.5, "foreign", 1.0)));

        ScoreEvent score = scores.readValue();
        assertThat(score.getEventId()).isEqualTo("e1");
        assertThat(score.getModelName()).isEqualTo("fraud");
        assertThat(score.getModelVersion().getGeneration()).isEqualTo(1);
        assertThat(score.getModelVersion().getStep()).isZero();
        HeadScore head = score.getHeads().get(0);
        assertThat(head.getHead()).isEqualTo("fraud");
        assertThat(head.getProbability())
                .isCloseTo(expected(model, 1.0, 0.5, 1.0), within(TOLERANCE));
        assertThat(head.getDecision()).isEqualTo(head.getProbability() >= 0.5);
        assertThat(head.getReasons())
                .extracting(r -> r.getFeature())
                .containsExactly("foreign", "velocity", "amount");
        assertThat(scores.isEmpty()).isTrue();
    }

    @Test
    void shouldImputeMissingFeaturesAndCountUnknownOnes() {
        publish(model(1, 0, 0.5, 2.0, 1.5));

        features.pipeInput("card-1", event("e1", Map.of("amount", 2.0, "colour", 7.0)));

        ScoreEvent score = scores.readValue();
        assertThat(score.getImputedFeatures()).isEqualTo(2);
        assertThat(score.getUnknownFeatures()).isEqualTo(1);
        assertThat(metrics.registry().get("scorer.features.imputed").counter().count())
                .isEqualTo(2.0);
        assertThat(metrics.registry().get("scorer.features.unknown").counter().count())
                .isEqualTo(1.0);
        assertThat(score.getHeads().get(0).getProbability())
                .isCloseTo(1 / (1 + Math.exp(-(0.5 * 2.0 - 1.0))), within(TOLERANCE));
    }

    @Test
    void shouldScoreWithNewModelAfterModelCommand() {
        LogisticModel first = model(1, 0, 0.5, 2.0, 1.5);
        LogisticModel second = model(2, 0, -1.0, 0.1, 0.2);
        publish(first);
        Map<String, Double> x = Map.of("amount", 1.0, "velocity", 1.0, "foreign", 0.0);
        features.pipeInput("card-1", event("before", x));

        publish(second);
        features.pipeInput("card-1", event("after", x));

        List<ScoreEvent> out = scores.readValuesToList();
        assertThat(out)
                .extracting(s -> s.getModelVersion().getGeneration())
                .containsExactly(1L, 2L);
        assertThat(out.get(1).getHeads().get(0).getProbability())
                .isCloseTo(expected(second, 1.0, 1.0, 0.0), within(TOLERANCE));
        assertThat(models.get("fraud").version()).isEqualTo(new ModelVersion(2, 0));
    }

    @Test
    void shouldRejectBadModelsAndKeepServingTheOldOne() {
        LogisticModel good = model(2, 0, 0.5, 2.0, 1.5);
        publish(good);
        ModelSpec nanWeight = ModelSpecs.toSpec(model(3, 0, 1, 1, 1), "test", null, Instant.EPOCH);
        nanWeight.getHeads().get(0).getWeights().set(1, Double.NaN);
        ModelSpec wrongDimension =
                ModelSpecs.toSpec(model(3, 0, 1, 1, 1), "test", null, Instant.EPOCH);
        wrongDimension.getHeads().get(0).getWeights().add(4.0);
        ModelSpec older = ModelSpecs.toSpec(model(1, 9, 1, 1, 1), "test", null, Instant.EPOCH);
        ModelSpec duplicateFeature =
                ModelSpecs.toSpec(model(3, 0, 1, 1, 1), "test", null, Instant.EPOCH);
        duplicateFeature.getFeatureNames().set(2, "amount");

        modelCommands.pipeInput("fraud", nanWeight);
        modelCommands.pipeInput("fraud", wrongDimension);
        modelCommands.pipeInput("fraud", older);
        modelCommands.pipeInput("fraud", duplicateFeature);
        rawModelCommands.pipeInput("fraud", new byte[] {0, 0, 0, 0, 1, 2, 3});
        features.pipeInput(
                "card-1", event("e1", Map.of("amount", 1.0, "velocity", 0.0, "foreign", 0.0)));

        assertThat(controlRejects.reasons())
                .containsExactly(
                        "NON_FINITE_PARAMETER",
                        "DIMENSION_MISMATCH",
                        "STALE_VERSION",
                        "DUPLICATE_FEATURE",
                        "UNPARSABLE");
        assertThat(controlRejects.letters)
                .allSatisfy(
                        l -> {
                            assertThat(DeadLetters.text(l.headers, DeadLetters.TOPIC))
                                    .isEqualTo("scorer.models");
                            assertThat(DeadLetters.text(l.headers, DeadLetters.OFFSET)).isNotNull();
                            assertThat(DeadLetters.text(l.headers, DeadLetters.STAGE))
                                    .isEqualTo("apply-model");
                        });
        ScoreEvent score = scores.readValue();
        assertThat(score.getModelVersion().getGeneration()).isEqualTo(2);
        assertThat(score.getHeads().get(0).getProbability())
                .isCloseTo(expected(good, 1.0, 0.0, 0.0), within(TOLERANCE));
        assertThat(
                        metrics.registry()
                                .get("scorer.models.rejected")
                                .tag("reason", "STALE_VERSION")
                                .counter()
                                .count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldScoreRawFeaturesWithAScaledModelAndKeepItWhenABadScalingArrives() {
        LogisticModel scaled =
                model(2, 0, 0.5, 2.0, 1.5).toBuilder()
                        .scaling(
                                FeatureScaling.of(
                                        new double[] {100, 3, 0.2}, new double[] {50, 1.5, 0.4}))
                        .build();
        publish(scaled);
        LogisticModel next = scaled.toBuilder().version(new ModelVersion(3, 0)).build();
        ModelSpec zeroScale = ModelSpecs.toSpec(next, "test", null, Instant.EPOCH);
        zeroScale.getScaling().getScale().set(1, 0.0);
        ModelSpec negativePrior = ModelSpecs.toSpec(next, "test", null, Instant.EPOCH);
        negativePrior.setPriorLabels(-5L);

        modelCommands.pipeInput("fraud", zeroScale);
        modelCommands.pipeInput("fraud", negativePrior);
        features.pipeInput(
                "card-1", event("e1", Map.of("amount", 180.0, "velocity", 6.0, "foreign", 1.0)));

        assertThat(controlRejects.reasons())
                .containsExactly("NON_FINITE_PARAMETER", "NON_FINITE_PARAMETER");
        HeadScore head = scores.readValue().getHeads().get(0);
        // z = ((180 − 100)/50, (6 − 3)/1.5, (1 − 0.2)/0.4) = (1.6, 2, 2); w·z − 1 = 6.8
        assertThat(head.getProbability()).isCloseTo(1 / (1 + Math.exp(-6.8)), within(TOLERANCE));
        assertThat(head.getReasons().get(0).getFeature()).isEqualTo("velocity");
        assertThat(head.getReasons().get(0).getContribution()).isCloseTo(4.0, within(TOLERANCE));
        assertThat(models.get("fraud").version()).isEqualTo(new ModelVersion(2, 0));
    }

    @Test
    void shouldDeadLetterEventWithNonFiniteFeatureWithItsOriginalBytes() {
        publish(model(1, 0, 0.5, 2.0, 1.5));
        Map<String, Double> values = new HashMap<>();
        values.put("amount", Double.NaN);
        values.put("velocity", 1.0);
        FeatureEvent bad = event("nan", values);
        byte[] wire =
                serdes.valueSerde(FeatureEvent.class)
                        .serializer()
                        .serialize("scorer.features", bad);

        rawFeatures.pipeInput("card-1".getBytes(java.nio.charset.StandardCharsets.UTF_8), wire);

        assertThat(scores.isEmpty()).isTrue();
        TestRecord<byte[], byte[]> letter = deadLetters.readRecord();
        assertThat(letter.value()).isEqualTo(wire);
        assertThat(new String(letter.key(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("card-1");
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.REASON))
                .isEqualTo("NON_FINITE_FEATURE");
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.DETAIL))
                .contains("'amount'", "NaN");
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.TOPIC))
                .isEqualTo("scorer.features");
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.PARTITION)).isEqualTo("0");
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.OFFSET)).isEqualTo("0");
    }

    @Test
    void shouldDeadLetterAnEventTooLargeForTheDeadLetterTopicWithItsReasonAndOriginOnly() {
        publish(model(1, 0, 0.5, 2.0, 1.5));
        Map<String, Double> values = new HashMap<>();
        values.put("amount", Double.POSITIVE_INFINITY);
        FeatureEvent huge =
                FeatureEvent.newBuilder(event("huge", values))
                        .setAttributes(Map.of("padding", "x".repeat(DeadLetters.MAX_LETTER_BYTES)))
                        .build();

        features.pipeInput("card-1", huge);

        assertThat(scores.isEmpty()).isTrue();
        TestRecord<byte[], byte[]> letter = deadLetters.readRecord();
        assertThat(letter.key()).isNull();
        assertThat(letter.value()).isNull();
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.REASON))
                .isEqualTo("NON_FINITE_FEATURE");
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.DETAIL))
                .contains("'amount'", "would not fit the dead-letter topic");
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.TOPIC))
                .isEqualTo("scorer.features");
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.OFFSET)).isEqualTo("0");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldCutADetailThatQuotesHostileInput() {
        publish(model(1, 0, 0.5, 2.0, 1.5));
        FeatureEvent event = event("e1", Map.of("amount", 1.0));
        event.setModelName("m".repeat(100_000));

        features.pipeInput("card-1", event);

        TestRecord<byte[], byte[]> letter = deadLetters.readRecord();
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.REASON)).isEqualTo("NO_MODEL");
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.DETAIL))
                .hasSize(1_003)
                .endsWith("...");
    }

    @Test
    void shouldDeadLetterEventWhenNoModelIsLoaded() {
        features.pipeInput("card-1", event("e1", Map.of("amount", 1.0)));

        assertThat(scores.isEmpty()).isTrue();
        TestRecord<byte[], byte[]> letter = deadLetters.readRecord();
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.REASON)).isEqualTo("NO_MODEL");
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.DETAIL)).contains("'fraud'");
    }

    @Test
    void shouldDeadLetterEventNamingAnUnknownModel() {
        publish(model(1, 0, 0.5, 2.0, 1.5));
        FeatureEvent e = event("e1", Map.of("amount", 1.0));
        e.setModelName("chargeback");

        features.pipeInput("card-1", e);

        TestRecord<byte[], byte[]> letter = deadLetters.readRecord();
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.REASON)).isEqualTo("NO_MODEL");
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.DETAIL)).contains("'chargeback'");
    }

    @Test
    void shouldDeadLetterEventWithoutKey() {
        publish(model(1, 0, 0.5, 2.0, 1.5));

        features.pipeInput(null, event("e1", Map.of("amount", 1.0)));

        TestRecord<byte[], byte[]> letter = deadLetters.readRecord();
        assertThat(letter.key()).isNull();
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.REASON)).isEqualTo("MISSING_KEY");
    }

    @Test
    void shouldDeadLetterUndeserializableBytesWithTheWireFormatProblem() {
        publish(model(1, 0, 0.5, 2.0, 1.5));
        byte[] wrongMagic = {7, 0, 0, 0, 1, 2};

        rawFeatures.pipeInput(
                "card-9".getBytes(java.nio.charset.StandardCharsets.UTF_8), wrongMagic);

        TestRecord<byte[], byte[]> letter = deadLetters.readRecord();
        assertThat(letter.value()).isEqualTo(wrongMagic);
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.REASON))
                .isEqualTo("BAD_MAGIC_BYTE");
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.STAGE)).isEqualTo("deserialize");
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.TOPIC))
                .isEqualTo("scorer.features");
    }

    @Test
    void shouldRefuseFiniteFeaturesWhoseLogitHasNoValueRatherThanScoreNaN() {
        LogisticModel model =
                LogisticModel.builder("fraud", new ModelVersion(1, 0))
                        .features(List.of("amount", "velocity"))
                        .head("fraud", new double[] {10, -10}, -1.0, 0.5)
                        .build();
        publish(model);

        features.pipeInput("card-1", event("e1", Map.of("amount", 1e308, "velocity", 1e308)));

        assertThat(scores.isEmpty()).isTrue();
        TestRecord<byte[], byte[]> letter = deadLetters.readRecord();
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.REASON))
                .isEqualTo("NON_FINITE_SCORE");
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.DETAIL)).contains("'fraud'");
    }

    @Test
    void shouldDeadLetterARecordFramedWithTheIdOfAProtobufSchema() throws Exception {
        HttpServer registry =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger lookups = new AtomicInteger();
        registry.createContext(
                "/schemas/ids/",
                exchange -> {
                    lookups.incrementAndGet();
                    byte[] body =
                            ("{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";"
                                            + " message Event { string id = 1; }\"}")
                                    .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders()
                            .add("Content-Type", "application/vnd.schemaregistry.v1+json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        registry.start();
        try (TopologyFixture protobufRegistry =
                new TopologyFixture(
                        Map.of(
                                "schema.registry.url",
                                "http://127.0.0.1:" + registry.getAddress().getPort(),
                                "scorer.learning.enabled",
                                "false"),
                        Instant.parse("2026-11-01T00:00:00Z"))) {
            // Magic byte, schema id 7, then a Protobuf message index and body.
            byte[] protobuf = {0, 0, 0, 0, 7, 0, 10, 1, 'x'};
            byte[] key = "card-1".getBytes(StandardCharsets.UTF_8);

            protobufRegistry.rawFeatures.pipeInput(key, protobuf);
            protobufRegistry.rawFeatures.pipeInput(key, protobuf);

            List<TestRecord<byte[], byte[]>> letters =
                    protobufRegistry.deadLetters.readRecordsToList();
            assertThat(letters)
                    .extracting(l -> DeadLetters.text(l.headers(), DeadLetters.REASON))
                    .containsExactly("INCOMPATIBLE_WRITER_SCHEMA", "INCOMPATIBLE_WRITER_SCHEMA");
            assertThat(DeadLetters.text(letters.get(0).headers(), DeadLetters.DETAIL))
                    .contains("PROTOBUF");
            assertThat(letters.get(0).value()).isEqualTo(protobuf);
            assertThat(lookups).as("registry lookups for one id").hasValue(1);
        } finally {
            registry.stop(0);
        }
    }

    @Test
    void shouldAccountForEveryInputAsAScoreOrADeadLetter() {
        publish(model(1, 0, 0.5, 2.0, 1.5));
        int sent = 0;
        int refusable = 0;
        for (int i = 0; i < 200; i++) {
            if (i % 7 == 0 || i % 11 == 0 || i % 13 == 0) {
                refusable++; // an infinite feature, an unknown model or no key
            }
            Map<String, Double> values = new HashMap<>();
            values.put("amount", i % 7 == 0 ? Double.POSITIVE_INFINITY : i / 10.0);
            values.put("velocity", 1.0);
            FeatureEvent e = event("e" + i, values);
            if (i % 11 == 0) {
                e.setModelName("missing");
            }
            features.pipeInput(i % 13 == 0 ? null : "card-" + i, e);
            sent++;
        }
        for (int i = 0; i < 20; i++) {
            rawFeatures.pipeInput(new byte[] {1}, new byte[] {0, 0, 0});
            sent++;
        }

        long scored = scores.getQueueSize();
        long dead = deadLetters.getQueueSize();
        assertThat(scored + dead).isEqualTo(sent);
        assertThat(dead).isEqualTo(refusable + 20L);
        assertThat(scored).isEqualTo(200L - refusable);
        assertThat(MeterTotals.scored(metrics)).isEqualTo((double) scored);
        assertThat(MeterTotals.deadLetters(metrics)).isEqualTo((double) dead);
    }

    /** Collects the model-store processor's dead letters. */
    static final class CollectingSink implements DeadLetterSink {
        static final class Letter {
            final Headers headers;

            Letter(Headers headers) {
                this.headers = headers;
            }
        }

        final List<Letter> letters = new ArrayList<>();

        @Override
        public void send(byte[] key, byte[] value, Headers headers) {
            letters.add(new Letter(headers));
        }

        List<String> reasons() {
            return letters.stream()
                    .map(l -> DeadLetters.text(l.headers, DeadLetters.REASON))
                    .toList();
        }
    }
}
