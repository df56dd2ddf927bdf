package io.streamscorer.serde;

import org.apache.avro.SystemLimitException;

/**
 * The most a single decoded record may allocate: the longest bytes value, the longest string and
 * the most items in one array or map. Avro 1.12 reads these from the system properties {@value
 * SystemLimitException#MAX_BYTES_LENGTH_PROPERTY}, {@value
 * SystemLimitException#MAX_STRING_LENGTH_PROPERTY} and {@value
 * SystemLimitException#MAX_COLLECTION_LENGTH_PROPERTY}, once, when {@link SystemLimitException} is
 * first loaded, and without them allows about 2 GiB each, so one hostile record can exhaust the
 * heap. {@link #applyDefaults()} sets any of them the user has not set to the defaults below;
 * {@link AvroSerdes} calls it when it is loaded, before anything is decoded. Our deserializer also
 * enforces the limits itself, so they hold even where Avro's class was loaded earlier.
 */
public final class AvroReadLimits {
    /** Default longest bytes value: 10 MiB. */
    public static final int DEFAULT_MAX_BYTES_LENGTH = 10 * 1024 * 1024;

    /** Default longest string, in UTF-8 bytes: 10 MiB. */
    public static final int DEFAULT_MAX_STRING_LENGTH = 10 * 1024 * 1024;

    /** Default most items in one array or map: one million. */
    public static final int DEFAULT_MAX_COLLECTION_ITEMS = 1_000_000;

    private final int maxBytesLength;
    private final int maxStringLength;
    private final int maxCollectionItems;

    private AvroReadLimits(int maxBytesLength, int maxStringLength, int maxCollectionItems) {
        this.maxBytesLength = maxBytesLength;
        this.maxStringLength = maxStringLength;
        this.maxCollectionItems = maxCollectionItems;
    }

    /**
     * Sets each of Avro's limit properties that is not set yet to our default, and returns the
     * limits now in force. Safe to call any number of times.
     *
     * @throws IllegalStateException naming the property when a set value is not a positive number
     */
    public static AvroReadLimits applyDefaults() {
        return new AvroReadLimits(
                limit(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, DEFAULT_MAX_BYTES_LENGTH),
                limit(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, DEFAULT_MAX_STRING_LENGTH),
                limit(
                        SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY,
                        DEFAULT_MAX_COLLECTION_ITEMS));
    }

    private static synchronized int limit(String property, int defaultValue) {
        String value = System.getProperty(property);
        if (value == null) {
            System.setProperty(property, Integer.toString(defaultValue));
            return defaultValue;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit > 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            throw new IllegalStateException(
                    "System property " + property + "=" + value + " is not a number", e);
        }
        throw new IllegalStateException(
                "System property " + property + "=" + value + " must be positive");
    }

    /** The longest bytes value, in bytes. */
    public int maxBytesLength() {
        return maxBytesLength;
    }

    /** The longest string, in UTF-8 bytes. */
    public int maxStringLength() {
        return maxStringLength;
    }

    /** The most items in one array or map. */
    public int maxCollectionItems() {
        return maxCollectionItems;
    }

    @Override
    public String toString() {
        return "AvroReadLimits[bytes="
                + maxBytesLength
                + ", string="
                + maxStringLength
                + ", collectionItems="
                + maxCollectionItems
                + "]";
    }
}
