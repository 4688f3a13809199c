package io.tossbill.hooks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sends one signed request to an endpoint: connect within {@code connect-timeout}, the whole answer
 * within {@code response-timeout}, redirects never followed, at most {@value #READ_LIMIT} bytes of
 * the answer read. Refuses to run inside a database transaction.
 */
@Component
class HookSender {

  /** What a try came to; only DELIVERED counts as delivered. */
  enum Outcome {
    DELIVERED,
    HTTP_ERROR,
    REDIRECT,
    TIMEOUT,
    CONNECTION_FAILED,
    ERROR
  }

  /** One try's result, as logged. */
  record Result(
      Outcome outcome,
      @Nullable Integer statusCode,
      long latencyMillis,
      @Nullable String excerpt,
      @Nullable String error) {

    boolean delivered() {
      return outcome == Outcome.DELIVERED;
    }

    /** What went wrong, in a few words, for the delivery's last error. */
    String summary() {
      return statusCode != null
          ? "HTTP " + statusCode
          : outcome.name() + (error == null ? "" : ": " + error);
    }
  }

  static final int EXCERPT_CHARS = 1024;
  static final int READ_LIMIT = 4096;
  static final String USER_AGENT = "tossbill-webhooks/1";

  private final HttpClient http;
  private final Duration responseTimeout;
  private final Duration overall;

  HookSender(HookProperties properties) {
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(properties.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    this.responseTimeout = properties.responseTimeout();
    this.overall = properties.connectTimeout().plus(properties.responseTimeout());
  }

  /**
   * POSTs {@code body} with the Standard Webhooks headers; never throws for the endpoint's sake.
   */
  Result send(String url, String id, long timestamp, String signature, String body) {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("a webhook is never sent inside a database transaction");
    }
    long started = System.nanoTime();
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(responseTimeout)
              .header("Content-Type", "application/json")
              .header("User-Agent", USER_AGENT)
              .header("webhook-id", id)
              .header("webhook-timestamp", Long.toString(timestamp))
              .header("webhook-signature", signature)
              .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
              .build();
    } catch (IllegalArgumentException e) {
      return new Result(Outcome.ERROR, null, 0, null, "invalid URL");
    }
    CompletableFuture<HttpResponse<byte[]>> answer =
        http.sendAsync(request, info -> new BoundedBody(READ_LIMIT));
    try {
      HttpResponse<byte[]> response = answer.get(overall.toMillis(), TimeUnit.MILLISECONDS);
      int status = response.statusCode();
      Outcome outcome =
          status >= 200 && status < 300
              ? Outcome.DELIVERED
              : status >= 300 && status < 400 ? Outcome.REDIRECT : Outcome.HTTP_ERROR;
      return new Result(outcome, status, millisSince(started), excerpt(response.body()), null);
    } catch (TimeoutException e) {
      answer.cancel(true);
      return new Result(Outcome.TIMEOUT, null, millisSince(started), null, "no answer in time");
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      return new Result(Outcome.ERROR, null, millisSince(started), null, "interrupted");
    } catch (ExecutionException e) {
      return failure(e.getCause(), millisSince(started));
    }
  }

  private static Result failure(@Nullable Throwable cause, long latency) {
    Outcome outcome;
    String error;
    if (cause instanceof HttpConnectTimeoutException) {
      outcome = Outcome.CONNECTION_FAILED;
      error = "connect timed out";
    } else if (cause instanceof HttpTimeoutException) {
      outcome = Outcome.TIMEOUT;
      error = "no answer in time";
    } else if (cause instanceof ConnectException) {
      outcome = Outcome.CONNECTION_FAILED;
      error = "connection refused";
    } else if (cause instanceof SSLException) {
      outcome = Outcome.CONNECTION_FAILED;
      error = "TLS: " + text(cause.getMessage());
    } else if (cause instanceof IOException) {
      outcome = Outcome.CONNECTION_FAILED;
      error = cause.getClass().getSimpleName() + ": " + text(cause.getMessage());
    } else {
      outcome = Outcome.ERROR;
      error = cause == null ? "unknown" : cause.getClass().getSimpleName();
    }
    return new Result(outcome, null, latency, null, clean(error, 500));
  }

  /** The start of an answer's body as text: UTF-8 (bad bytes replaced), no control characters. */
  static @Nullable String excerpt(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    String text;
    try {
      CharBuffer chars = decoder.decode(ByteBuffer.wrap(body));
      text = chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    return clean(text, EXCERPT_CHARS);
  }

  /**
   * Control characters (NUL among them) become spaces, newlines and tabs stay; cut to {@code max}.
   */
  static String clean(String text, int max) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), max));
    text.codePoints()
        .limit(max)
        .forEach(
            c -> {
              if (c == '\n' || c == '\t') {
                out.appendCodePoint(c);
              } else if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                out.append(' ');
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.length() > max ? out.substring(0, max) : out.toString();
  }

  private static String text(@Nullable String message) {
    return message == null ? "" : message;
  }

  private static long millisSince(long started) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
  }

  /** Keeps the first {@code limit} bytes of an answer and stops reading there. */
  private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final int limit;
    private Flow.@Nullable Subscription subscription;

    BoundedBody(int limit) {
      this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer item : items) {
        int n = Math.min(item.remaining(), limit - out.size());
        byte[] chunk = new byte[n];
        item.get(chunk);
        out.write(chunk, 0, n);
      }
      Flow.Subscription s = subscription;
      if (s == null) {
        return;
      }
      if (out.size() >= limit) {
        s.cancel();
        result.complete(out.toByteArray());
      } else {
        s.request(1);
      }
    }

    @Override
    public void onError(Throwable failure) {
      result.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
      result.complete(out.toByteArray());
    }
  }
}
