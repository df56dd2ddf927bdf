package io.streamscorer.registry;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client's registry contract against Apicurio Registry, an independent implementation. */
@Timeout(180)
class ApicurioRegistryContractIT extends SchemaRegistryContract {
    @TempDir static Path workDir;
    private static ApicurioRegistry registry;

    @BeforeAll
    static void startApicurio() throws Exception {
        Optional<Path> java = ApicurioRegistry.java21();
        Assumptions.assumeTrue(
                java.isPresent(),
                "Apicurio Registry needs a JDK 21 or newer: set APICURIO_JAVA_HOME, or install one"
                        + " under /usr/lib/jvm");
        registry = ApicurioRegistry.start(java.get(), workDir);
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
