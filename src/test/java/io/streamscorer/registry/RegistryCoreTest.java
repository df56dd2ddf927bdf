package io.streamscorer.registry;

import static io.streamscorer.registry.MockSchemaRegistryTest.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamscorer.registry.RegistryEvent.SchemaVersionStored;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The registry's state as storage replays it, records written by other registries included. */
class RegistryCoreTest {

    /** Storage holding events written before this registry opened it, by anyone. */
    private record Replayed(List<RegistryEvent> events) implements RegistryStorage {
        @Override
        public void open(Consumer<RegistryEvent> apply) {
            events.forEach(apply);
        }

        @Override
        public void append(RegistryEvent event) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public void close() {}
    }

    @Test
    void shouldSkipAStoredSchemaThatNamesATypeItDoesNotDefineAndServeTheRest() {
        Replayed storage =
                new Replayed(
                        List.of(
                                new SchemaVersionStored("odd-value", 1, 1, "\"Missing\"", false),
                                new SchemaVersionStored(
                                        "cards-value", 1, 2, V1.toString(), false)));

        try (RegistryCore core = new RegistryCore("test", storage).open()) {
            assertThat(core.schemaById(2)).isEqualTo(V1);
            assertThat(core.subjects(false)).containsExactly("cards-value");
            assertThatThrownBy(() -> core.schemaById(1))
                    .isInstanceOf(SchemaNotFoundException.class);
        }
    }
}
