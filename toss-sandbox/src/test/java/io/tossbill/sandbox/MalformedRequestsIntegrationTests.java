package io.tossbill.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Requests Spring or the servlet container cannot read, against a standalone sandbox started like
 * other modules start it ({@link TossSandboxServer}, with the standalone defaults).
 */
class MalformedRequestsIntegrationTests {

  private static final String FORM = "application/x-www-form-urlencoded";

  static TossSandboxServer toss;
  static SandboxHttp http;

  @BeforeAll
  static void start() {
    toss = TossSandboxServer.start();
    http = new SandboxHttp(toss.port(), "", toss.secretKey());
  }

  @AfterAll
  static void stop() {
    toss.close();
  }

  @Test
  void answersUnreadableApiBodiesWithTossErrorsAndNeverA500() {
    String auth = SandboxHttp.basic(http.newSecretKey());
    List<List<String>> requests =
        List.of(
            List.of("POST", "/v1/billing/abc", "x", "multipart/form-data"),
            List.of(
                "POST",
                "/v1/billing/authorizations/issue",
                "--b\r\n",
                "multipart/form-data; boundary=b"),
            List.of("POST", "/v1/billing/abc", "a=%zz", FORM),
            List.of("PUT", "/v1/billing/abc", "a=%zz", FORM),
            List.of("PATCH", "/v1/payments/abc", "a=%zz", FORM),
            List.of("DELETE", "/v1/billing/abc", "a=%zz", FORM));
    for (List<String> r : requests) {
      SandboxHttp.Response response =
          http.raw(r.get(0), r.get(1), r.get(2), "Authorization", auth, "Content-Type", r.get(3));
      String what = String.join(" ", r);
      assertThat(response.status()).as(what).isBetween(400, 499);
      assertThat(response.header("Content-Type")).as(what).startsWith("application/json");
      assertThat(response.header("X-TossPayments-Trace-Id")).as(what).matches("[0-9a-f]{32}");
      assertThat(response.json().get("code").asString()).as(what).isNotBlank();
      assertThat(response.json().get("message").asString()).as(what).isNotBlank();
    }

    SandboxHttp.Response multipart =
        http.raw(
            "POST",
            "/v1/billing/abc",
            "x",
            "Authorization",
            auth,
            "Content-Type",
            "multipart/form-data");
    assertThat(multipart.status()).isEqualTo(400);
    assertThat(multipart.code()).isEqualTo("INVALID_REQUEST");
    assertThat(
            http.raw("PUT", "/v1/billing/abc", "a=%zz", "Authorization", auth, "Content-Type", FORM)
                .code())
        .isEqualTo("NOT_FOUND");
  }

  @Test
  void answersUndecodableParametersWith400() throws IOException {
    Raw api =
        raw(
            "GET /v1/payments/abc?x=%zz HTTP/1.1",
            "Authorization: " + SandboxHttp.basic(http.newSecretKey()));
    assertThat(api.status()).isEqualTo(404);
    assertThat(api.body()).contains("\"NOT_FOUND_PAYMENT\"");

    Raw control = raw("GET /_sandbox/ledger?secretKey=%zz HTTP/1.1", "Accept-Language: en-US");
    assertThat(control.status()).isEqualTo(400);
    assertThat(control.head())
        .containsIgnoringCase("X-TossPayments-Trace-Id")
        .containsIgnoringCase("application/problem+json");
    JsonNode error = SandboxHttp.JSON.readTree(control.body());
    assertThat(error.get("code").asString()).isEqualTo("INVALID_REQUEST");
    assertThat(error.get("detail").asString())
        .isEqualTo("Do not put the secret key in the URL; send it in Authorization: Basic.");

    SandboxHttp.Response reset =
        http.raw(
            "POST",
            "/_sandbox/clock/advance",
            "seconds=%zz",
            "Content-Type",
            FORM,
            "Authorization",
            SandboxHttp.basic(toss.secretKey()));
    assertThat(reset.status()).isEqualTo(400);
    assertThat(reset.code()).isEqualTo("INVALID_REQUEST");

    Raw window = raw("GET /_sandbox/billing-auth?clientKey=%zz HTTP/1.1");
    assertThat(window.status()).isEqualTo(400);
    assertThat(window.head()).containsIgnoringCase("text/html");
    assertThat(window.body()).contains("카드 등록을 진행할 수 없습니다");
    SandboxHttp.Response windowForm =
        http.raw("POST", "/_sandbox/billing-auth", "clientKey=%zz", "Content-Type", FORM);
    assertThat(windowForm.status()).isEqualTo(400);
    assertThat(windowForm.body()).contains("카드 등록을 진행할 수 없습니다");
  }

