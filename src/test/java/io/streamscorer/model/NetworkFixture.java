package io.streamscorer.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixture under {@code src/test/resources/network/}, written by {@code
 * src/test/python/make_network_fixtures.py} with reference values computed in numpy.
 */
final class NetworkFixture {
    private static final ObjectMapper JSON = new ObjectMapper();

    final JsonNode root;

    private NetworkFixture(JsonNode root) {
        this.root = root;
    }

    static NetworkFixture load(String name) {
        try (InputStream in = NetworkFixture.class.getResourceAsStream("/network/" + name)) {
            if (in == null) {
                throw new IllegalStateException("No fixture /network/" + name);
            }
            return new NetworkFixture(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's {@code model} (a model file) as the kind of model it describes. */
    ScoringModel model() {
        return model(root.get("model"));
    }

    static ScoringModel model(JsonNode file) {
        ModelVersion version = new ModelVersion(1, 0);
        List<String> features = new ArrayList<>();
        file.get("features").forEach(f -> features.add(f.asText()));
        JsonNode layers = file.get("layers");
        if (layers == null) {
            LogisticModel.Builder b =
                    LogisticModel.builder(file.get("name").asText(), version).features(features);
            for (JsonNode head : file.get("heads")) {
                b.head(
                        head.get("name").asText(),
                        doubles(head.get("weights")),
                        head.get("bias").asDouble(),
                        head.get("threshold").asDouble());
            }
            return b.build();
        }
        NetworkModel.Builder b =
                NetworkModel.builder(file.get("name").asText(), version).features(features);
        for (JsonNode layer : layers) {
            b.layer(
                    matrix(layer.get("weights")),
                    doubles(layer.get("bias")),
                    layer.get("activation").asText());
        }
        for (JsonNode head : file.get("heads")) {
            b.head(
                    head.get("name").asText(),
                    doubles(head.get("weights")),
                    head.get("bias").asDouble(),
                    head.get("threshold").asDouble());
        }
        return b.build();
    }

    double[][] matrix(String field) {
        return matrix(root.get(field));
    }

    double[][][] cube(String field) {
        JsonNode node = root.get(field);
        double[][][] out = new double[node.size()][][];
        for (int i = 0; i < out.length; i++) {
            out[i] = matrix(node.get(i));
        }
        return out;
    }

    static double[] doubles(JsonNode node) {
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).asDouble();
        }
        return out;
    }

    static double[][] matrix(JsonNode node) {
        double[][] out = new double[node.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = doubles(node.get(i));
        }
        return out;
    }
}
