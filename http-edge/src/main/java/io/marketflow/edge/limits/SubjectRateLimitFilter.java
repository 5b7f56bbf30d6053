package io.marketflow.edge.limits;

import io.marketflow.edge.web.ProblemWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * 429 with {@code Retry-After} for a subject over its rate. Placed after bearer-token authentication, so it counts
 * verified subjects only; a request without a valid token is refused with 401 anyway.
 */
public final class SubjectRateLimitFilter extends OncePerRequestFilter {

    private final SubjectRateLimiter limiter;
    private final ProblemWriter problems;
    private final Counter refused;

    public SubjectRateLimitFilter(LimitProperties limits, ProblemWriter problems, MeterRegistry meters) {
        this.limiter = new SubjectRateLimiter(limits.requestsPerSecond(), limits.burst());
        this.problems = problems;
        this.refused = Counter.builder("marketflow.requests.rate.limited")
                .description("Requests refused with 429 because their subject was over its rate")
                .register(meters);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            Optional<Duration> wait = limiter.acquire(token.getToken().getSubject());
            if (wait.isPresent()) {
                refused.increment();
                long seconds = Math.max(1, (long) Math.ceil(wait.get().toMillis() / 1000.0));
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "too-many-requests",
                        "Too many requests from you; retry after " + seconds + " s.");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
