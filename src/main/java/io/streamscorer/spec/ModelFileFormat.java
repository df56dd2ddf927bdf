package io.streamscorer.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The file formats {@code scorer model push} and {@code validate} read: a {@link ModelFile}, or a
 * {@link PyTorchExport} converted to one. {@link #AUTO} tells them apart by the export's {@code
 * format} (or {@code state_dict}) field.
 */
public enum ModelFileFormat {
    /** Detect: a PyTorch export if it has {@code state_dict} or its format, else a model file. */
    AUTO,
    /** A model file ({@code schemas/model-file.schema.json}). */
    MODEL,
    /** A PyTorch export ({@code README.md}). */
    PYTORCH;

    private static final JsonMapper PROBE =
            JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /**
     * The format called {@code name}: auto, model or pytorch, in any case.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static ModelFileFormat named(String name) {
        for (ModelFileFormat format : values()) {
            if (format.name().equalsIgnoreCase(name.trim())) {
                return format;
            }
        }
        throw new IllegalArgumentException(
                "model file format must be auto, model or pytorch, got '" + name + "'");
    }

    /**
     * Reads {@code path} in this format.
     *
     * @throws IllegalArgumentException naming the file and the problem
     */
    public ModelFile read(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read model file " + path, e);
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    /** Parses {@code text} in this format. */
    public ModelFile parse(String text) {
        ModelFileFormat format = this == AUTO ? detect(text) : this;
        return format == PYTORCH ? PyTorchExport.parse(text).toModelFile() : ModelFile.parse(text);
    }

    private static ModelFileFormat detect(String text) {
        JsonNode document;
        try {
            document = PROBE.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        return document != null && document.isObject() && PyTorchExport.isExport(document)
                ? PYTORCH
                : MODEL;
    }
}
