package io.streamscorer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.registry.ApicurioRegistry;
import io.streamscorer.registry.HttpSchemaRegistryClient;
import io.streamscorer.registry.SchemaRegistryClient;
import io.streamscorer.runtime.ScorerInstance;
import io.streamscorer.spec.ModelFile;
import io.streamscorer.topology.MeterTotals;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scorer end to end against a schema registry we did not write: a real broker, Apicurio
 * Registry 3.3.3 through its Confluent-compatible API as {@code schema.registry.url}, feature
 * events produced with our serializer, scores read back by the schema id in each record. Skipped
 * without a JDK 21 or newer, except under CI, where that fails.
 */
@Timeout(240)
class ScorerApicurioIT {
    private static final int EVENTS = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path workDir;
    private static ApicurioRegistry apicurio;

    @RegisterExtension
    static final ScorerClusterFixture cluster =
            ScorerClusterFixture.withRegistryAt(() -> apicurio.url());

    private static ModelFile model;

    @BeforeAll
    static void start() throws Exception {
        apicurio = ApicurioRegistry.startForTests(workDir);
        model = ModelFile.read(Path.of("config/models/fraud.json"));
    }

    @AfterAll
    static void stop() {
        if (apicurio != null) {
            apicurio.close();
        }
    }

    @Test
    void shouldScoreEventsAndWriteScoresWhoseSchemaApicurioServesById() throws Exception {
        ScorerConfig config = cluster.config("apicurio", Map.of());
        ModelVersion pushed = cluster.pushModel(config, model);
        ScorerInstance instance = startAndAwaitModel(config);

        cluster.produceFeatures(config, model, "a-", EVENTS);
        List<ConsumerRecord<String, byte[]>> out = scoreBytes(config);

        assertThat(out).hasSize(EVENTS);
        Set<Integer> ids = schemaIds(out);
        for (int id : ids) {
            assertThat(schemaFromApicurio(id)).isEqualTo(ScoreEvent.getClassSchema());
        }
        assertThat(ids)
                .containsExactly(
                        operator().latest(subject(config, ScorerConfig.TOPIC_SCORES_CONFIG)).id());
        assertThat(decode(config, out))
                .hasSize(EVENTS)
                .allSatisfy(s -> assertThat(s.getEventId()).startsWith("a-"))
                .allSatisfy(s -> assertThat(version(s)).isEqualTo(pushed))
                .extracting(ScoreEvent::getEventId)
                .doesNotHaveDuplicates();
        assertThat(MeterTotals.scored(instance.metrics())).isEqualTo(EVENTS);
    }

    @Test
    void shouldRegisterNothingAndStillScoreWithTheProductionRegistrySettings() throws Exception {
        ScorerConfig config =
                cluster.config(
                        "apicurio-prod",
                        Map.of("auto.register.schemas", "false", "use.latest.version", "true"));
        // The operator registers the contract: features and models as this build has them, scores
        // one step ahead (a field this build does not know, with a default). Were the scorer to
        // register its own ScoreEvent schema, the subject would gain a version.
        SchemaRegistryClient operator = operator();
        operator.register(
                subject(config, ScorerConfig.TOPIC_FEATURES_CONFIG), FeatureEvent.getClassSchema());
        operator.register(
                subject(config, ScorerConfig.TOPIC_MODELS_CONFIG), ModelSpec.getClassSchema());
        operator.register(
                subject(config, ScorerConfig.TOPIC_MODEL_HISTORY_CONFIG),
                ModelSpec.getClassSchema());
        Schema scoresAhead = withRegionField(ScoreEvent.getClassSchema());
        int scoresId =
                operator.register(subject(config, ScorerConfig.TOPIC_SCORES_CONFIG), scoresAhead);
        Map<String, List<Integer>> before = contents(operator());

        ModelVersion pushed = cluster.pushModel(config, model);
        ScorerInstance instance = startAndAwaitModel(config);
        cluster.produceFeatures(config, model, "p-", EVENTS);
        List<ConsumerRecord<String, byte[]>> out = scoreBytes(config);

        assertThat(out).hasSize(EVENTS);
        assertThat(contents(operator())).isEqualTo(before);
        assertThat(schemaIds(out)).containsExactly(scoresId);
        assertThat(schemaFromApicurio(scoresId)).isEqualTo(scoresAhead);
        assertThat(decode(config, out))
                .hasSize(EVENTS)
                .allSatisfy(s -> assertThat(version(s)).isEqualTo(pushed))
                .extracting(ScoreEvent::getEventId)
                .doesNotHaveDuplicates();
        GenericRecord asWritten = readAs(scoresAhead, out.get(0).value());
        assertThat(asWritten.get("region")).hasToString("unknown");
        assertThat(MeterTotals.scored(instance.metrics())).isEqualTo(EVENTS);
    }

