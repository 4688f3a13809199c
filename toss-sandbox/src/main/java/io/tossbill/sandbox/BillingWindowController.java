package io.tossbill.sandbox;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The stand-in for Toss's browser side: the SDK script at {@code /v2/standard} and the card
 * registration window it navigates to. Card numbers are never logged or echoed back.
 */
@RestController("tossSandboxBillingWindowController")
@ConditionalOnBooleanProperty(name = "toss-sandbox.enabled", matchIfMissing = true)
@SandboxController
class BillingWindowController {

  static final String WINDOW_PATH = "/_sandbox/billing-auth";
  private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);
  private static final MediaType JAVASCRIPT =
      new MediaType("text", "javascript", StandardCharsets.UTF_8);

  private final SandboxEngine engine;
  private final SandboxClock clock;
  private final SandboxState state;
  private final byte[] script;

  BillingWindowController(SandboxEngine engine, SandboxClock clock, SandboxState state) {
    this.engine = engine;
    this.clock = clock;
    this.state = state;
    try (InputStream in = BillingWindowController.class.getResourceAsStream("standard.js")) {
      if (in == null) {
        throw new IllegalStateException(
            "standard.js is missing beside " + BillingWindowController.class.getName());
      }
      this.script = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @GetMapping("/v2/standard")
  ResponseEntity<byte[]> script() {
    return ResponseEntity.ok()
        .contentType(JAVASCRIPT)
        .cacheControl(CacheControl.noCache())
        .header("Access-Control-Allow-Origin", "*")
        .body(script);
  }

  @GetMapping(WINDOW_PATH)
  ResponseEntity<byte[]> open(HttpServletRequest http) {
    WindowPage.Request request = request(http);
    String problem = problem(request);
    if (problem != null) {
      return html(HttpStatus.BAD_REQUEST, WindowPage.problem(problem));
    }
    return html(
        HttpStatus.OK,
        WindowPage.form(http.getRequestURI(), request, WindowPage.Typed.empty(), null));
  }

  @PostMapping(WINDOW_PATH)
  ResponseEntity<byte[]> submit(HttpServletRequest http) {
    WindowPage.Request request = request(http);
    String problem = problem(request);
    if (problem != null) {
      return html(HttpStatus.BAD_REQUEST, WindowPage.problem(problem));
    }
    if ("close".equals(http.getParameter("action"))) {
      return redirect(failure(request.failUrl(), "PAY_PROCESS_CANCELED"));
    }
    String cardNumber = text(http.getParameter("cardNumber")).replaceAll("[\\s-]", "");
    String expiry = text(http.getParameter("expiry")).strip();
    String identity = text(http.getParameter("identity")).replaceAll("[\\s-]", "");
    boolean agreed = "true".equals(http.getParameter("agree"));
    WindowPage.Typed typed =
        new WindowPage.Typed(
            expiry.length() > 5 ? "" : expiry, identity.length() > 10 ? "" : identity, agreed);
    String error = null;
    if (!cardNumber.matches("[0-9]{15,16}")) {
      error = "카드번호 15~16자리 숫자를 정확히 입력해주세요.";
    } else if (!expiry.matches("(0[1-9]|1[0-2])/?[0-9]{2}")) {
      error = "유효기간을 MM/YY 형식으로 입력해주세요. (예: 12/29)";
    } else if (!identity.matches("[0-9]{6}|[0-9]{10}")) {
      error = "생년월일 6자리(YYMMDD) 또는 사업자등록번호 10자리를 숫자로 입력해주세요.";
    } else if (!agreed) {
      error = "필수 약관에 동의해주세요.";
    }
    if (error != null) {
      return html(HttpStatus.OK, WindowPage.form(http.getRequestURI(), request, typed, error));
    }
    String month = expiry.substring(0, 2);
    String year = expiry.substring(expiry.length() - 2);
    TestCards.Registered card;
    try {
      card = TestCards.register(cardNumber, year, month, identity, null, clock.instant());
    } catch (TossApiException e) {
      if (TestCards.REFUSED_AT_REGISTRATION.containsValue(e.code())) {
        return redirect(failure(request.failUrl(), e.code()));
      }
      return html(
          HttpStatus.OK, WindowPage.form(http.getRequestURI(), request, typed, e.error().korean()));
    }
    MerchantState merchant = state.merchantByClientKey(request.clientKey()).orElseThrow();
    AuthKeyRecord authKey = engine.createAuthKey(merchant.secretKey, request.customerKey(), card);
    return redirect(
        append(
            request.successUrl(),
            "customerKey="
                + encode(request.customerKey())
                + "&authKey="
                + encode(authKey.authKey())));
  }

  private static WindowPage.Request request(HttpServletRequest http) {
    return new WindowPage.Request(
        text(http.getParameter("clientKey")),
        text(http.getParameter("customerKey")),
        text(http.getParameter("successUrl")),
        text(http.getParameter("failUrl")),
        blankToNull(http.getParameter("customerEmail")),
        blankToNull(http.getParameter("customerName")));
  }

  /** Why the window cannot be used with these parameters, or null. */
  private @Nullable String problem(WindowPage.Request request) {
    if (!request.clientKey().matches("test_ck_[\\x21-\\x7e]{1,190}")) {
      return "클라이언트 키가 올바르지 않습니다. 샌드박스는 test_ck_ 로 시작하는 클라이언트 키만 받습니다.";
    }
    if (state.merchantByClientKey(request.clientKey()).isEmpty()) {
      return "인증되지 않은 클라이언트 키입니다. 이 샌드박스가 발급한 클라이언트 키를 사용해주세요.";
    }
    if (!isAbsoluteHttpUrl(request.successUrl())) {
      return "successUrl은 origin을 포함한 절대 URL이어야 합니다.";
    }
    if (!isAbsoluteHttpUrl(request.failUrl())) {
      return "failUrl은 origin을 포함한 절대 URL이어야 합니다.";
    }
    if (!SandboxEngine.CUSTOMER_KEY.matcher(request.customerKey()).matches()
        || request.customerKey().equals("@@ANONYMOUS")) {
      return "customerKey가 올바르지 않습니다. 영문 대소문자, 숫자, 특수문자(-, _, =, ., @)로 2자 이상 300자 이하여야 합니다.";
    }
    return null;
  }

  static boolean isAbsoluteHttpUrl(String value) {
    if (value.length() > 2000) {
      return false;
    }
    try {
      URI uri = new URI(value);
      return uri.isAbsolute()
          && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static String failure(String failUrl, String code) {
    return append(
        failUrl, "code=" + encode(code) + "&message=" + encode(ErrorCatalogue.get(code).korean()));
  }

  /** Appends query parameters like Toss: with '?' or '&' as the URL needs, before any fragment. */
  static String append(String url, String query) {
    int hash = url.indexOf('#');
    String base = hash < 0 ? url : url.substring(0, hash);
    String fragment = hash < 0 ? "" : url.substring(hash);
    String separator =
        !base.contains("?") ? "?" : (base.endsWith("?") || base.endsWith("&") ? "" : "&");
    return base + separator + query + fragment;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String text(@Nullable String value) {
    return value == null ? "" : value;
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static ResponseEntity<byte[]> html(HttpStatus status, String page) {
    return ResponseEntity.status(status)
        .contentType(HTML)
        .cacheControl(CacheControl.noStore())
        .body(page.getBytes(StandardCharsets.UTF_8));
  }

  private static ResponseEntity<byte[]> redirect(String location) {
    return ResponseEntity.status(HttpStatus.SEE_OTHER)
        .header(HttpHeaders.LOCATION, location)
        .build();
  }
}
