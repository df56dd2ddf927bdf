package io.streamscorer.registry;

import static io.streamscorer.registry.MockSchemaRegistryTest.OTHER;
import static io.streamscorer.registry.MockSchemaRegistryTest.V1;
import static io.streamscorer.registry.MockSchemaRegistryTest.V2_WITHOUT_DEFAULT;
import static io.streamscorer.registry.MockSchemaRegistryTest.V2_WITH_DEFAULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * What our client relies on from any registry that speaks Confluent's REST API, run against our own
 * registries and against an independent one (Apicurio): passing against ours alone would prove only
 * that the two agree with each other. It asserts nothing the documented differences between
 * registries leave open (exact id values, message wording), and every test uses subjects of its
 * own, so one registry can serve the whole suite.
 */
abstract class SchemaRegistryContract {
    private final String prefix = "contract-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    /** A new client of the registry under test, with empty caches. */
    protected abstract SchemaRegistryClient newClient();

    private String subject(String name) {
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
        assertThat(reader.versions(subject)).containsExactly(1);
        assertThat(reader.lookup(subject, V1)).isEqualTo(new RegisteredSchema(subject, id, 1, V1));
        assertThat(reader.subjects()).contains(subject);
    }

    @Test
    void shouldKeepOneIdPerSchemaAcrossRegistrationsAndSubjects() {
        String subject = subject("cards-value");
        int id = newClient().register(subject, V1);

        assertThat(newClient().register(subject, V1)).isEqualTo(id);
        assertThat(newClient().register(subject("archive-value"), V1)).isEqualTo(id);
        assertThat(newClient().versions(subject)).containsExactly(1);
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
    }

    @Test
    void shouldRefuseABackwardIncompatibleSchemaWith409() {
        String subject = subject("cards-value");
        SchemaRegistryClient client = newClient();
        client.register(subject, V1);

        assertThatThrownBy(() -> client.register(subject, V2_WITHOUT_DEFAULT))
                .isInstanceOfSatisfying(
                        IncompatibleSchemaException.class,
                        e -> {
                            assertThat(e.httpStatus()).isEqualTo(409);
                            assertThat(e.subject()).isEqualTo(subject);
                        })
                .hasMessageContaining(subject);
        assertThat(client.versions(subject)).containsExactly(1);
        assertThat(client.isCompatible(subject, V2_WITHOUT_DEFAULT)).isFalse();
        assertThat(client.isCompatible(subject, V2_WITH_DEFAULT)).isTrue();
    }

    @Test
    void shouldTreatASubjectWithoutVersionsAsCompatibleWithAnything() {
        assertThat(newClient().isCompatible(subject("fresh-value"), V1)).isTrue();
    }

    @Test
    void shouldAnswerWhatIsMissingWithTypedExceptions() {
        String subject = subject("cards-value");
        SchemaRegistryClient client = newClient();
        client.register(subject, V1);

        assertThatThrownBy(() -> client.latest(subject("nobody-value")))
                .isInstanceOf(SubjectNotFoundException.class);
        assertThatThrownBy(() -> client.version(subject, 99))
                .isInstanceOf(VersionNotFoundException.class);
        assertThatThrownBy(() -> client.getById(Integer.MAX_VALUE - 7))
                .isInstanceOf(SchemaNotFoundException.class);
        assertThatThrownBy(() -> client.lookup(subject, OTHER))
                .isInstanceOf(SchemaNotFoundException.class);
        assertThatThrownBy(() -> client.lookup(subject("nobody-value"), V1))
                .isInstanceOf(SubjectNotFoundException.class);
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
                .isInstanceOf(InvalidSchemaException.class);
    }

    @Test
    void shouldApplyASubjectsOwnCompatibilityLevel() {
        String subject = subject("cards-value");
        SchemaRegistryClient client = newClient();
        client.register(subject, V1);

        client.setCompatibility(subject, "NONE");

        assertThat(client.compatibility(subject)).isEqualTo("NONE");
        assertThat(client.register(subject, OTHER)).isPositive();
        assertThat(client.compatibility(subject("other-value")))
                .isEqualTo(client.globalCompatibility())
                .isEqualTo("BACKWARD");
    }

    @Test
    void shouldDeleteASubjectSoftlyThenPermanently() {
        String subject = subject("cards-value");
        SchemaRegistryClient client = newClient();
        client.register(subject, V1);

        assertThat(client.deleteSubject(subject, false)).containsExactly(1);
        assertThat(client.subjects()).doesNotContain(subject);
        assertThatThrownBy(() -> client.latest(subject))
                .isInstanceOf(SubjectNotFoundException.class);
        assertThat(client.deleteSubject(subject, true)).containsExactly(1);
    }
}
