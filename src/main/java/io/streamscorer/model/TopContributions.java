package io.streamscorer.model;

/**
 * Keeps the {@code n} entries of largest magnitude seen so far, largest first, in caller-owned
 * arrays, so selecting reason codes allocates nothing and costs one comparison for most entries.
 */
final class TopContributions {
    private TopContributions() {}

    /**
     * Offers entry {@code index} with value {@code c} to the {@code filled} entries already kept in
     * {@code indexes} and {@code contributions} (capacity {@code n >= 1}).
     *
     * @return the new number of entries kept
     */
    static int offer(
            int index, double c, int n, int filled, int[] indexes, double[] contributions) {
        double magnitude = Math.abs(c);
        if (filled == n && magnitude <= Math.abs(contributions[n - 1])) {
            return filled;
        }
        int kept = filled < n ? filled + 1 : n;
        int pos = kept - 1;
        while (pos > 0 && Math.abs(contributions[pos - 1]) < magnitude) {
            contributions[pos] = contributions[pos - 1];
            indexes[pos] = indexes[pos - 1];
            pos--;
        }
        contributions[pos] = c;
        indexes[pos] = index;
        return kept;
    }
}
