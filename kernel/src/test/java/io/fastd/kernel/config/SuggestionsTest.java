package io.fastd.kernel.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    @Test
    void findsTheClosestCandidateWithinAThirdOfTheLength() {
        List<String> known = List.of("server.worker_num", "server.task_worker_num", "server.host");
        assertThat(Suggestions.closest("server.workers_num", known)).contains("server.worker_num");
        assertThat(Suggestions.closest("server.hots", known)).contains("server.host");
        assertThat(Suggestions.closest("database.default.charset", known)).isEmpty();
    }

    @Test
    void exactMatchesAreNotSuggestions() {
        assertThat(Suggestions.closest("server.host", List.of("server.host"))).isEmpty();
    }

    @Test
    void distanceIsLevenshtein() {
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("same", "same")).isZero();
    }
}
