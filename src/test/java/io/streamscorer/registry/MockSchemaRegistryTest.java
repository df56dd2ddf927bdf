package io.streamscorer.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry's behaviour, through the in-process client that {@code mock://} URLs give. */
class MockSchemaRegistryTest {
    static final Schema V1 =
            parse(
                    "{\"type\":\"record\",\"name\":\"Card\",\"namespace\":\"test\",\"fields\":["
                            + "{\"name\":\"id\",\"type\":\"string\"}]}");
    static final Schema V2_WITH_DEFAULT =
            parse(
                    "{\"type\":\"record\",\"name\":\"Card\",\"namespace\":\"test\",\"fields\":["
                            + "{\"name\":\"id\",\"type\":\"string\"},"
                            + "{\"name\":\"limit\",\"type\":\"double\",\"default\":0.0}]}");
    static final Schema V2_WITHOUT_DEFAULT =
            parse(
                    "{\"type\":\"record\",\"name\":\"Card\",\"namespace\":\"test\",\"fields\":["
                            + "{\"name\":\"id\",\"type\":\"string\"},"
                            + "{\"name\":\"limit\",\"type\":\"double\"}]}");
    static final Schema OTHER =
            parse(
                    "{\"type\":\"record\",\"name\":\"Device\",\"namespace\":\"test\",\"fields\":["
                            + "{\"name\":\"serial\",\"type\":\"long\"}]}");

    private final String scope = "mock-registry-test-" + UUID.randomUUID();
    private final SchemaRegistryClient client = MockSchemaRegistry.clientFor(scope);

    static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void shouldGiveTheSameIdAndVersionToTheSameSchemaWrittenWithOtherWhitespace() {
        int id = client.register("cards-value", V1);
        Schema spaced =
                parse(
                        "{ \"type\" : \"record\",\n  \"name\" : \"Card\", \"namespace\": \"test\","
                                + "\n  \"fields\" : [ { \"name\" : \"id\", \"type\" : \"string\" } ] }");

        assertThat(client.register("cards-value", spaced)).isEqualTo(id);
        assertThat(client.versions("cards-value")).containsExactly(1);
    }

    @Test
    void shouldReturnTheExistingIdWhenASchemaIsRegisteredUnderAnotherSubject() {
        int id = client.register("cards-value", V1);

        int again = client.register("archive-value", V1);

        assertThat(again).isEqualTo(id);
        assertThat(client.latest("archive-value").version()).isEqualTo(1);
    }

    @Test
    void shouldNumberIdsGloballyAndVersionsPerSubject() {
        int first = client.register("cards-value", V1);
        int second = client.register("devices-value", OTHER);
        int third = client.register("cards-value", V2_WITH_DEFAULT);

        assertThat(List.of(first, second, third)).containsExactly(1, 2, 3);
        assertThat(client.versions("cards-value")).containsExactly(1, 2);
        assertThat(client.latest("cards-value"))
                .isEqualTo(new RegisteredSchema("cards-value", 3, 2, V2_WITH_DEFAULT));
        assertThat(client.version("cards-value", 1).schema()).isEqualTo(V1);
        assertThat(client.getById(second)).isEqualTo(OTHER);
        assertThat(client.subjects()).containsExactly("cards-value", "devices-value");
    }

    @Test
    void shouldRefuseABackwardIncompatibleSchemaByDefaultNamingSubjectAndReason() {
        client.register("cards-value", V1);

        assertThatThrownBy(() -> client.register("cards-value", V2_WITHOUT_DEFAULT))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("cards-value")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
                .hasMessageContaining("limit");
        assertThat(client.versions("cards-value")).containsExactly(1);
        assertThat(client.isCompatible("cards-value", V2_WITHOUT_DEFAULT)).isFalse();
        assertThat(client.isCompatible("cards-value", V2_WITH_DEFAULT)).isTrue();
    }

    @Test
    void shouldCheckForwardCompatibilityInTheOtherDirection() {
        client.setCompatibility("cards-value", "FORWARD");
        client.register("cards-value", V2_WITHOUT_DEFAULT);

        // Old readers of V2 (which need "limit") cannot read V1 data: FORWARD refuses V1.
        assertThatThrownBy(() -> client.register("cards-value", V1))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("version 1 cannot read data written with the new schema");
    }

    @Test
    void shouldCheckEveryVersionWhenTheLevelIsTransitive() {
        Schema v3DropsDefault =
                parse(
                        "{\"type\":\"record\",\"name\":\"Card\",\"namespace\":\"test\",\"fields\":["
                                + "{\"name\":\"id\",\"type\":\"string\"},"
                                + "{\"name\":\"limit\",\"type\":\"double\"}]}");
        client.setCompatibility("cards-value", "BACKWARD_TRANSITIVE");
        client.register("cards-value", V1);
        client.register("cards-value", V2_WITH_DEFAULT);

        // Reads V2 data (which has "limit") but not V1 data (which lacks it).
        assertThatThrownBy(() -> client.register("cards-value", v3DropsDefault))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("version 1");
        client.setCompatibility("cards-value", "BACKWARD");
        assertThat(client.register("cards-value", v3DropsDefault)).isEqualTo(3);
    }

