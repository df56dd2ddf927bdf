package io.streamscorer.registry;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/** The client's registry contract against our embedded server, over HTTP. */
@Timeout(60)
class EmbeddedRegistryContractTest extends SchemaRegistryContract {
    private static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedSchemaRegistry.builder().start();
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Override
    protected SchemaRegistryClient newClient() {
        return new HttpSchemaRegistryClient(Map.of("schema.registry.url", registry.url()));
    }
}
