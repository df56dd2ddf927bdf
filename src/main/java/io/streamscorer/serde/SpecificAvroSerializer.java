package io.streamscorer.serde;

import io.streamscorer.avro.ModelSpec;
import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.registry.RegisteredSchema;
import io.streamscorer.registry.SchemaRegistryClient;
import io.streamscorer.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a generated Avro class in Confluent's framing, byte for byte what Confluent's
 * KafkaAvroSerializer writes, under the topic's subject ({@code <topic>-value} or {@code
 * <topic>-key}). The schema id is resolved once per subject (registered, looked up, or the
 * subject's latest version; see {@link AvroSerdeConfig}) and then kept, so the hot path makes no
 * registry request. Thread-safe.
 *
 * <p>Written with a latest version that lacks some of the class's fields, a record loses them. A
 * {@link ModelSpec} is refused instead when it sets one: a model version without its scaling would
 * score raw values with weights meant for standardised ones, on every instance.
 */
final class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    // Stream threads are long-lived: one buffered encoder each, re-pointed at every record.
    private static final ThreadLocal<BinaryEncoder> ENCODERS = new ThreadLocal<>();

    /** The classes whose records must reach the latest version whole, or not at all. */
    private static final Set<Class<?>> WHOLE = Set.of(ModelSpec.class);

    private final SchemaRegistryClient client;
    private final Class<T> type;
    private final Schema schema;
    private final DatumWriter<T> writer;
    private final boolean isKey;
    private final AvroSerdeConfig config;
    private final ConcurrentMap<String, WriterPlan<T>> plans =
            new ConcurrentHashMap<>(); // by topic

    /**
     * The id to frame records of a subject with and, when that schema is laid out differently from
     * the class's, how to re-encode them in its layout.
     */
    private record WriterPlan<T extends SpecificRecord>(
            int schemaId, Projection<T> projection, long expiresAtNanos) {
        boolean fresh(long now) {
            return expiresAtNanos == Long.MAX_VALUE || now - expiresAtNanos < 0;
        }
    }

    SpecificAvroSerializer(
            SchemaRegistryClient client, Class<T> type, boolean isKey, AvroSerdeConfig config) {
        this.client = client;
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.writer = writerOf(type, schema, model);
        this.isKey = isKey;
        this.config = config;
    }

    /** The scorer's own writer for its hottest output record, Avro's for every other class. */
    @SuppressWarnings("unchecked") // type is ScoreEvent.class, so T is ScoreEvent
    private static <T extends SpecificRecord> DatumWriter<T> writerOf(
            Class<T> type, Schema schema, SpecificData model) {
        if (type == ScoreEvent.class && ScoreEventWriter.writes(schema)) {
            return (DatumWriter<T>) new ScoreEventWriter();
        }
        return new SpecificDatumWriter<>(schema, model);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        WriterPlan<T> plan = plan(topic);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        int id = plan.schemaId();
        out.write(WireFormat.MAGIC_BYTE);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, ENCODERS.get());
        ENCODERS.set(encoder);
        try {
            if (plan.projection() == null) {
                writer.write(data, encoder);
            } else {
                plan.projection().write(data, encoder);
            }
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "Cannot serialize a "
                            + type.getSimpleName()
                            + " for topic '"
                            + topic
                            + "' with schema id "
                            + id
                            + ": "
                            + e.getMessage(),
                    e);
        }
        return out.toByteArray();
    }

    private WriterPlan<T> plan(String topic) {
        long now = System.nanoTime();
        // By topic, whose String a sink hands over every time with its hash cached: the subject
        // would be a new String, hashed anew, per record.
        WriterPlan<T> plan = plans.get(topic);
        if (plan != null && plan.fresh(now)) {
            return plan;
        }
        String subject = WireFormat.subject(topic, isKey);
        try {
            plan = config.useLatestVersion() ? latest(subject, now) : own(subject);
        } catch (SchemaRegistryException e) {
            throw new SerializationException(
                    "Cannot get a schema id for "
                            + type.getSimpleName()
                            + " records of topic '"
                            + topic
                            + "' (subject '"
                            + subject
                            + "', "
                            + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG
                            + "="
                            + config.autoRegisterSchemas()
                            + ", "
                            + AvroSerdeConfig.USE_LATEST_VERSION_CONFIG
                            + "="
                            + config.useLatestVersion()
                            + "): "
                            + e.getMessage(),
                    e);
        }
        plans.put(topic, plan);
        return plan;
    }

    private WriterPlan<T> own(String subject) {
        int id =
                config.autoRegisterSchemas()
                        ? client.register(subject, schema)
                        : client.lookup(subject, schema).id();
        return new WriterPlan<>(id, null, Long.MAX_VALUE);
    }

    private WriterPlan<T> latest(String subject, long now) {
        RegisteredSchema latest = client.latest(subject);
        long ttl = config.latestCacheTtlSeconds();
        long expiresAt = ttl < 0 ? Long.MAX_VALUE : now + TimeUnit.SECONDS.toNanos(ttl);
        // Same parsing form means the same binary layout: write the record as it is.
        if (SchemaNormalization.parsingFingerprint64(latest.schema())
                == SchemaNormalization.parsingFingerprint64(schema)) {
            return new WriterPlan<>(latest.id(), null, expiresAt);
        }
        SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(latest.schema(), schema);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SerializationException(
                    "The latest schema of subject '"
                            + subject
                            + "' (version "
                            + latest.version()
                            + ", id "
                            + latest.id()
                            + ") cannot represent "
                            + type.getName()
                            + " records: "
                            + compatibility.getResult().getIncompatibilities().stream()
                                    .map(i -> i.getType() + " at " + i.getLocation())
                                    .collect(Collectors.joining("; ")));
        }
        List<Schema.Field> guarded =
                WHOLE.contains(type) ? dropped(schema, latest.schema()) : List.of();
        return new WriterPlan<>(
                latest.id(),
                new Projection<>(
                        schema, writer, latest.schema(), guarded, subject, latest.version()),
                expiresAt);
    }

    /** The fields of {@code own} that schema resolution onto {@code target} drops. */
    private static List<Schema.Field> dropped(Schema own, Schema target) {
        return own.getFields().stream()
                .filter(
                        f ->
                                target.getField(f.name()) == null
                                        && target.getFields().stream()
                                                .noneMatch(t -> t.aliases().contains(f.name())))
                .toList();
    }

    /**
     * Re-encodes a record of the class's schema in the layout of a compatible target schema, by
     * Avro schema resolution: fields the target lacks are dropped, fields only it has take their
     * defaults. Logical types stay in their underlying form, so no conversion is needed.
     */
    private static final class Projection<T extends SpecificRecord> {
        private final DatumWriter<T> classWriter;
        private final GenericDatumReader<Object> reader;
        private final GenericDatumWriter<Object> targetWriter;
        private final List<Schema.Field> guarded;
        private final String subject;
        private final int version;

        /**
         * A projection onto {@code target} that refuses a record setting any of {@code guarded}.
         *
         * @param guarded fields the target lacks that a record may only leave at their default
         * @param subject the target's subject, for messages
         * @param version the target's version, for messages
         */
        Projection(
                Schema classSchema,
                DatumWriter<T> classWriter,
                Schema target,
                List<Schema.Field> guarded,
                String subject,
                int version) {
            this.classWriter = classWriter;
            this.reader = new GenericDatumReader<>(classSchema, target, GenericData.get());
            this.targetWriter = new GenericDatumWriter<>(target, GenericData.get());
            this.guarded = guarded;
            this.subject = subject;
            this.version = version;
        }

        void write(T record, BinaryEncoder target) throws IOException {
            for (Schema.Field field : guarded) {
                Object value = record.get(field.pos());
                if (!Objects.equals(value, SpecificData.get().getDefaultValue(field))) {
                    throw new IllegalArgumentException(
                            "the record sets '"
                                    + field.name()
                                    + "', which version "
                                    + version
                                    + " of subject '"
                                    + subject
                                    + "' (the latest) has no field for: it would be lost. Register"
                                    + " the scorer's schema (scorer schemas register)");
                }
            }
            ByteArrayOutputStream own = new ByteArrayOutputStream(256);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(own, null);
            classWriter.write(record, encoder);
            encoder.flush();
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(own.toByteArray(), null);
            targetWriter.write(reader.read(null, decoder), target);
        }
    }
}
