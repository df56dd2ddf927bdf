package io.streamscorer.registry;

import static io.streamscorer.registry.HttpSchemaRegistryClientTest.config;
import static io.streamscorer.registry.MockSchemaRegistryTest.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Basic and bearer authentication of the HTTP client, against the embedded server. */
@Timeout(60)
class HttpSchemaRegistryClientAuthTest {

    @Test
    void shouldAuthenticateWithBasicCredentialsFromUserInfo() {
        try (EmbeddedSchemaRegistry registry =
                EmbeddedSchemaRegistry.builder().basicAuth("alice", "s3cret").start()) {
            HttpSchemaRegistryClient client =
                    new HttpSchemaRegistryClient(
                            config(
                                    registry.url(),
                                    "basic.auth.credentials.source",
                                    "USER_INFO",
                                    "basic.auth.user.info",
                                    "alice:s3cret"));

            assertThat(client.register("cards-value", V1)).isEqualTo(1);
        }
    }

    @Test
    void shouldAuthenticateWithBasicCredentialsFromTheUrl() {
        try (EmbeddedSchemaRegistry registry =
                EmbeddedSchemaRegistry.builder().basicAuth("alice", "s3cret").start()) {
            String url = registry.url().replace("http://", "http://alice:s3cret@");
            HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(config(url));

            assertThat(client.register("cards-value", V1)).isEqualTo(1);
        }
    }

    @Test
    void shouldSayWhichCredentialsWereRefusedWithoutRevealingThePassword() {
        try (EmbeddedSchemaRegistry registry =
                EmbeddedSchemaRegistry.builder().basicAuth("alice", "s3cret").start()) {
            HttpSchemaRegistryClient client =
                    new HttpSchemaRegistryClient(
                            config(
                                    registry.url(),
                                    "basic.auth.credentials.source",
                                    "USER_INFO",
                                    "basic.auth.user.info",
                                    "alice:wrong-password"));

            assertThatThrownBy(() -> client.register("cards-value", V1))
                    .isInstanceOfSatisfying(
                            UnauthorizedException.class,
                            e -> assertThat(e.httpStatus()).isEqualTo(401))
                    .hasMessageContaining("refused the credentials")
                    .hasMessageContaining("basic.auth.credentials.source=USER_INFO (user 'alice')")
                    .hasMessageContaining(registry.url())
                    .hasMessageNotContaining("wrong-password");
        }
    }

    @Test
    void shouldSayNoCredentialsWereSentWhenTheRegistryWantsSome() {
        try (EmbeddedSchemaRegistry registry =
                EmbeddedSchemaRegistry.builder().basicAuth("alice", "s3cret").start()) {
            HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(config(registry.url()));

            assertThatThrownBy(client::subjects)
                    .isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("no credentials");
        }
    }

    @Test
    void shouldSendTheStaticBearerToken() {
        try (EmbeddedSchemaRegistry registry =
                EmbeddedSchemaRegistry.builder().bearerToken("token-123").start()) {
            HttpSchemaRegistryClient client =
                    new HttpSchemaRegistryClient(
                            config(
                                    registry.url(),
                                    "bearer.auth.credentials.source",
                                    "STATIC_TOKEN",
                                    "bearer.auth.token",
                                    "token-123"));

            assertThat(client.register("cards-value", V1)).isEqualTo(1);
        }
    }

    @Test
    void shouldNameTheBearerSourceWhenTheTokenIsRefused() {
        try (EmbeddedSchemaRegistry registry =
                EmbeddedSchemaRegistry.builder().bearerToken("token-123").start()) {
            HttpSchemaRegistryClient client =
                    new HttpSchemaRegistryClient(
                            config(
                                    registry.url(),
                                    "bearer.auth.credentials.source",
                                    "STATIC_TOKEN",
                                    "bearer.auth.token",
                                    "stale-token"));

            assertThatThrownBy(client::subjects)
                    .isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("bearer.auth.credentials.source=STATIC_TOKEN")
                    .hasMessageNotContaining("stale-token");
        }
    }
}
