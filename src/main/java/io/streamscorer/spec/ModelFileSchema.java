package io.streamscorer.spec;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON Schema of model files ({@code schemas/model-file.schema.json}, shipped in the jar),
 * checked before a file is parsed, so an operator sees every structural mistake at once with its
 * JSON path instead of the first one a parser trips on.
 */
public final class ModelFileSchema {
    /** Where the schema sits on the classpath. */
    public static final String RESOURCE = "/schemas/model-file.schema.json";

    private static final Schema SCHEMA = load();

    private ModelFileSchema() {}

    private static Schema load() {
        try (InputStream in = ModelFileSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    /** Every violation of the schema by {@code json}, as "path: message"; empty if it conforms. */
    public static List<String> violations(String json) {
        List<Error> errors = SCHEMA.validate(json, InputFormat.JSON);
        return errors.stream().map(Error::toString).toList();
    }
}
