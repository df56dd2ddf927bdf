package io.streamscorer.topology;

/**
 * Where an entity falls in a champion's A/B split: a position in [0, 1) from a hash of the entity
 * id and the champion's name, the same on every instance and every run, so one card or account is
 * always decided by the same model while the split stands. The champion's name is mixed in so that
 * the entities one model's challenger decides are not the same ones another model's does.
 *
 * <p>FNV-1a over the id's UTF-16 units (no bytes to allocate per event), then the SplitMix64
 * finaliser (Steele, Lea &amp; Flood, "Fast splittable pseudorandom number generators", OOPSLA
 * 2014), whose avalanche makes ids that differ in one character land far apart.
 */
final class EntitySplit {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private EntitySplit() {}

    /** The position of {@code entityId} in the split of {@code champion}'s entities. */
    static double position(String entityId, String champion) {
        long h = FNV_OFFSET;
        h = mix(h, champion);
        h = (h ^ 0xff) * FNV_PRIME;
        h = mix(h, entityId);
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return (h >>> 11) * 0x1.0p-53;
    }

    private static long mix(long h, String text) {
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * FNV_PRIME;
        }
        return h;
    }
}
