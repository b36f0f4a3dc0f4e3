package io.custody.webhook;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;

/**
 * How a failed attempt is described in the delivery log. Every failure is retried alike (a receiver that is
 * down, refusing or misconfigured may be fixed before the schedule runs out); the text tells the operator which.
 */
final class DeliveryFailures {

    private DeliveryFailures() {
    }

    static String describe(Throwable failure) {
        String detail = failure.getMessage() == null ? "" : ": " + failure.getMessage();
        if (failure instanceof HttpConnectTimeoutException) {
            return "connection timed out" + detail;
        }
        if (failure instanceof HttpTimeoutException) {
            return "no response in time" + detail;
        }
        if (failure instanceof ConnectException) {
            return "connection refused" + detail;
        }
        if (failure instanceof UnknownHostException) {
            return "unknown host" + detail;
        }
        if (failure instanceof SSLException) {
            return "TLS failed" + detail;
        }
        String text = failure.getClass().getSimpleName() + detail;
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
