package io.streamscorer.spec;

import io.streamscorer.avro.ModelSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ed25519 signatures of model versions (RFC 8032, the JDK's own {@code Ed25519} provider). The
 * signed bytes are the Avro binary encoding of the whole {@link ModelSpec} — name, version,
 * features, weights, thresholds, origin, metadata, scaling, prior labels — with the signature
 * fields empty and the metadata sorted by key, so signer and verifier always encode the same bytes.
 * The fields added since versions were first signed come in releases ({@code scaling} and {@code
 * priorLabels}, then {@code challenge}), and a release's fields are encoded only when one of them
 * or of a later release is set: a version without them signs, and verifies, with exactly the bytes
 * it always had, and one with them cannot pass for one without. Keys are PEM files: PKCS#8 private
 * keys, X.509 SubjectPublicKeyInfo public keys, as {@code openssl genpkey -algorithm ed25519}
 * writes them.
 */
public final class ModelSignatures {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSignatures.class);
    private static final String ALGORITHM = "Ed25519";

    /**
     * The fields of {@link ModelSpec} added after versions were first signed, by release, last in
     * order.
     */
    private static final List<List<String>> LATER_FIELDS =
            List.of(List.of("scaling", "priorLabels"), List.of("challenge"));

    /**
     * The schema each signed form encodes with, shortest first: without any later field, then with
     * each release's fields added, the last being the whole schema.
     */
    private static final List<Schema> SIGNED_FORMS = signedForms(ModelSpec.getClassSchema());

    private static final SpecificData AVRO = SpecificData.getForClass(ModelSpec.class);

    private ModelSignatures() {}

    /** {@code spec} signed with {@code key}: a copy with signature and key id set. */
    public static ModelSpec sign(ModelSpec spec, PrivateKey key, String keyId) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(signedBytes(spec));
            return ModelSpec.newBuilder(spec)
                    .setSignature(ByteBuffer.wrap(signer.sign()))
                    .setSigningKeyId(keyId)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "Cannot sign model '" + spec.getName() + "': " + e.getMessage(), e);
        }
    }

    /** Whether {@code spec} carries a signature that one of {@code keys} verifies. */
    public static boolean verify(ModelSpec spec, Iterable<PublicKey> keys) {
        if (spec.getSignature() == null) {
            return false;
        }
        byte[] signature = new byte[spec.getSignature().remaining()];
        spec.getSignature().duplicate().get(signature);
        byte[] signed = signedBytes(spec);
        for (PublicKey key : keys) {
            try {
                Signature verifier = Signature.getInstance(ALGORITHM);
                verifier.initVerify(key);
                verifier.update(signed);
                if (verifier.verify(signature)) {
                    return true;
                }
            } catch (GeneralSecurityException e) {
                // A malformed signature or unusable key fails this key; the next one may verify.
                LOG.debug(
                        "Key {} cannot verify model '{}': {}",
                        keyId(key),
                        spec.getName(),
                        e.getMessage());
            }
        }
        return false;
    }

    /**
     * The bytes a signature covers: the spec in the shortest of the {@link #SIGNED_FORMS} that has
     * every one of its {@link #LATER_FIELDS} that is set, as it was encoded before the releases
     * after them. Each is a complete Avro encoding and the later fields come last, so a short form
     * is never a prefix of a longer one: no spec with later fields set encodes as one without.
     */
    static byte[] signedBytes(ModelSpec spec) {
        ModelSpec unsigned =
                ModelSpec.newBuilder(spec)
                        .setSignature(null)
                        .setSigningKeyId(null)
                        .setMetadata(new TreeMap<>(spec.getMetadata()))
                        .build();
        int form = 0;
        for (int release = 0; release < LATER_FIELDS.size(); release++) {
            if (LATER_FIELDS.get(release).stream().anyMatch(f -> unsigned.get(f) != null)) {
                form = release + 1;
            }
        }
        Schema schema = SIGNED_FORMS.get(form);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            // The generic writer follows the schema it is given; a specific one may encode with the
            // class's own coder, which always writes every field.
            new GenericDatumWriter<ModelSpec>(schema, AVRO).write(unsigned, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The {@link #SIGNED_FORMS} of {@code schema}.
     *
     * @throws IllegalStateException unless the {@link #LATER_FIELDS} are its last fields, in order:
     *     a field after them would be left unsigned in a short form, and the fields kept must sit
     *     where the record has them
     */
    private static List<Schema> signedForms(Schema schema) {
        List<Schema.Field> fields = schema.getFields();
        List<String> later = LATER_FIELDS.stream().flatMap(List::stream).toList();
        int first = fields.size() - later.size();
        List<String> last =
                fields.subList(Math.max(first, 0), fields.size()).stream()
                        .map(Schema.Field::name)
                        .toList();
        if (!last.equals(later)) {
            throw new IllegalStateException(
                    schema.getFullName()
                            + " must end with the fields "
                            + later
                            + ", which signatures cover only when set; it ends with "
                            + last);
        }
        List<Schema> forms = new ArrayList<>();
        int kept = first;
        forms.add(firstFields(schema, kept));
        for (List<String> release : LATER_FIELDS) {
            kept += release.size();
            forms.add(kept == fields.size() ? schema : firstFields(schema, kept));
        }
        return List.copyOf(forms);
    }

    /** A record schema of the first {@code count} fields of {@code schema}. */
    private static Schema firstFields(Schema schema, int count) {
        List<Schema.Field> copies = new ArrayList<>(count);
        for (Schema.Field field : schema.getFields().subList(0, count)) {
            copies.add(new Schema.Field(field, field.schema()));
        }
        return Schema.createRecord(
                schema.getName(), schema.getDoc(), schema.getNamespace(), false, copies);
    }

    /** A short id of {@code key}: the first 16 hex digits of the SHA-256 of its encoding. */
    public static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK always has SHA-256", e);
        }
    }

    /** A new Ed25519 key pair. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK 17 has Ed25519", e);
        }
    }

    /**
     * Reads a public key from a PEM file, or from the PEM or base64 text itself.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static PublicKey readPublicKey(String fileOrText) {
        byte[] der = der(fileOrText, "PUBLIC KEY");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a private key from a PEM file, or from the PEM or base64 text itself.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static PrivateKey readPrivateKey(String fileOrText) {
        byte[] der = der(fileOrText, "PRIVATE KEY");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    /** X.509 SubjectPublicKeyInfo PEM text of {@code key}. */
    public static String pem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /** PKCS#8 PEM text of {@code key}. */
    public static String pem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN "
                + type
                + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END "
                + type
                + "-----\n";
    }

    private static byte[] der(String fileOrText, String type) {
        String text = fileOrText.trim();
        if (!text.startsWith("-----BEGIN") && Files.isRegularFile(Path.of(text))) {
            try {
                text = Files.readString(Path.of(text)).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read key file " + text, e);
            }
        }
        String base64 =
                text.replace("-----BEGIN " + type + "-----", "")
                        .replace("-----END " + type + "-----", "")
                        .replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            // Most often a mistyped path: name it, unless it is (mangled) key text.
            boolean maybePath = !text.startsWith("-----BEGIN") && text.length() < 512;
            throw new IllegalArgumentException(
                    "expected a PEM "
                            + type.toLowerCase(Locale.ROOT)
                            + " file or its base64 text"
                            + (maybePath ? "; there is no file " + text : ""),
                    e);
        }
    }
}