    private static ScorerInstance startAndAwaitModel(ScorerConfig config) {
        ScorerInstance instance = cluster.startInstance(config);
        await().atMost(Duration.ofSeconds(60)).until(() -> instance.models().get("fraud") != null);
        return instance;
    }

    private static String subject(ScorerConfig config, String topicKey) {
        return config.getString(topicKey) + "-value";
    }

    private static SchemaRegistryClient operator() {
        return new HttpSchemaRegistryClient(Map.of("schema.registry.url", apicurio.url()));
    }

    /**
     * Waits until {@link #EVENTS} scores are committed, stops the scorer, and returns every
     * committed score as bytes, so that a duplicate written after the first {@link #EVENTS} is seen
     * too.
     */
    private static List<ConsumerRecord<String, byte[]>> scoreBytes(ScorerConfig config) {
        String topic = config.getString(ScorerConfig.TOPIC_SCORES_CONFIG);
        cluster.drain(
                config,
                topic,
                new ByteArrayDeserializer(),
                records -> records.size() >= EVENTS,
                Duration.ofSeconds(90));
        cluster.stopInstances();
        return cluster.readCommitted(config, topic, new ByteArrayDeserializer());
    }

    /** The schema ids in the Confluent header (magic byte 0, then 4 bytes) of each record. */
    private static Set<Integer> schemaIds(List<ConsumerRecord<String, byte[]>> records) {
        Set<Integer> ids = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            assertThat(record.value()[0]).isZero();
            ids.add(ByteBuffer.wrap(record.value(), 1, 4).getInt());
        }
        return ids;
    }

    private static List<ScoreEvent> decode(
            ScorerConfig config, List<ConsumerRecord<String, byte[]>> records) {
        Deserializer<ScoreEvent> reader =
                cluster.serdes(config).valueSerde(ScoreEvent.class).deserializer();
        List<ScoreEvent> scores = new ArrayList<>();
        records.forEach(r -> scores.add(reader.deserialize(r.topic(), r.value())));
        return scores;
    }

    /**
     * {@code GET /schemas/ids/{id}} straight from Apicurio, not through our client or its cache.
     */
    private static Schema schemaFromApicurio(int id) throws IOException, InterruptedException {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(apicurio.url() + "/schemas/ids/" + id))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /schemas/ids/%d", id).isEqualTo(200);
        return new Schema.Parser().parse(JSON.readTree(response.body()).get("schema").asText());
    }

    /** Every subject of the registry with its versions. */
    private static Map<String, List<Integer>> contents(SchemaRegistryClient client) {
        Map<String, List<Integer>> contents = new TreeMap<>();
        client.subjects().forEach(s -> contents.put(s, client.versions(s)));
        return contents;
    }

    private static Schema withRegionField(Schema schema) {
        List<Schema.Field> fields = new ArrayList<>();
        schema.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(
                new Schema.Field(
                        "region",
                        Schema.create(Schema.Type.STRING),
                        "Added by the operator.",
                        "unknown"));
        return Schema.createRecord(
                schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    private static GenericRecord readAs(Schema writer, byte[] value) throws IOException {
        return new GenericDatumReader<GenericRecord>(writer)
                .read(null, DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
    }

    private static ModelVersion version(ScoreEvent s) {
        return new ModelVersion(s.getModelVersion().getGeneration(), s.getModelVersion().getStep());
    }
}
