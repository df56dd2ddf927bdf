package io.streamscorer.registry;

import static io.streamscorer.registry.MockSchemaRegistryTest.OTHER;
import static io.streamscorer.registry.MockSchemaRegistryTest.V1;
import static io.streamscorer.registry.MockSchemaRegistryTest.V2_WITHOUT_DEFAULT;
import static io.streamscorer.registry.MockSchemaRegistryTest.V2_WITH_DEFAULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.apache.avro.Schema;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * What our client relies on from any registry that speaks Confluent's REST API, run through our
 * client against our own registries and against an independent one (Apicurio): passing against ours
 * alone would prove only that the two agree with each other. Where registries differ (id
 * numbering), each server's {@link RegistryBehaviour} says what it does and the suite asserts that;
 * message wording is never asserted beyond the subject and the reason's field. Every test uses
 * subjects of its own, so one registry can serve the whole suite; the id-numbering case also uses
 * schemas of its own and relies on tests of one class running one at a time.
 *
 * <p>{@link SchemaRegistryRestContract} adds the cases only raw HTTP can show.
 */
abstract class SchemaRegistryContract {
    static final Schema ID_AS_INT =
            MockSchemaRegistryTest.parse(
                    "{\"type\":\"record\",\"name\":\"Card\",\"namespace\":\"test\",\"fields\":["
                            + "{\"name\":\"id\",\"type\":\"int\"}]}");

    private final String prefix = "contract-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    /** A new client of the registry under test, with empty caches. */
    protected abstract SchemaRegistryClient newClient();

    /** How the registry under test behaves where registries differ. */
    protected abstract RegistryBehaviour behaviour();

    String subject(String name) {
        return prefix + name;
    }

    @Test
    void shouldRegisterASchemaAndReadItBackEveryWay() {
        String subject = subject("cards-value");
        int id = newClient().register(subject, V1);

        SchemaRegistryClient reader = newClient();

        assertThat(reader.getById(id)).isEqualTo(V1);
        assertThat(reader.latest(subject)).isEqualTo(new RegisteredSchema(subject, id, 1, V1));
        assertThat(reader.version(subject, 1)).isEqualTo(new RegisteredSchema(subject, id, 1, V1));
        assertThat(reader.version(subject, -1)).isEqualTo(reader.latest(subject));
        assertThat(reader.versions(subject)).containsExactly(1);
        assertThat(reader.lookup(subject, V1)).isEqualTo(new RegisteredSchema(subject, id, 1, V1));
        assertThat(reader.subjects()).contains(subject);
    }

    @Test
    void shouldKeepOneIdAndOneVersionWhenTheSameSchemaIsRegisteredAgain() {
        String subject = subject("cards-value");
        int id = newClient().register(subject, V1);

        assertThat(newClient().register(subject, V1)).isEqualTo(id);
        assertThat(newClient().register(subject("archive-value"), V1)).isEqualTo(id);
        assertThat(newClient().versions(subject)).containsExactly(1);
        assertThat(newClient().versions(subject("archive-value"))).containsExactly(1);
    }

    @Test
    void shouldNumberIdsAsTheRegistryDoes() {
        SchemaRegistryClient client = newClient();
        int first = client.register(subject("cards-value"), schemaNoRegistryHasSeen());
        assertThat(client.register(subject("archive-value"), client.getById(first)))
                .isEqualTo(first);

        int next = client.register(subject("devices-value"), schemaNoRegistryHasSeen());

        assertThat(next)
                .as("%s: next id after re-registering a known schema", behaviour().name())
                .isEqualTo(first + 1 + behaviour().idsSpentByAKnownSchemaUnderANewSubject());
    }

    /** A record schema of a name of its own, so the registry must give it a new id. */
    private static Schema schemaNoRegistryHasSeen() {
        String name = "Fresh" + UUID.randomUUID().toString().replace("-", "");
        return MockSchemaRegistryTest.parse(
                "{\"type\":\"record\",\"name\":\""
                        + name
                        + "\",\"namespace\":\"test\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");
    }

