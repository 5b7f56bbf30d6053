package io.marketflow.projection.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.projection.scaling.SegmentShares.Claim;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SegmentSharesTest {

    private static List<Claim> claims(String... owners) {
        return IntStream.range(0, owners.length).mapToObj(i -> new Claim(i, owners[i])).toList();
    }

    @Test
    void aSecondInstanceGetsHalfOfTheFirstOnesSegments() {
        assertThat(SegmentShares.toRelease("a", Set.of("a", "b"), claims("a", "a", "a", "a"))).containsExactly(3, 2);
    }

    @Test
    void aloneAnInstanceKeepsEverything() {
        assertThat(SegmentShares.toRelease("a", Set.of("a"), claims("a", "a", "a", "a"))).isEmpty();
    }

    @Test
    void segmentsHeldByAnInstanceNoLongerAliveAreKeptByTheSurvivor() {
        // b died: its row aged out before its claims did, and a took its segments over
        assertThat(SegmentShares.toRelease("a", Set.of("a"), claims("a", "a", "b", "b"))).isEmpty();
    }

    @Test
    void nothingIsReleasedBeyondWhatTheOthersLack() {
        // three instances, four segments: shares of two; c lacks two, b lacks one, but a holds only one too many
        assertThat(SegmentShares.toRelease("a", Set.of("a", "b", "c"), claims("a", "a", "a", "b"))).containsExactly(2);
        assertThat(SegmentShares.toRelease("a", Set.of("a", "b"), claims("a", "a", "b", "b"))).isEmpty();
        assertThat(SegmentShares.toRelease("a", Set.of("a", "b"), claims("a", "a", "a", "b"))).containsExactly(2);
    }

    @Test
    void unclaimedSegmentsAreNotTheInstancesToRelease() {
        assertThat(SegmentShares.toRelease("a", Set.of("a", "b"), claims("a", "a", null, null))).isEmpty();
        assertThat(SegmentShares.toRelease("a", Set.of("a", "b"), List.of())).isEmpty();
    }
}
