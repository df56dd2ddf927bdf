package io.streamscorer.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.registry.SchemaRegistryClient;
import io.streamscorer.registry.SchemaRegistryUnavailableException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaLookupTest {
    private static final Schema SCHEMA = FeatureEvent.getClassSchema();

    private long now;
    private final List<Long> sleeps = new ArrayList<>();
    private final List<Boolean> told = new ArrayList<>();

    /** A registry client whose getById finds no registry {@code outages} times, then answers. */
    private static SchemaRegistryClient unreachableFor(int outages) {
        int[] calls = {0};
        return (SchemaRegistryClient)
                Proxy.newProxyInstance(
                        SchemaRegistryClient.class.getClassLoader(),
                        new Class<?>[] {SchemaRegistryClient.class},
                        (proxy, method, args) -> {
                            if (!method.getName().equals("getById")) {
                                throw new UnsupportedOperationException(method.getName());
                            }
                            if (calls[0]++ < outages) {
                                throw new SchemaRegistryUnavailableException(
                                        "http://registry:8081",
                                        "http://registry:8081 (connection refused)",
                                        null,
                                        null);
                            }
                            return SCHEMA;
                        });
    }

    private SchemaLookup lookup(SchemaRegistryClient client, Duration wait) {
        return new SchemaLookup(
                client,
                wait,
                (id, givingUp) -> told.add(givingUp),
                () -> now,
                nanos -> {
                    sleeps.add(nanos);
                    now += nanos;
                });
    }

    @Test
    void shouldWaitOutAnOutageShorterThanTheWaitWithBackoff() {
        Schema schema = lookup(unreachableFor(4), Duration.ofSeconds(60)).byId(7);

        assertThat(schema).isEqualTo(SCHEMA);
        assertThat(sleeps)
                .containsExactly(
                        Duration.ofMillis(100).toNanos(),
                        Duration.ofMillis(200).toNanos(),
                        Duration.ofMillis(400).toNanos(),
                        Duration.ofMillis(800).toNanos());
        assertThat(told).containsExactly(false, false, false, false);
    }

    @Test
    void shouldBackOffToAtMostFiveSeconds() {
        lookup(unreachableFor(10), Duration.ofSeconds(60)).byId(7);

        assertThat(sleeps).last().isEqualTo(Duration.ofSeconds(5).toNanos());
        assertThat(sleeps).allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(5_000_000_000L));
    }

    @Test
    void shouldGiveUpWithTheRegistrysErrorOnceTheWaitIsUsedUp() {
        SchemaLookup lookup = lookup(unreachableFor(Integer.MAX_VALUE), Duration.ofSeconds(2));

        assertThatThrownBy(() -> lookup.byId(7))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("connection refused");
        assertThat(sleeps.stream().mapToLong(Long::longValue).sum())
                .isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(told).last().isEqualTo(true);
        assertThat(told.subList(0, told.size() - 1)).containsOnly(false);
    }

    @Test
    void shouldNotWaitAtAllWhenTheWaitIsZero() {
        SchemaLookup lookup = lookup(unreachableFor(1), Duration.ZERO);

        assertThatThrownBy(() -> lookup.byId(7))
                .isInstanceOf(SchemaRegistryUnavailableException.class);
        assertThat(sleeps).isEmpty();
        assertThat(told).containsExactly(true);
    }

    @Test
    void shouldStopWaitingWhenInterruptedAndKeepTheInterrupt() {
        SchemaLookup lookup =
                new SchemaLookup(
                        unreachableFor(Integer.MAX_VALUE),
                        Duration.ofSeconds(60),
                        RegistryOutageListener.NONE,
                        System::nanoTime,
                        nanos -> {
                            throw new InterruptedException();
                        });

        try {
            assertThatThrownBy(() -> lookup.byId(7))
                    .isInstanceOf(SchemaRegistryUnavailableException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
