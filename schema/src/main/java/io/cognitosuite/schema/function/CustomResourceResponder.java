package io.cognitosuite.schema.function;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUTs the response to CloudFormation's pre-signed S3 URL with the JDK's HTTP client. The request carries
 * no {@code Content-Type}: the URL was signed without one, and S3 refuses a request whose headers do not
 * match the signature. A failed attempt (connection error or non-2xx status) is retried after a pause.
 */
public final class CustomResourceResponder {
    private static final Logger LOG = LoggerFactory.getLogger(CustomResourceResponder.class);

    private final int attempts;
    private final Duration attemptTimeout;
    private final Duration pause;
    private volatile HttpClient client;

    /**
     * @param attempts       how many times to try, at least 1
     * @param attemptTimeout longest wait for one attempt, connecting included
     * @param pause          wait between attempts
     */
    public CustomResourceResponder(int attempts, Duration attemptTimeout, Duration pause) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1 but is " + attempts);
        }
        this.attempts = attempts;
        this.attemptTimeout = Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    /** Three attempts of at most 5 s each, 1 s apart: at most 17 s, well inside the reserve the service keeps. */
    public static CustomResourceResponder standard() {
        return new CustomResourceResponder(3, Duration.ofSeconds(5), Duration.ofSeconds(1));
    }

    /**
     * @throws ResponseNotDeliveredException when no attempt was accepted
     */
    public void send(URI responseUrl, CustomResourceResponse response) {
        HttpRequest request = HttpRequest.newBuilder(responseUrl)
                .timeout(attemptTimeout)
                .PUT(HttpRequest.BodyPublishers.ofString(response.toJson(), StandardCharsets.UTF_8))
                .build();
        String lastProblem = "not tried";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<Void> answer = client().send(request, HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() / 100 == 2) {
                    LOG.info("answered CloudFormation {} (attempt {})", response.status(), attempt);
                    return;
                }
                lastProblem = "HTTP " + answer.statusCode();
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ResponseNotDeliveredException("interrupted while answering CloudFormation");
            }
            // The URL is a credential for this stack's response: log the problem, never the URL.
            LOG.warn("answering CloudFormation failed (attempt {} of {}): {}", attempt, attempts, lastProblem);
            if (attempt < attempts) {
                sleep();
            }
        }
        throw new ResponseNotDeliveredException("CloudFormation's response URL did not accept the response after "
                + attempts + " attempt(s): " + lastProblem);
    }

    /** Built on first use, so that constructing the handler starts no thread and opens no selector. */
    private HttpClient client() {
        HttpClient local = client;
        if (local == null) {
            synchronized (this) {
                local = client;
                if (local == null) {
                    local = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(attemptTimeout)
                            .build();
                    client = local;
                }
            }
        }
        return local;
    }

    private void sleep() {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResponseNotDeliveredException("interrupted while answering CloudFormation");
        }
    }
}
