package io.tossbill.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jspecify.annotations.Nullable;

/**
 * A browser without JavaScript for page tests: keeps cookies (the session), reads the CSRF token
 * from the last page, posts forms, and follows redirects only when asked, so a test can check
 * Post/Redirect/Get.
 */
public final class PageClient {

  private final String base;
  private final HttpClient http;
  private String csrf = "";
  private String language = "ko";

  public PageClient(int port) {
    this.base = "http://127.0.0.1:" + port;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public String base() {
    return base;
  }

  /** The CSRF token of the last page read that had a form (empty before any). */
  public String csrf() {
    return csrf;
  }

  /** Sends Accept-Language: en from now on. */
  public PageClient english() {
    language = "en";
    return this;
  }

  /** A page as it came: status, location, body. */
  public record Page(int status, String url, String location, String body, Document html) {

    public Element one(String css) {
      Element element = html.selectFirst(css);
      assertThat(element).as("%s in\n%s", css, body).isNotNull();
      return element;
    }

    public String text(String css) {
      return one(css).text();
    }

    public boolean has(String css) {
      return html.selectFirst(css) != null;
    }
  }

  public Page get(String pathOrUrl) {
    return send(HttpRequest.newBuilder(uri(pathOrUrl)).GET());
  }

  /** GETs as htmx does (HX-Request: true), for a part of a page. */
  public Page fragment(String path) {
    return send(HttpRequest.newBuilder(uri(path)).header("HX-Request", "true").GET());
  }

  /** GETs and follows redirects (within this server) to the final page. */
  public Page open(String pathOrUrl) {
    Page page = get(pathOrUrl);
    for (int i = 0; i < 10 && page.status() / 100 == 3; i++) {
      page = get(page.location());
    }
    return page;
  }

  /** POSTs a form with the CSRF token of the last page read. */
  public Page post(String path, Map<String, String> fields) {
    Map<String, String> form = new LinkedHashMap<>(fields);
    form.putIfAbsent("_csrf", csrf);
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(form))));
  }

  /**
   * Any request with this browser's cookies: {@code contentType} and {@code body} as given (none
   * when the body is null), {@code Accept} as given, and any other headers.
   */
  public Page request(
      String method,
      String path,
      String accept,
      @Nullable String contentType,
      @Nullable String body,
      Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    headers.forEach(request::header);
    return send(request, accept);
  }

  /** POSTs, expects Post/Redirect/Get, and returns the page redirected to. */
  public Page submit(String path, Map<String, String> fields) {
    Page answer = post(path, fields);
    assertThat(answer.status())
        .as("POST %s answers a redirect: %s", path, answer.body())
        .isEqualTo(302);
    return open(answer.location());
  }

  public static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private URI uri(String pathOrUrl) {
    return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
  }

  private Page send(HttpRequest.Builder request) {
    return send(request, "text/html");
  }

  private Page send(HttpRequest.Builder request, String accept) {
    try {
      HttpResponse<String> response =
          http.send(
              request.header("Accept-Language", language).header("Accept", accept).build(),
              HttpResponse.BodyHandlers.ofString());
      Document html = Jsoup.parse(response.body(), base);
      Element token = html.selectFirst("input[name=_csrf]");
      if (token != null) {
        csrf = token.attr("value");
      }
      return new Page(
          response.statusCode(),
          response.uri().toString(),
          response.headers().firstValue("Location").orElse(""),
          response.body(),
          html);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