    @Test
    void shouldLookUpASchemaUnderASubjectWithoutRegisteringIt() {
        String subject = subject("cards-value");
        SchemaRegistryClient client = newClient();
        int id = client.register(subject, V1);

        assertThat(newClient().lookup(subject, V1))
                .isEqualTo(new RegisteredSchema(subject, id, 1, V1));
        assertThatThrownBy(() -> newClient().lookup(subject, V2_WITH_DEFAULT))
                .isInstanceOfSatisfying(
                        SchemaNotFoundException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThatThrownBy(() -> newClient().lookup(subject("unseen-value"), V1))
                .isInstanceOfSatisfying(
                        SubjectNotFoundException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40401));

        assertThat(client.versions(subject)).containsExactly(1);
        assertThat(client.subjects()).doesNotContain(subject("unseen-value"));
    }

    @Test
    void shouldAddAVersionForABackwardCompatibleEvolution() {
        String subject = subject("cards-value");
        SchemaRegistryClient client = newClient();
        int first = client.register(subject, V1);

        int second = client.register(subject, V2_WITH_DEFAULT);

        assertThat(second).isNotEqualTo(first);
        assertThat(newClient().versions(subject)).containsExactly(1, 2);
        assertThat(newClient().latest(subject))
                .isEqualTo(new RegisteredSchema(subject, second, 2, V2_WITH_DEFAULT));
        assertThat(newClient().version(subject, 1).id()).isEqualTo(first);
    }

    @Test
    void shouldRefuseAddingAFieldWithoutADefaultUnderBackward() {
        String subject = subject("cards-value");
        SchemaRegistryClient client = newClient();
        client.register(subject, V1);

        assertRefused(() -> client.register(subject, V2_WITHOUT_DEFAULT), subject, "limit");
        assertThat(client.versions(subject)).containsExactly(1);
        assertThat(client.isCompatible(subject, V2_WITHOUT_DEFAULT)).isFalse();
        assertThat(client.isCompatible(subject, V2_WITH_DEFAULT)).isTrue();
    }

    @Test
    void shouldRefuseChangingAFieldsTypeUnderBackward() {
        String subject = subject("cards-value");
        SchemaRegistryClient client = newClient();
        client.register(subject, V1);

        assertRefused(() -> client.register(subject, ID_AS_INT), subject, "/fields/0/type");
        assertThat(client.versions(subject)).containsExactly(1);
        assertThat(client.isCompatible(subject, ID_AS_INT)).isFalse();
    }

    @Test
    void shouldAcceptRemovingAFieldUnderBackwardButNotUnderForward() {
        // BACKWARD: the new schema reads old data, so dropping a field is fine. FORWARD: old
        // readers read new data, so dropping a field they have no default for is refused.
        String backward = subject("backward-value");
        String forward = subject("forward-value");
        SchemaRegistryClient client = newClient();
        client.register(backward, V2_WITHOUT_DEFAULT);
        client.setCompatibility(forward, "FORWARD");
        client.register(forward, V2_WITHOUT_DEFAULT);

        assertThat(client.register(backward, V1)).isPositive();
        assertThat(client.versions(backward)).containsExactly(1, 2);
        assertRefused(() -> client.register(forward, V1), forward, "limit");
        assertThat(client.versions(forward)).containsExactly(1);
    }

