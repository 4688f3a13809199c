package io.tossbill.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SandboxIntegrationTest
class BillingWindowIntegrationTests {

  @LocalServerPort int port;

  SandboxHttp http;
  String secretKey;
  String clientKey;

  @BeforeEach
  void setUp() {
    http = new SandboxHttp(port, "");
    SandboxHttp.Merchant merchant = http.newMerchant();
    secretKey = merchant.secretKey();
    clientKey = merchant.clientKey();
  }

  @Test
  void servesTheSdkScript() {
    SandboxHttp.Response script = http.raw("GET", "/v2/standard", "");
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.header("Content-Type")).startsWith("text/javascript");
    assertThat(script.body())
        .contains(
            "requestBillingAuth",
            "document.currentScript",
            "/_sandbox/billing-auth",
            "IncorrectSuccessUrlFormatError",
            "InsecureKeyUsageError");
  }

  @Test
  void registersCardThroughTheWindowAndIssuesBillingKeyOnce() {
    String successUrl = "https://shop.example/billing/success?plan=pro";
    SandboxHttp.Response page =
        http.raw("GET", "/_sandbox/billing-auth?" + query(params(successUrl)), "");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.body())
        .contains("카드번호", "유효기간", "등록", "닫기", "name=\"customerKey\" value=\"cust-win-1\"");

    Map<String, String> form = new LinkedHashMap<>(params(successUrl));
    form.putAll(
        Map.of(
            "cardNumber",
            "4330 1234 1234 1234",
            "expiry",
            "12/29",
            "identity",
            "900101",
            "agree",
            "true",
            "action",
            "register"));
    SandboxHttp.Response submitted = http.form("/_sandbox/billing-auth", form);

    assertThat(submitted.status()).isEqualTo(303);
    String location = submitted.header("Location");
    assertThat(location).startsWith(successUrl + "&customerKey=cust-win-1&authKey=");
    Map<String, String> query = queryOf(location);
    String authKey = query.get("authKey");
    assertThat(authKey).startsWith("bln_");

    SandboxHttp.Response issued =
        http.post(
            secretKey,
            "/v1/billing/authorizations/issue",
            Map.of("authKey", authKey, "customerKey", "cust-win-1"));
    assertThat(issued.status()).isEqualTo(200);
    JsonNode billing = issued.json();
    assertThat(billing.get("customerKey").asString()).isEqualTo("cust-win-1");
    assertThat(billing.get("billingKey").asString()).hasSize(44);
    assertThat(billing.get("card").get("number").asString()).isEqualTo("43301234****123*");
    assertThat(billing.get("method").asString()).isEqualTo("카드");

    SandboxHttp.Response reused =
        http.post(
            secretKey,
            "/v1/billing/authorizations/issue",
            Map.of("authKey", authKey, "customerKey", "cust-win-1"));
    assertThat(reused.status()).isEqualTo(400);
    assertThat(reused.code()).isEqualTo("INVALID_BILLING_AUTH");
  }

  @Test
  void refusesUnknownForeignAndMismatchedAuthKeys() {
    String authKey = registeredAuthKey("cust-win-2");
    assertThat(
            http.post(
                    secretKey,
                    "/v1/billing/authorizations/issue",
                    Map.of("authKey", "bln_unknown", "customerKey", "cust-win-2"))
                .code())
        .isEqualTo("NOT_FOUND_BILLING");
    assertThat(
            http.post(
                    http.newSecretKey(),
                    "/v1/billing/authorizations/issue",
                    Map.of("authKey", authKey, "customerKey", "cust-win-2"))
                .status())
        .isEqualTo(404);
    assertThat(
            http.post(
                    secretKey,
                    "/v1/billing/authorizations/issue",
                    Map.of("authKey", authKey, "customerKey", "cust-other"))
                .code())
        .isEqualTo("NOT_MATCHES_CUSTOMER_KEY");
    assertThat(
            http.post(secretKey, "/v1/billing/authorizations/issue", Map.of("authKey", authKey))
                .code())
        .isEqualTo("INVALID_REQUIRED_PARAM");
    assertThat(
            http.post(
                    secretKey,
                    "/v1/billing/authorizations/issue",
                    Map.of("authKey", authKey, "customerKey", "cust-win-2"))
                .status())
        .isEqualTo(200);
  }

  @Test
  void redirectsToFailUrlOnCloseAndRefusedCard() {
    Map<String, String> close = new HashMap<>(params("https://shop.example/ok"));
    close.put("action", "close");
    String closed = http.form("/_sandbox/billing-auth", close).header("Location");
    assertThat(closed).startsWith("https://shop.example/fail?code=PAY_PROCESS_CANCELED&message=");
    assertThat(queryOf(closed).get("message")).isEqualTo("사용자에 의해 결제가 취소되었습니다.");

    Map<String, String> refused = new HashMap<>(params("https://shop.example/ok"));
    refused.putAll(
        Map.of(
            "cardNumber",
            "4000000000000101",
            "expiry",
            "1229",
            "identity",
            "900101",
            "agree",
            "true",
            "action",
            "register"));
    String location = http.form("/_sandbox/billing-auth", refused).header("Location");
    assertThat(queryOf(location))
        .containsEntry("code", "REJECT_CARD_COMPANY")
        .containsEntry("message", "결제 승인이 거절되었습니다.");
  }

  @Test
  void showsKoreanErrorsForBadInputAndNeverLeaksTheCardNumber() {
    Map<String, String> form = new HashMap<>(params("https://shop.example/ok"));
    form.putAll(
        Map.of(
            "cardNumber",
            "4330123412341234",
            "expiry",
            "13/29",
            "identity",
            "900101",
            "agree",
            "true",
            "action",
            "register"));
    SandboxHttp.Response badExpiry = http.form("/_sandbox/billing-auth", form);
    assertThat(badExpiry.status()).isEqualTo(200);
    assertThat(badExpiry.body())
        .contains("유효기간을 MM/YY 형식으로 입력해주세요")
        .doesNotContain("4330123412341234");

    form.putAll(Map.of("expiry", "12/29", "agree", "false"));
    assertThat(http.form("/_sandbox/billing-auth", form).body()).contains("필수 약관에 동의해주세요.");

    form.putAll(Map.of("agree", "true", "identity", "991399"));
    assertThat(http.form("/_sandbox/billing-auth", form).body()).contains("생년월일 정보는");

    form.putAll(Map.of("identity", "900101", "cardNumber", "12<script>"));
    SandboxHttp.Response badNumber = http.form("/_sandbox/billing-auth", form);
    assertThat(badNumber.status()).isEqualTo(200);
    assertThat(badNumber.body()).contains("카드번호 15~16자리").doesNotContain("<script>");

    form.putAll(Map.of("cardNumber", "4330123412341234", "expiry", "01/20"));
    assertThat(http.form("/_sandbox/billing-auth", form).body()).contains("유효기간");
  }

  @Test
  void refusesWindowWithBadParametersWithoutRedirecting() {
    Map<String, String> bad = new HashMap<>(params("/relative/success"));
    SandboxHttp.Response relative = http.raw("GET", "/_sandbox/billing-auth?" + query(bad), "");
    assertThat(relative.status()).isEqualTo(400);
    assertThat(relative.body()).contains("successUrl");

    bad = new HashMap<>(params("https://shop.example/ok"));
    bad.put("clientKey", "test_sk_secret");
    assertThat(http.raw("GET", "/_sandbox/billing-auth?" + query(bad), "").status()).isEqualTo(400);

    bad.put("clientKey", "test_ck_" + SandboxHttp.unknownSecretKey().substring(8));
    SandboxHttp.Response unknown = http.raw("GET", "/_sandbox/billing-auth?" + query(bad), "");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.body()).contains("인증되지 않은 클라이언트 키").doesNotContain("<form");
    Map<String, String> submitted = new HashMap<>(bad);
    submitted.putAll(
        Map.of(
            "cardNumber", "4330123412341234",
            "expiry", "12/29",
            "identity", "900101",
            "agree", "true",
            "action", "register"));
    SandboxHttp.Response unknownSubmit = http.form("/_sandbox/billing-auth", submitted);
    assertThat(unknownSubmit.status()).isEqualTo(400);
    assertThat(unknownSubmit.header("Location")).isNull();
    assertThat(http.form("/_sandbox/billing-auth", Map.of()).status()).isEqualTo(400);
    assertThat(http.raw("GET", "/_sandbox/billing-auth", "").status()).isEqualTo(400);
  }

  private String registeredAuthKey(String customerKey) {
    Map<String, String> form = new HashMap<>(params("https://shop.example/ok"));
    form.put("customerKey", customerKey);
    form.putAll(
        Map.of(
            "cardNumber",
            "5330123412341234",
            "expiry",
            "12/29",
            "identity",
            "900101",
            "agree",
            "true",
            "action",
            "register"));
    return queryOf(http.form("/_sandbox/billing-auth", form).header("Location")).get("authKey");
  }

  private Map<String, String> params(String successUrl) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("clientKey", clientKey);
    params.put("customerKey", "cust-win-1");
    params.put("successUrl", successUrl);
    params.put("failUrl", "https://shop.example/fail");
    params.put("customerName", "김토스");
    return params;
  }

  private static String query(Map<String, String> params) {
    StringBuilder sb = new StringBuilder();
    params.forEach(
        (k, v) ->
            sb.append(sb.isEmpty() ? "" : "&")
                .append(k)
                .append('=')
                .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return sb.toString();
  }

  private static Map<String, String> queryOf(String url) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      values.put(
          pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return values;
  }
}
