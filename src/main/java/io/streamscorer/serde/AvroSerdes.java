package io.streamscorer.serde;

import io.streamscorer.registry.SchemaRegistryClient;
import io.streamscorer.registry.SchemaRegistryClients;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Hands out Kafka serdes for the generated Avro classes ({@code FeatureEvent}, {@code ScoreEvent},
 * ...) in Confluent's wire format, all sharing one schema registry client. Build it once from the
 * configuration and pass it to the topology; its serdes are thread-safe and need no {@code
 * configure} call.
 *
 * <pre>{@code
 * AvroSerdes serdes = AvroSerdes.create(Map.of("schema.registry.url", "mock://scoring-test"));
 * Serde<FeatureEvent> features = serdes.valueSerde(FeatureEvent.class);
 * builder.stream("scorer.features", Consumed.with(Serdes.String(), features));
 * }</pre>
 *
 * <p>Deserializers throw {@link WireFormatException} for bytes that are not a readable record, with
 * a {@link WireFormatException.Kind} to route on; a registry that cannot be reached is waited for
 * ({@link SchemaLookup}) and then surfaces as {@link
 * io.streamscorer.registry.SchemaRegistryUnavailableException} instead, since it is not the
 * record's fault. A null value (a tombstone) reads as null and writes as null, as Kafka's serde
 * contract asks. Avro's allocation limits are set by {@link AvroReadLimits} when this class is
 * loaded.
 */
public final class AvroSerdes {
    static {
        AvroReadLimits.applyDefaults();
    }

    private final SchemaRegistryClient client;
    private final AvroSerdeConfig config;
    private final RegistryOutageListener outageListener;

    private AvroSerdes(
            SchemaRegistryClient client,
            AvroSerdeConfig config,
            RegistryOutageListener outageListener) {
        this.client = Objects.requireNonNull(client, "client");
        this.config = config;
        this.outageListener = Objects.requireNonNull(outageListener, "outageListener");
    }

    /**
     * Serdes with a registry client made from the same settings ({@code schema.registry.url} and
     * the other keys of {@link io.streamscorer.registry.SchemaRegistryClientConfig}).
     *
     * @throws ConfigException naming the key whose value is missing or invalid
     */
    public static AvroSerdes create(Map<String, ?> configs) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        return new AvroSerdes(
                SchemaRegistryClients.create(configs), config, RegistryOutageListener.NONE);
    }

    /**
     * Serdes over an existing client; {@code configs} holds only the {@link AvroSerdeConfig} keys,
     * if any.
     *
     * @throws ConfigException naming the key whose value is invalid
     */
    public static AvroSerdes create(SchemaRegistryClient client, Map<String, ?> configs) {
        return new AvroSerdes(client, new AvroSerdeConfig(configs), RegistryOutageListener.NONE);
    }

    /**
     * These serdes, with deserializers that tell {@code listener} of every failed attempt to reach
     * the registry while they wait for it ({@code schema.registry.outage.wait.ms}).
     */
    public AvroSerdes withOutageListener(RegistryOutageListener listener) {
        return new AvroSerdes(client, config, listener);
    }

    /** A serde for record values of {@code type}, under subjects {@code <topic>-value}. */
    public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
        return serde(type, false);
    }

    /** A serde for record keys of {@code type}, under subjects {@code <topic>-key}. */
    public <T extends SpecificRecord> Serde<T> keySerde(Class<T> type) {
        return serde(type, true);
    }

    /** The registry client every serde of this factory uses. */
    public SchemaRegistryClient client() {
        return client;
    }

    private <T extends SpecificRecord> Serde<T> serde(Class<T> type, boolean isKey) {
        return Serdes.serdeFrom(
                new SpecificAvroSerializer<>(client, type, isKey, config),
                new SpecificAvroDeserializer<>(
                        SchemaLookup.waitingUpTo(client, config.outageWait(), outageListener),
                        type));
    }
}