    private static void assertRefused(ThrowingCallable call, String subject, String reason) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        IncompatibleSchemaException.class,
                        e -> {
                            assertThat(e.httpStatus()).isEqualTo(409);
                            assertThat(e.errorCode()).isEqualTo(409);
                            assertThat(e.subject()).isEqualTo(subject);
                            assertThat(e.registryMessage()).contains(reason);
                        })
                .hasMessageContaining(subject)
                .hasMessageContaining(reason);
    }

    @Test
    void shouldTreatASubjectWithoutVersionsAsCompatibleWithAnything() {
        assertThat(newClient().isCompatible(subject("fresh-value"), V1)).isTrue();
    }

    @Test
    void shouldAnswerWhatIsMissingWithTypedExceptionsAndConfluentsErrorCodes() {
        String subject = subject("cards-value");
        SchemaRegistryClient client = newClient();
        client.register(subject, V1);

        assertThatThrownBy(() -> client.latest(subject("nobody-value")))
                .isInstanceOfSatisfying(
                        SubjectNotFoundException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(404));
        assertThatThrownBy(() -> client.versions(subject("nobody-value")))
                .isInstanceOf(SubjectNotFoundException.class);
        assertThatThrownBy(() -> client.version(subject, 99))
                .isInstanceOfSatisfying(
                        VersionNotFoundException.class,
                        e -> {
                            assertThat(e.httpStatus()).isEqualTo(404);
                            assertThat(e.errorCode()).isEqualTo(40402);
                        });
        assertThatThrownBy(() -> client.getById(Integer.MAX_VALUE - 7))
                .isInstanceOfSatisfying(
                        SchemaNotFoundException.class,
                        e -> {
                            assertThat(e.httpStatus()).isEqualTo(404);
                            assertThat(e.errorCode()).isEqualTo(40403);
                        });
    }

    @Test
    void shouldRefuseAVersionNumberBelowOneAsInvalid() {
        String subject = subject("cards-value");
        SchemaRegistryClient client = newClient();
        client.register(subject, V1);

        assertThatThrownBy(() -> client.version(subject, 0))
                .isInstanceOfSatisfying(
                        InvalidVersionException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(42202));
        assertThatThrownBy(() -> client.version(subject, -2))
                .isInstanceOf(InvalidVersionException.class);
    }

    @Test
    void shouldRefuseASchemaWithAnInvalidDefaultAsInvalid() {
        Schema badDefault =
                new Schema.Parser()
                        .setValidateDefaults(false)
                        .parse(
                                "{\"type\":\"record\",\"name\":\"Limit\",\"fields\":[{\"name\":"
                                        + "\"limit\",\"type\":\"int\",\"default\":\"lots\"}]}");

        assertThatThrownBy(() -> newClient().register(subject("limits-value"), badDefault))
                .isInstanceOfSatisfying(
                        InvalidSchemaException.class,
                        e -> {
                            assertThat(e.httpStatus()).isEqualTo(422);
                            assertThat(e.errorCode()).isEqualTo(42201);
                        });
        assertThat(newClient().subjects()).doesNotContain(subject("limits-value"));
    }

    @Test
    void shouldGetAndSetASubjectsOwnCompatibilityLevel() {
        String subject = subject("cards-value");
        SchemaRegistryClient client = newClient();
        client.register(subject, V1);
        assertThat(client.compatibility(subject)).isEqualTo("BACKWARD");

        client.setCompatibility(subject, "NONE");

        assertThat(newClient().compatibility(subject)).isEqualTo("NONE");
        assertThat(client.register(subject, OTHER)).isPositive();
        assertThat(client.versions(subject)).containsExactly(1, 2);
        assertThat(client.compatibility(subject("other-value")))
                .isEqualTo(client.globalCompatibility())
                .isEqualTo("BACKWARD");
    }

    @Test
    void shouldRefuseAnUnknownCompatibilityLevel() {
        String subject = subject("cards-value");
        SchemaRegistryClient client = newClient();
        client.register(subject, V1);

        assertThatThrownBy(() -> client.setCompatibility(subject, "SIDEWAYS"))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> {
                            assertThat(e.httpStatus()).isEqualTo(422);
                            assertThat(e.errorCode()).isEqualTo(42203);
                        });
        assertThat(client.compatibility(subject)).isEqualTo("BACKWARD");
    }

    @Test
    void shouldDeleteASubjectSoftlyThenPermanently() {
        String subject = subject("cards-value");
        SchemaRegistryClient client = newClient();
        int id = client.register(subject, V1);

        assertThat(client.deleteSubject(subject, false)).containsExactly(1);
        assertThat(client.subjects()).doesNotContain(subject);
        assertThatThrownBy(() -> client.latest(subject))
                .isInstanceOf(SubjectNotFoundException.class);
        assertThat(newClient().getById(id)).isEqualTo(V1);
        assertThat(client.deleteSubject(subject, true)).containsExactly(1);
    }
}
