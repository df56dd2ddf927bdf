package io.streamscorer.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The baseline: records copied byte for byte from the input to the output topic by a plain {@link
 * KafkaConsumer} and {@link KafkaProducer} per thread, committing as Kafka Streams does. At least
 * once: every commit interval, flush the producer, then commit the consumed offsets. Exactly once:
 * one transaction per commit interval, the consumed offsets sent into it with {@code
 * sendOffsetsToTransaction}. Before partitions are taken away in a rebalance, what was consumed
 * from them is committed the same way.
 */
public final class PlainPipe implements Pipeline {
    private static final Duration POLL = Duration.ofMillis(100);

    @Override
    public String label() {
        return "(a) plain consumer → producer";
    }

    @Override
    public Running start(Run run) {
        List<Loop> loops = new ArrayList<>();
        for (int i = 0; i < run.settings().threads(); i++) {
            loops.add(new Loop(run, i));
        }
        loops.forEach(Loop::start);
        return new Running() {
            @Override
            public Throwable failure() {
                for (Loop loop : loops) {
                    if (loop.failure.get() != null) {
                        return loop.failure.get();
                    }
                }
                return null;
            }

            @Override
            public void close() {
                loops.forEach(Loop::stop);
            }
        };
    }

    /** One consume-produce loop on its own thread. */
    private static final class Loop implements ConsumerRebalanceListener {
        private final Run run;
        private final boolean exactlyOnce;
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final KafkaProducer<byte[], byte[]> producer;
        private final Map<TopicPartition, OffsetAndMetadata> consumed = new HashMap<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;
        private volatile boolean running = true;
        private boolean inTransaction;

        Loop(Run run, int index) {
            this.run = run;
            PipelineSettings settings = run.settings();
            this.exactlyOnce = settings.guarantee() == Guarantee.EXACTLY_ONCE;
            // Client ids carry the run's id, which names the producer's I/O thread after it.
            Map<String, Object> consumerProps = settings.consumerProperties(run.groupId());
            consumerProps.put(
                    ConsumerConfig.CLIENT_ID_CONFIG, run.groupId() + "-consumer-" + index);
            Map<String, Object> producerProps =
                    settings.producerProperties(exactlyOnce ? run.groupId() + "-" + index : null);
            producerProps.put(
                    ProducerConfig.CLIENT_ID_CONFIG, run.groupId() + "-producer-" + index);
            this.consumer =
                    new KafkaConsumer<>(
                            consumerProps,
                            new ByteArrayDeserializer(),
                            new ByteArrayDeserializer());
            this.producer =
                    new KafkaProducer<>(
                            producerProps, new ByteArraySerializer(), new ByteArraySerializer());
            this.thread = new Thread(this::runLoop, run.groupId() + "-loop-" + index);
        }

        void start() {
            thread.start();
        }

        private void runLoop() {
            try {
                if (exactlyOnce) {
                    producer.initTransactions();
                }
                consumer.subscribe(List.of(run.inputTopic()), this);
                long commitEvery = run.settings().commitIntervalMs();
                long nextCommit = System.currentTimeMillis() + commitEvery;
                while (running) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                    if (!records.isEmpty()) {
                        forward(records);
                    }
                    long now = System.currentTimeMillis();
                    if (now >= nextCommit) {
                        commit();
                        nextCommit = now + commitEvery;
                    }
                }
                commit();
            } catch (WakeupException e) {
                // stop() woke the consumer up: leave without committing what may be half sent.
            } catch (RuntimeException e) {
                failure.set(e);
            } finally {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
                producer.close(Duration.ofSeconds(5));
            }
        }

        private void forward(ConsumerRecords<byte[], byte[]> records) {
            if (exactlyOnce && !inTransaction) {
                producer.beginTransaction();
                inTransaction = true;
            }
            for (TopicPartition partition : records.partitions()) {
                List<ConsumerRecord<byte[], byte[]>> batch = records.records(partition);
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    // Same partitioner, timestamp and headers as Kafka Streams' sink node.
                    var unused =
                            producer.send(
                                    new ProducerRecord<>(
                                            run.outputTopic(),
                                            null,
                                            r.timestamp(),
                                            r.key(),
                                            r.value(),
                                            r.headers()),
                                    (metadata, e) -> {
                                        if (e != null) {
                                            failure.compareAndSet(null, e);
                                        }
                                    });
                }
                consumed.put(
                        partition, new OffsetAndMetadata(batch.get(batch.size() - 1).offset() + 1));
            }
        }

        private void commit() {
            if (consumed.isEmpty()) {
                return;
            }
            if (exactlyOnce) {
                producer.sendOffsetsToTransaction(consumed, consumer.groupMetadata());
                producer.commitTransaction();
                inTransaction = false;
            } else {
                producer.flush();
                if (failure.get() != null) {
                    throw new IllegalStateException("a send failed", failure.get());
                }
                consumer.commitSync(consumed);
            }
            consumed.clear();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commit();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}

        void stop() {
            running = false;
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                consumer.wakeup();
            }
        }
    }
}
