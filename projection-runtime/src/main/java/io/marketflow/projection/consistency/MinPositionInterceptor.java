package io.marketflow.projection.consistency;

import io.marketflow.edge.web.InvalidInputException;
import io.marketflow.projection.ReadModel;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Honours {@code X-Min-Position: n}: before the query runs, waits until the route's read model has processed the
 * event at global position n (a command's {@code X-Event-Position}), at most {@code maxWait}; then 503.
 */
public final class MinPositionInterceptor implements HandlerInterceptor {

    public static final String HEADER = "X-Min-Position";

    private final ProjectionProgress progress;
    private final ConsistencyProperties properties;

    MinPositionInterceptor(ProjectionProgress progress, ConsistencyProperties properties) {
        this.progress = progress;
        this.properties = properties;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws InterruptedException {
        String header = request.getHeader(HEADER);
        if (header == null || !(handler instanceof HandlerMethod method)) {
            return true;
        }
        long position = parse(header);
        ReadModel readModel = method.getMethodAnnotation(ReadModel.class);
        if (readModel == null) {
            return true;
        }
        long deadline = System.nanoTime() + properties.maxWait().toNanos();
        Optional<String> sequence = progress.sequenceOf(position);
        while (!progress.hasProcessed(readModel.value(), position, sequence)) {
            if (System.nanoTime() >= deadline) {
                throw new NotCaughtUpException(readModel.value() + " has not reached position " + position
                        + " within " + properties.maxWait().toMillis() + " ms");
            }
            Thread.sleep(properties.pollInterval().toMillis());
        }
        return true;
    }

    private static long parse(String header) {
        try {
            long position = Long.parseLong(header.trim());
            if (position >= 0) {
                return position;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new InvalidInputException(HEADER + " must be an event position: a whole number, 0 or more.");
    }
}
