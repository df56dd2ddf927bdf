package io.streamscorer.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way Avro's parser refuses a text comes out as one SchemaParseException with a reason. */
class SchemaTextParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            textBlock =
                    """
                    unknown type name, resolved by Avro to a placeholder | {"type":"recordx"} | "recordx" is not a defined name
                    a bare undefined name | "Missing" | "Missing" is not a defined name
                    a field of an undefined type | {"type":"record","name":"R","fields":[{"name":"f","type":"Missing"}]} | Undefined schema: Missing
                    unreadable JSON | {"type": | not readable as JSON
                    not JSON at all | recordx | not readable as JSON
                    a record without fields | {"type":"record","name":"R"} | Record has no fields
                    a union holding one type twice | ["int","int"] | Duplicate in union
                    an invalid default | {"type":"record","name":"R","fields":[{"name":"f","type":"int","default":"x"}]} | Invalid default for field f
                    an unknown field order | {"type":"record","name":"R","fields":[{"name":"f","type":"int","order":"sideways"}]} | SIDEWAYS
                    a field order that is not a string | {"type":"record","name":"R","fields":[{"name":"f","type":"int","order":true}]} | Avro's parser failed on it
                    a negative fixed size | {"type":"fixed","name":"F","size":-1} | Length is negative
                    """)
    void shouldRefuseAnInvalidSchemaWithItsReason(String what, String text, String reason) {
        assertThatThrownBy(() -> SchemaTextParser.parse(text))
                .isExactlyInstanceOf(SchemaParseException.class)
                .hasMessageContaining(reason)
                .hasMessageNotContaining("UnresolvedSchema");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            textBlock =
                    """
                    a primitive | "long"
                    a record | {"type":"record","name":"R","fields":[{"name":"f","type":"int"}]}
                    a record naming itself | {"type":"record","name":"R","fields":[{"name":"next","type":["null","R"]}]}
                    """)
    void shouldParseAValidSchema(String what, String text) {
        assertThat(SchemaTextParser.parse(text)).isEqualTo(new Schema.Parser().parse(text));
    }
}
