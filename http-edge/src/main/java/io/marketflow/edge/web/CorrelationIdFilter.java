package io.marketflow.edge.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request a correlation id: the client's {@code X-Correlation-Id} when it is a plain token of at most
 * 128 characters, a new UUID when there is none, and 400 when it is anything else (it ends up in the audit log).
 * The id is echoed in the response and kept as a request attribute for the command side's event metadata.
 */
public final class CorrelationIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Correlation-Id";
    public static final String ATTRIBUTE = CorrelationIdFilter.class.getName();

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private final ProblemWriter problems;

    public CorrelationIdFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    /** The correlation id of {@code request}, as this filter set it. */
    public static String of(HttpServletRequest request) {
        return (String) request.getAttribute(ATTRIBUTE);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(HEADER);
        if (given != null && !PLAIN.matcher(given).matches()) {
            problems.write(response, HttpStatus.BAD_REQUEST, "invalid-input",
                    HEADER + " must be 1 to 128 letters, digits or . _ : -");
            return;
        }
        String correlationId = given != null ? given : UUID.randomUUID().toString();
        request.setAttribute(ATTRIBUTE, correlationId);
        response.setHeader(HEADER, correlationId);
        chain.doFilter(request, response);
    }
}
