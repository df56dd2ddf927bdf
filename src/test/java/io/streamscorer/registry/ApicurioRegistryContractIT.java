package io.streamscorer.registry;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's registry contract against Apicurio Registry, an independent implementation. Skipped
 * without a JDK 21 or newer, except under CI, where that fails.
 */
@Timeout(180)
class ApicurioRegistryContractIT extends SchemaRegistryContract {
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

    @Override
    protected SchemaRegistryClient newClient() {
        return new HttpSchemaRegistryClient(Map.of("schema.registry.url", registry.url()));
    }
}
