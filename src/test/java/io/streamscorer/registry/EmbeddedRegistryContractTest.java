package io.streamscorer.registry;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Timeout;

/**
 * The registry contract against our embedded server, which must behave as Confluent documents:
 * through our client and over raw HTTP, one server for both.
 */
@Timeout(60)
class EmbeddedRegistryContractTest {
    private static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedSchemaRegistry.builder().start();
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Nested
    class ThroughOurClient extends SchemaRegistryContract {
        @Override
        protected SchemaRegistryClient newClient() {
            return new HttpSchemaRegistryClient(Map.of("schema.registry.url", registry.url()));
        }

        @Override
        protected RegistryBehaviour behaviour() {
            return RegistryBehaviour.CONFLUENT_DOCUMENTED;
        }
    }

    @Nested
    class OverHttp extends SchemaRegistryRestContract {
        @Override
        protected String baseUrl() {
            return registry.url();
        }

        @Override
        protected RegistryBehaviour behaviour() {
            return RegistryBehaviour.CONFLUENT_DOCUMENTED;
        }
    }
}
