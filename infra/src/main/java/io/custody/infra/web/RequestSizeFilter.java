package io.custody.infra.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Holds every request body to {@code custody.http.max-request-size}: a declared {@code Content-Length}
 * beyond it is refused at once, and a body without one (chunked) is counted as it is read, the read that
 * crosses the limit failing with {@link RequestTooLargeException}. Either way the answer is 413 naming the
 * limit, and since the ingest APIs commit a request in one transaction, nothing of it is stored.
 */
class RequestSizeFilter extends OncePerRequestFilter {

    static final String PROPERTY = "custody.http.max-request-size";

    private final long maxBytes;
    private final ObjectMapper json;

    RequestSizeFilter(DataSize maxRequestSize, ObjectMapper json) {
        this.maxBytes = maxRequestSize.toBytes();
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            refuse(response);
            return;
        }
        LimitedRequest limited = new LimitedRequest(request, maxBytes);
        try {
            chain.doFilter(limited, response);
        } catch (IOException | ServletException | RuntimeException e) {
            // An API that let the failed read escape (rather than answer it through RestErrors) is answered here.
            if (!limited.exceeded() || response.isCommitted()) {
                throw e;
            }
            refuse(response);
        }
    }

    private void refuse(HttpServletResponse response) throws IOException {
        HttpErrorWriter.write(json, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, PROPERTY,
                RequestTooLargeException.message(maxBytes));
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long maxBytes;
        private LimitedStream stream;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), maxBytes);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
        }

        boolean exceeded() {
            return stream != null && stream.exceeded;
        }
    }

    private static final class LimitedStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long maxBytes;
        private long read;
        private boolean exceeded;

        LimitedStream(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws RequestTooLargeException {
            read += n;
            if (read > maxBytes) {
                exceeded = true;
                throw new RequestTooLargeException(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
