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
 * The fields added since versions were first signed ({@code scaling}, {@code priorLabels}) are
 * encoded only when one of them is set: a version without them signs, and verifies, with exactly
 * the bytes it always had, and one with them cannot pass for one without. Keys are PEM files:
 * PKCS#8 private keys, X.509 SubjectPublicKeyInfo public keys, as {@code openssl genpkey -algorithm
 * ed25519} writes them.
 */
public final class ModelSignatures {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSignatures.class);
    private static final String ALGORITHM = "Ed25519";

    /** The fields of {@link ModelSpec} added after versions were first signed, last in order. */
    private static final List<String> LATER_FIELDS = List.of("scaling", "priorLabels");

    private static final Schema WITHOUT_LATER_FIELDS =
            withoutLaterFields(ModelSpec.getClassSchema());

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
     * The bytes a signature covers: the whole spec in its own schema, or, when none of the {@link
     * #LATER_FIELDS} is set, in the schema without them, as before they existed. Each is a complete
     * Avro encoding and the later fields come last, so the short form is never a prefix of the long
     * one: no spec with them set encodes as one without.
     */
    static byte[] signedBytes(ModelSpec spec) {
        ModelSpec unsigned =
                ModelSpec.newBuilder(spec)
                        .setSignature(null)
                        .setSigningKeyId(null)
                        .setMetadata(new TreeMap<>(spec.getMetadata()))
                        .build();
        boolean laterFieldsSet = LATER_FIELDS.stream().anyMatch(f -> unsigned.get(f) != null);
        Schema schema = laterFieldsSet ? ModelSpec.getClassSchema() : WITHOUT_LATER_FIELDS;
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
     * {@code schema} without its {@link #LATER_FIELDS}.
     *
     * @throws IllegalStateException unless they are its last fields: a field after them would be
     *     left unsigned in the short form, and the fields kept must sit where the record has them
     */
    private static Schema withoutLaterFields(Schema schema) {
        List<Schema.Field> fields = schema.getFields();
        int kept = fields.size() - LATER_FIELDS.size();
        List<String> last =
                fields.subList(Math.max(kept, 0), fields.size()).stream()
                        .map(Schema.Field::name)
                        .toList();
        if (!last.equals(LATER_FIELDS)) {
            throw new IllegalStateException(
                    schema.getFullName()
                            + " must end with the fields "
                            + LATER_FIELDS
                            + ", which signatures cover only when set; it ends with "
                            + last);
        }
        List<Schema.Field> copies = new ArrayList<>(kept);
        for (Schema.Field field : fields.subList(0, kept)) {
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
