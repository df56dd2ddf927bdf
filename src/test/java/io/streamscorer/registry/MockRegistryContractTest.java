package io.streamscorer.registry;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/**
 * The client's registry contract against the in-process {@code mock://} registry (no HTTP, so only
 * {@link SchemaRegistryContract}).
 */
class MockRegistryContractTest extends SchemaRegistryContract {
    private final String scope = "contract-" + UUID.randomUUID();

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Override
    protected SchemaRegistryClient newClient() {
        return MockSchemaRegistry.clientFor(scope);
    }

    @Override
    protected RegistryBehaviour behaviour() {
        return RegistryBehaviour.CONFLUENT_DOCUMENTED;
    }
}
