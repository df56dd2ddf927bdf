package io.streamscorer.registry;

import static io.streamscorer.registry.HttpSchemaRegistryClientTest.config;
import static io.streamscorer.registry.MockSchemaRegistryTest.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * https registry URLs: the client trusts a configured trust store, and without it the JDK's default
 * trust refuses a self-signed server. The certificate is made by the JDK's keytool.
 */
@Timeout(120)
class HttpSchemaRegistryClientTlsTest {
    private static final String STORE_PASSWORD = "changeit";

    @TempDir static Path dir;
    private static HttpsServer server;
    private static Path trustStore;
    private static String url;

    @BeforeAll
    static void startHttpsServer() throws Exception {
        Path keyStore = dir.resolve("server.p12");
        Path certificate = dir.resolve("server.crt");
        trustStore = dir.resolve("trust.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "registry",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-keystore",
                keyStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD,
                "-keypass",
                STORE_PASSWORD);
        keytool(
                "-exportcert",
                "-alias",
                "registry",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                STORE_PASSWORD,
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "registry",
                "-file",
                certificate.toString(),
                "-keystore",
                trustStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD);

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, STORE_PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext(
                "/schemas/ids/1",
                exchange -> {
                    try (exchange) {
                        byte[] body =
                                ("{\"schema\":\"" + V1.toString().replace("\"", "\\\"") + "\"}")
                                        .getBytes(StandardCharsets.UTF_8);
                        exchange.getResponseHeaders()
                                .set("Content-Type", "application/vnd.schemaregistry.v1+json");
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                    }
                });
        server.start();
        url = "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stopHttpsServer() {
        server.stop(0);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("keytool.log").toFile())
                        .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("keytool %s: %s", args[0], Files.readString(dir.resolve("keytool.log")))
                .isZero();
    }

    @Test
    void shouldTrustTheServerThroughTheConfiguredTrustStore() {
        HttpSchemaRegistryClient client =
                new HttpSchemaRegistryClient(
                        config(
                                url,
                                "schema.registry.ssl.truststore.location",
                                trustStore.toString(),
                                "schema.registry.ssl.truststore.password",
                                STORE_PASSWORD,
                                "schema.registry.ssl.truststore.type",
                                "PKCS12"));

        assertThat(client.getById(1)).isEqualTo(V1);
    }

    @Test
    void shouldRefuseAnUntrustedServerWithTheJdkDefaultTrust() {
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(config(url));

        assertThatThrownBy(() -> client.getById(1))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining(url)
                .hasMessageContaining("SSLHandshakeException");
    }

    @Test
    void shouldNameTheTrustStoreKeyWhenTheStoreCannotBeLoaded() {
        assertThatThrownBy(
                        () ->
                                new HttpSchemaRegistryClient(
                                        config(
                                                url,
                                                "schema.registry.ssl.truststore.location",
                                                dir.resolve("missing.p12").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.ssl.truststore.location")
                .hasMessageContaining("missing.p12");
        assertThatThrownBy(
                        () ->
                                new HttpSchemaRegistryClient(
                                        config(
                                                url,
                                                "schema.registry.ssl.truststore.location",
                                                trustStore.toString(),
                                                "schema.registry.ssl.truststore.password",
                                                "not-the-password",
                                                "schema.registry.ssl.truststore.type",
                                                "PKCS12")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.ssl.truststore.password")
                .hasMessageNotContaining("not-the-password");
    }
}
