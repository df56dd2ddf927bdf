package io.streamscorer.registry;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry contract against Apicurio Registry, an implementation we did not write: through our
 * client and over raw HTTP, one Apicurio process for both. Skipped without a JDK 21 or newer,
 * except under CI, where that fails.
 */
@Timeout(180)
class ApicurioRegistryContractIT {
    @TempDir static Path workDir;
    private static ApicurioRegistry registry;

    @BeforeAll
    static void startApicurio() throws Exception {
        registry = ApicurioRegistry.startForTests(workDir);
    }

    @AfterAll
    static void stopApicurio() {
        if (registry != null) {
            registry.close();
        }
    }

    @Nested
    class ThroughOurClient extends SchemaRegistryContract {
        @Override
        protected SchemaRegistryClient newClient() {
            return new HttpSchemaRegistryClient(Map.of("schema.registry.url", registry.url()));
        }

        @Override
        protected RegistryBehaviour behaviour() {
            return RegistryBehaviour.APICURIO_3_3;
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
            return RegistryBehaviour.APICURIO_3_3;
        }
    }
}
