package io.marketflow.projection.consistency;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How far a processing group has come, read from the shared token table (the tokens of the processor the group is
 * assigned to), so it is right whichever instance owns which segment. An event counts as processed when the token of the segment its aggregate belongs to covers it
 * (segments idle for a while keep older tokens, so asking all of them would wait needlessly).
 */
final class ProjectionProgress {

    private record StoredToken(int segment, byte[] token, String type) {
    }

    private final JdbcClient projectorJdbc;
    private final Serializer serializer;
    private final Function<String, String> processorOfGroup;

    ProjectionProgress(JdbcClient projectorJdbc, Serializer serializer, Function<String, String> processorOfGroup) {
        this.projectorJdbc = projectorJdbc;
        this.serializer = serializer;
        this.processorOfGroup = processorOfGroup;
    }

    /** The aggregate of the event at {@code position}: the sequence that decides its segment; empty if none yet. */
    Optional<String> sequenceOf(long position) {
        return projectorJdbc.sql("SELECT aggregate_identifier FROM domain_event_entry WHERE global_index = ?")
                .param(position)
                .query(String.class)
                .optional();
    }

    /**
     * Whether {@code processingGroup} has processed the event at {@code position} of aggregate {@code sequence};
     * without a known sequence, every segment must have passed the position.
     */
    boolean hasProcessed(String processingGroup, long position, Optional<String> sequence) {
        List<StoredToken> stored = projectorJdbc
                .sql("SELECT segment, token, token_type FROM token_entry WHERE processor_name = ?")
                .param(processorOfGroup.apply(processingGroup))
                .query((row, n) -> new StoredToken(row.getInt("segment"), row.getBytes("token"),
                        row.getString("token_type")))
                .list();
        if (stored.isEmpty()) {
            return false;
        }
        Segment[] segments = Segment.computeSegments(stored.stream().mapToInt(StoredToken::segment).toArray());
        return stored.stream()
                .filter(token -> sequence.isEmpty() || segmentOf(segments, token.segment()).matches(sequence.get()))
                .allMatch(token -> hasPassed(token, position));
    }

    private static Segment segmentOf(Segment[] segments, int id) {
        for (Segment segment : segments) {
            if (segment.getSegmentId() == id) {
                return segment;
            }
        }
        throw new IllegalStateException("segment " + id + " is not among " + List.of(segments));
    }

    /**
     * Whether the token is past {@code position} and has not left it as a gap still to fill. (Axon's
     * {@code covers} would also demand that every older gap match, so one rolled-back insert would stall it.)
     */
    private boolean hasPassed(StoredToken stored, long position) {
        if (stored.token() == null) {
            return false; // not started yet
        }
        TrackingToken token = WrappedToken.unwrapLowerBound(serializer.deserialize(
                new SimpleSerializedObject<>(stored.token(), byte[].class, stored.type(), null)));
        if (token instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getIndex() >= position && !gapAware.getGaps().contains(position);
        }
        return token != null && token.position().orElse(-1) >= position;
    }
}
