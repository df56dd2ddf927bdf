package io.streamscorer.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.SystemLimitException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Avro's allocation limits: our defaults where the user set none, the user's where set. */
class AvroReadLimitsTest {
    private static final String STRING_LIMIT = SystemLimitException.MAX_STRING_LENGTH_PROPERTY;
    private String saved;

    @BeforeEach
    void saveProperty() {
        saved = System.getProperty(STRING_LIMIT);
    }

    @AfterEach
    void restoreProperty() {
        if (saved == null) {
            System.clearProperty(STRING_LIMIT);
        } else {
            System.setProperty(STRING_LIMIT, saved);
        }
    }

    @Test
    void shouldSetEveryUnsetLimitToOurDefaultOnceTheSerdesAreLoaded() throws Exception {
        Class.forName(AvroSerdes.class.getName(), true, getClass().getClassLoader());

        assertThat(System.getProperty(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY))
                .isEqualTo(Integer.toString(AvroReadLimits.DEFAULT_MAX_BYTES_LENGTH));
        assertThat(System.getProperty(SystemLimitException.MAX_STRING_LENGTH_PROPERTY))
                .isEqualTo(Integer.toString(AvroReadLimits.DEFAULT_MAX_STRING_LENGTH));
        assertThat(System.getProperty(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY))
                .isEqualTo(Integer.toString(AvroReadLimits.DEFAULT_MAX_COLLECTION_ITEMS));
    }

    @Test
    void shouldSetAnUnsetLimitToTheDefault() {
        System.clearProperty(STRING_LIMIT);

        AvroReadLimits limits = AvroReadLimits.applyDefaults();

        assertThat(limits.maxStringLength()).isEqualTo(AvroReadLimits.DEFAULT_MAX_STRING_LENGTH);
        assertThat(System.getProperty(STRING_LIMIT)).isEqualTo("10485760");
    }

    @Test
    void shouldKeepALimitTheUserSet() {
        System.setProperty(STRING_LIMIT, "4096");

        assertThat(AvroReadLimits.applyDefaults().maxStringLength()).isEqualTo(4096);
        assertThat(System.getProperty(STRING_LIMIT)).isEqualTo("4096");
    }

    @Test
    void shouldNameAPropertyThatIsNotAPositiveNumber() {
        System.setProperty(STRING_LIMIT, "lots");

        assertThatThrownBy(AvroReadLimits::applyDefaults)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(STRING_LIMIT);
        System.setProperty(STRING_LIMIT, "0");
        assertThatThrownBy(AvroReadLimits::applyDefaults)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be positive");
    }
}
