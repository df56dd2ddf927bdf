package io.streamscorer.registry;

import static io.streamscorer.registry.HttpSchemaRegistryClientTest.config;
import static io.streamscorer.registry.MockSchemaRegistryTest.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Choosing the client from the configuration, and refusing bad settings by key name. */
class SchemaRegistryClientsTest {

    @Test
    void shouldGiveTheScopesInProcessRegistryForAMockUrl() {
        String scope = "clients-test-" + UUID.randomUUID();
        try {
            SchemaRegistryClient client =
                    SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://" + scope));
            int id = client.register("cards-value", V1);

            assertThat(MockSchemaRegistry.clientFor(scope).getById(id)).isEqualTo(V1);
        } finally {
            MockSchemaRegistry.dropScope(scope);
        }
    }

    @Test
    void shouldGiveAnHttpClientForHttpUrls() {
        assertThat(
                        SchemaRegistryClients.create(
                                Map.of(
                                        "schema.registry.url",
                                        "http://a.example:8081,https://b.example:8081/ccompat",
                                        "application.id",
                                        "ignored-other-key")))
                .isInstanceOf(HttpSchemaRegistryClient.class);
    }

    @Test
    void shouldRequireTheRegistryUrl() {
        assertThatThrownBy(() -> SchemaRegistryClients.create(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void shouldNameTheKeyOfAValueOfTheWrongType() {
        assertThatThrownBy(
                        () ->
                                SchemaRegistryClients.create(
                                        config(
                                                "http://localhost:8081",
                                                "schema.registry.request.timeout.ms",
                                                "soon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.request.timeout.ms");
        assertThatThrownBy(
                        () ->
                                SchemaRegistryClients.create(
                                        config(
                                                "http://localhost:8081",
                                                "schema.registry.request.timeout.ms",
                                                0)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.request.timeout.ms");
    }

    @Test
    void shouldRefuseAnUnknownCredentialsSource() {
        assertThatThrownBy(
                        () ->
                                SchemaRegistryClients.create(
                                        config(
                                                "http://localhost:8081",
                                                "basic.auth.credentials.source",
                                                "SASL_INHERIT")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.credentials.source");
        assertThatThrownBy(
                        () ->
                                SchemaRegistryClients.create(
                                        config(
                                                "http://localhost:8081",
                                                "bearer.auth.credentials.source",
                                                "OAUTHBEARER")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bearer.auth.credentials.source");
    }

    @Test
    void shouldRequireUserInfoWhenTheSourceIsUserInfo() {
        assertThatThrownBy(
                        () ->
                                SchemaRegistryClients.create(
                                        config(
                                                "http://localhost:8081",
                                                "basic.auth.credentials.source",
                                                "USER_INFO",
                                                "basic.auth.user.info",
                                                "no-colon-here")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.user.info")
                .hasMessageNotContaining("no-colon-here");
    }

    @Test
    void shouldRequireATokenForStaticBearerAuth() {
        assertThatThrownBy(
                        () ->
                                SchemaRegistryClients.create(
                                        config(
                                                "http://localhost:8081",
                                                "bearer.auth.credentials.source",
                                                "STATIC_TOKEN")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bearer.auth.token");
    }

    @Test
    void shouldRefuseBasicAndBearerCredentialsTogether() {
        assertThatThrownBy(
                        () ->
                                SchemaRegistryClients.create(
                                        config(
                                                "http://alice:pw@localhost:8081",
                                                "bearer.auth.credentials.source",
                                                "STATIC_TOKEN",
                                                "bearer.auth.token",
                                                "t")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bearer.auth.credentials.source")
                .hasMessageContaining("basic.auth.credentials.source=URL");
    }

    @Test
    void shouldRefuseUrlsThatAreNotHttp() {
        assertThatThrownBy(() -> SchemaRegistryClients.create(config("ftp://registry.example:21")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> SchemaRegistryClients.create(config("mock://a,http://b:1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mock://");
        assertThatThrownBy(() -> SchemaRegistryClients.create(config("mock://")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("scope");
    }
}
