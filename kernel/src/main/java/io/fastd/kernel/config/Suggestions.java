package io.fastd.kernel.config;

import java.util.Collection;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "Did you mean" hints: the closest candidate by edit distance, if it is close enough. */
final class Suggestions {

    private Suggestions() {
    }

    /**
     * The candidate nearest to {@code word}, if its edit distance is at most a third of the
     * word's length (and at least 1), so short typos and swapped letters are found and unrelated
     * keys are not.
     */
    static Optional<String> closest(String word, Collection<String> candidates) {
        int limit = Math.max(1, word.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(word, candidate);
            if (distance > 0 && distance <= limit && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance (commons-text). */
    static int distance(String a, String b) {
        return LevenshteinDistance.getDefaultInstance().apply(a, b);
    }
}