  @Test
  void readsControlBodiesWhateverTheirContentType() {
    SandboxHttp.Response latency =
        http.raw(
            "PUT",
            "/_sandbox/latency",
            SandboxHttp.json(Map.of("mode", "fixed", "fixedMillis", 1)),
            "Content-Type",
            FORM,
            "Authorization",
            SandboxHttp.basic(toss.secretKey()));
    assertThat(latency.status()).as(latency.body()).isEqualTo(200);
    assertThat(latency.json().get("mode").asString()).isEqualTo("fixed");
    SandboxHttp.Response webhook =
        http.raw(
            "PUT",
            "/_sandbox/webhook",
            SandboxHttp.json(Map.of("url", "http://127.0.0.1:9/hook?a=b&c=d")),
            "Content-Type",
            FORM,
            "Authorization",
            SandboxHttp.basic(http.newSecretKey()));
    assertThat(webhook.json().get("url").asString()).isEqualTo("http://127.0.0.1:9/hook?a=b&c=d");
    assertThat(
            http.raw(
                    "PUT",
                    "/_sandbox/latency",
                    "{\"mode\":\"none\"}",
                    "Content-Type",
                    FORM,
                    "Authorization",
                    SandboxHttp.basic(toss.secretKey()))
                .status())
        .isEqualTo(200);
  }

  @Test
  void answersWhatNoControllerTakesWithJsonNeverAnHtmlPage() throws IOException {
    Raw unknown = raw("GET /nothing-here HTTP/1.1", "Accept-Language: en-US");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.head()).containsIgnoringCase("Content-Type: application/problem+json");
    JsonNode problem = SandboxHttp.JSON.readTree(unknown.body());
    assertThat(problem.get("code").asString()).isEqualTo("NOT_FOUND");
    assertThat(problem.get("detail").asString()).isEqualTo("The sandbox has no such path.");
    assertThat(problem.get("instance").asString()).isEqualTo("/nothing-here");

    Raw wrongMethod =
        raw(
            "PATCH /_sandbox/ledger HTTP/1.1",
            "Authorization: " + SandboxHttp.basic(toss.secretKey()));
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(SandboxHttp.JSON.readTree(wrongMethod.body()).get("code").asString())
        .isEqualTo("METHOD_NOT_ALLOWED");

    // refused by the servlet container before Spring runs
    Raw badApiPath = raw("GET /v1/payments/%zz HTTP/1.1");
    assertThat(badApiPath.status()).isEqualTo(400);
    assertThat(badApiPath.head()).containsIgnoringCase("Content-Type: application/json");
    assertThat(SandboxHttp.JSON.readTree(badApiPath.body()).get("code").asString())
        .isEqualTo("INVALID_REQUEST");
    Raw badControlPath = raw("GET /_sandbox/%zz HTTP/1.1");
    assertThat(badControlPath.status()).isEqualTo(400);
    assertThat(badControlPath.head()).containsIgnoringCase("application/problem+json");
    assertThat(SandboxHttp.JSON.readTree(badControlPath.body()).get("title").asString())
        .isEqualTo("잘못된 요청");
    Raw expectation =
        raw("POST /_sandbox/reset HTTP/1.1", "Expect: something", "Content-Length: 0");
    assertThat(expectation.status()).isEqualTo(417);
    assertThat(SandboxHttp.JSON.readTree(expectation.body()).get("code").asString())
        .isEqualTo("EXPECTATION_FAILED");
    Raw coding = raw("POST /v1/billing/abc HTTP/1.1", "Transfer-Encoding: zip");
    assertThat(coding.status()).isEqualTo(501);
    assertThat(SandboxHttp.JSON.readTree(coding.body()).get("code").asString())
        .isEqualTo("INVALID_REQUEST");
    for (Raw answer :
        List.of(unknown, wrongMethod, badApiPath, badControlPath, expectation, coding)) {
      assertThat(answer.body()).doesNotContainIgnoringCase("<html");
    }
  }

  /** One HTTP/1.1 exchange over a plain socket, for request lines a URI class would refuse. */
  record Raw(int status, String head, String body) {}

  private static Raw raw(String requestLine, String... headers) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", toss.port())) {
      socket.setSoTimeout(10_000);
      StringBuilder request = new StringBuilder(requestLine).append("\r\n");
      request.append("Host: 127.0.0.1:").append(toss.port()).append("\r\n");
      for (String header : headers) {
        request.append(header).append("\r\n");
      }
      request.append("Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int split = response.indexOf("\r\n\r\n");
      return new Raw(
          Integer.parseInt(response.substring(9, 12)),
          response.substring(0, split),
          response.substring(split + 4));
    }
  }
}
