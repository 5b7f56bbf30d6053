package io.marketflow.projection.scaling;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How many of one processor's segments an instance gives up so that the live instances hold about as many each:
 * its share is the segment count divided by the live instances, rounded up, and it releases what it holds beyond
 * that, but never more than the other live instances lack of their shares, so that nothing is released that no one
 * is there to claim.
 */
final class SegmentShares {

    /** One segment of a processor and its owner in {@code token_entry}, null when unclaimed. */
    record Claim(int segment, String owner) {
    }

    private SegmentShares() {
    }

    /** The segments {@code me} should release, highest first. */
    static List<Integer> toRelease(String me, Set<String> live, List<Claim> claims) {
        if (claims.isEmpty() || !live.contains(me)) {
            return List.of();
        }
        int share = (claims.size() + live.size() - 1) / live.size();
        Map<String, Long> held = claims.stream().filter(claim -> claim.owner() != null)
                .collect(Collectors.groupingBy(Claim::owner, Collectors.counting()));
        long lacking = live.stream().filter(instance -> !instance.equals(me))
                .mapToLong(instance -> Math.max(0, share - held.getOrDefault(instance, 0L)))
                .sum();
        long excess = held.getOrDefault(me, 0L) - share;
        long release = Math.min(excess, lacking);
        if (release <= 0) {
            return List.of();
        }
        return claims.stream().filter(claim -> me.equals(claim.owner()))
                .map(Claim::segment)
                .sorted(Comparator.reverseOrder())
                .limit(release)
                .toList();
    }
}
