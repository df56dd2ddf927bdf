package io.streamscorer.registry;

import static io.streamscorer.registry.SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION_CONFIG;
import static io.streamscorer.registry.SchemaRegistryClientConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG;
import static io.streamscorer.registry.SchemaRegistryClientConfig.SSL_TRUSTSTORE_TYPE_CONFIG;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;

/** Which servers an https registry client trusts: the JDK's defaults or a configured store. */
final class RegistryTrust {
    private RegistryTrust() {}

    /**
     * The JDK's default TLS context, or one trusting only the configured trust store.
     *
     * @throws ConfigException naming the trust store key when the store cannot be loaded
     */
    static SSLContext sslContext(SchemaRegistryClientConfig config) {
        String location = config.getString(SSL_TRUSTSTORE_LOCATION_CONFIG);
        try {
            if (location == null) {
                return SSLContext.getDefault();
            }
            String password = config.secret(SSL_TRUSTSTORE_PASSWORD_CONFIG);
            KeyStore trustStore =
                    KeyStore.getInstance(config.getString(SSL_TRUSTSTORE_TYPE_CONFIG));
            try (InputStream in = Files.newInputStream(Path.of(location))) {
                trustStore.load(in, password == null ? null : password.toCharArray());
            }
            TrustManagerFactory trust =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            boolean badPassword = e.getCause() instanceof UnrecoverableKeyException;
            throw new ConfigException(
                    badPassword ? SSL_TRUSTSTORE_PASSWORD_CONFIG : SSL_TRUSTSTORE_LOCATION_CONFIG,
                    badPassword ? "[hidden]" : location,
                    "cannot load the trust store: " + describe(e));
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