    @Test
    void shouldAcceptAnythingWhenTheLevelIsNone() {
        client.setGlobalCompatibility("NONE");
        client.register("cards-value", V1);

        assertThat(client.register("cards-value", OTHER)).isEqualTo(2);
        assertThat(client.globalCompatibility()).isEqualTo("NONE");
    }

    @Test
    void shouldApplyTheSubjectLevelOverTheGlobalOne() {
        client.setGlobalCompatibility("FULL");
        client.setCompatibility("cards-value", "none");

        assertThat(client.compatibility("cards-value")).isEqualTo("NONE");
        assertThat(client.compatibility("devices-value")).isEqualTo("FULL");
    }

    @Test
    void shouldRefuseAnUnknownCompatibilityLevelWithErrorCode42203() {
        assertThatThrownBy(() -> client.setCompatibility("cards-value", "SIDEWAYS"))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(42203))
                .hasMessageContaining("SIDEWAYS")
                .hasMessageContaining("FULL_TRANSITIVE");
    }

    @Test
    void shouldNameTheMissingThingWithConfluentErrorCodes() {
        client.register("cards-value", V1);

        assertThatThrownBy(() -> client.latest("nobody-value"))
                .isInstanceOf(SubjectNotFoundException.class)
                .hasMessageContaining("nobody-value")
                .hasMessageContaining("40401");
        assertThatThrownBy(() -> client.version("cards-value", 7))
                .isInstanceOf(VersionNotFoundException.class)
                .hasMessageContaining("40402");
        assertThatThrownBy(() -> client.getById(99))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("40403");
        assertThatThrownBy(() -> client.lookup("cards-value", OTHER))
                .isInstanceOf(SchemaNotFoundException.class);
        assertThatThrownBy(() -> client.lookup("nobody-value", V1))
                .isInstanceOf(SubjectNotFoundException.class);
        assertThatThrownBy(() -> client.version("cards-value", 0))
                .isInstanceOf(InvalidVersionException.class)
                .hasMessageContaining("42202");
    }

    @Test
    void shouldFindARegisteredSchemaWithoutRegisteringIt() {
        int id = client.register("cards-value", V1);

        assertThat(client.lookup("cards-value", V1))
                .isEqualTo(new RegisteredSchema("cards-value", id, 1, V1));
    }

    @Test
    void shouldRefuseASchemaWithAnInvalidDefaultAsInvalid() {
        Schema badDefault =
                new Schema.Parser()
                        .setValidateDefaults(false)
                        .parse(
                                "{\"type\":\"record\",\"name\":\"Card\",\"fields\":[{\"name\":"
                                        + "\"limit\",\"type\":\"int\",\"default\":\"lots\"}]}");

        assertThatThrownBy(() -> client.register("cards-value", badDefault))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("42201");
    }

    @Test
    void shouldTreatAnUnknownSubjectAsCompatibleWithAnyFirstSchema() {
        assertThat(client.isCompatible("fresh-value", V1)).isTrue();
    }

    @Test
    void shouldHideSoftDeletedVersionsButKeepTheirIdsResolvable() {
        int id = client.register("cards-value", V1);

        assertThat(client.deleteSubject("cards-value", false)).containsExactly(1);

        assertThat(client.subjects()).isEmpty();
        assertThatThrownBy(() -> client.latest("cards-value"))
                .isInstanceOf(SubjectNotFoundException.class);
        assertThat(client.getById(id)).isEqualTo(V1);
        assertThat(client.register("cards-value", V1)).isEqualTo(id);
        assertThat(client.latest("cards-value").version()).isEqualTo(2);
    }

    @Test
    void shouldDeletePermanentlyOnlyAfterASoftDelete() {
        client.register("cards-value", V1);

        assertThatThrownBy(() -> client.deleteSubject("cards-value", true))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40405));
        client.deleteSubject("cards-value", false);
        assertThat(client.deleteSubject("cards-value", true)).containsExactly(1);
        assertThatThrownBy(() -> client.getById(1)).isInstanceOf(SchemaNotFoundException.class);
    }

    @Test
    void shouldShareOneRegistryPerScopeAndIsolateScopes() {
        int id = client.register("cards-value", V1);

        SchemaRegistryClient sameScope = MockSchemaRegistry.clientFor(scope);
        SchemaRegistryClient otherScope = MockSchemaRegistry.clientFor(scope + "-other");

        assertThat(sameScope.getById(id)).isEqualTo(V1);
        assertThatThrownBy(() -> otherScope.getById(id))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("mock://" + scope + "-other");
        MockSchemaRegistry.dropScope(scope + "-other");
    }

    @Test
    void shouldStartEmptyAfterTheScopeIsDropped() {
        client.register("cards-value", V1);

        MockSchemaRegistry.dropScope(scope);

        assertThat(MockSchemaRegistry.clientFor(scope).subjects()).isEmpty();
    }
}
