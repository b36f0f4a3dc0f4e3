package io.custody.infra.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rate-limits failed authentication per client address, so that nobody can try token after token: once an
 * address has presented {@code max-failures} bad credentials within {@code window} (counted from its first
 * failure), its requests that carry credentials are answered 429 until the window ends. Requests without
 * credentials are not counted: they guess nothing.
 */
class FailedAuthenticationLimit extends OncePerRequestFilter {

    private final Cache<String, AtomicInteger> failures;
    private final int maxFailures;
    private final long windowSeconds;
    private final ErrorResponses errors;

    FailedAuthenticationLimit(SecurityProperties.FailedAuthentication limits, ErrorResponses errors) {
        this.maxFailures = limits.maxFailures();
        this.windowSeconds = Math.max(1, limits.window().toSeconds());
        this.errors = errors;
        // Expiry after the first write only: the counter is updated in place, so the window does not slide.
        this.failures = Caffeine.newBuilder().expireAfterWrite(limits.window()).maximumSize(100_000).build();
    }

    /** Counts a failed authentication of the request's address; a missing credential is no attempt. */
    void failed(HttpServletRequest request, AuthenticationException failure) {
        if (!(failure instanceof InsufficientAuthenticationException)) {
            failures.get(request.getRemoteAddr(), address -> new AtomicInteger()).incrementAndGet();
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        AtomicInteger count = request.getHeader(HttpHeaders.AUTHORIZATION) == null ? null
                : failures.getIfPresent(request.getRemoteAddr());
        if (count != null && count.get() >= maxFailures) {
            errors.tooManyFailures(response, windowSeconds);
            return;
        }
        chain.doFilter(request, response);
    }
}
