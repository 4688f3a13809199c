package io.tossbill.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What is refused before any controller runs (by the servlet container, the firewall, or because
 * nothing is at the path) is answered in the shape of the path: the error page in the reader's
 * language on pages, problem details on the JSON paths, Toss's {@code {code, message}} on the
 * mounted sandbox's API. Never Tomcat's HTML report, never Spring Boot's default JSON.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ErrorAnswersIntegrationTests {

  @LocalServerPort int port;

  @Test
  void aPageRefusedByTheContainerIsAnErrorPageInTheReadersLanguage() throws Exception {
    RawHttp.Answer korean = new RawHttp("GET", "/plans/%zz").send(port);
    assertThat(korean.status()).isEqualTo(400);
    assertThat(korean.contentType()).startsWith("text/html");
    assertThat(korean.body()).contains("요청을 처리하지 못했습니다").doesNotContain("Tomcat", "HTTP Status");

    RawHttp.Answer english =
        new RawHttp("GET", "/plans/%zz").header("Accept-Language", "en-US,en;q=0.9").send(port);
    assertThat(english.body()).contains("We could not do that").doesNotContain("Tomcat");
  }

  @Test
  void aPageRefusedByTheFirewallOrMissingIsTheErrorPage() throws Exception {
    RawHttp.Answer rejected = new RawHttp("GET", "/plans/../admin").send(port);
    assertThat(rejected.status()).isEqualTo(400);
    assertThat(rejected.contentType()).startsWith("text/html");
    assertThat(rejected.body()).contains("요청을 이해하지 못했습니다");

    RawHttp.Answer missing = new RawHttp("GET", "/no-such-page").send(port);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).contains("찾으시는 페이지가 없습니다");
  }

  @Test
  void theJsonPathsAnswerProblemDetailsWhateverRefusedThem() throws Exception {
    RawHttp.Answer container =
        new RawHttp("GET", "/api/v1/plans/%zz").header("Accept-Language", "en").send(port);
    assertThat(container.status()).isEqualTo(400);
    assertThat(container.contentType()).startsWith("application/problem+json");
    assertThat(container.body())
        .contains("\"code\":\"BAD_REQUEST\"", "\"message_en\":\"The request could not be handled");

    RawHttp.Answer firewall = new RawHttp("GET", "/api/v1/plans;x=1").send(port);
    assertThat(firewall.status()).isEqualTo(400);
    assertThat(firewall.body()).contains("\"code\":\"REQUEST_REJECTED\"");

    RawHttp.Answer expect =
        new RawHttp("POST", "/api/v1/customers")
            .header("Expect", "something")
            .header("Content-Type", "application/json")
            .body("{}")
            .send(port);
    assertThat(expect.status()).isEqualTo(417);
    assertThat(expect.contentType()).startsWith("application/problem+json");
    assertThat(expect.body()).contains("\"code\":\"EXPECTATION_FAILED\"");

    RawHttp.Answer actuator = new RawHttp("GET", "/actuator/%zz").send(port);
    assertThat(actuator.contentType()).startsWith("application/problem+json");
  }

  @Test
  void theMountedSandboxsApiAnswersInTossShape() throws Exception {
    RawHttp.Answer container = new RawHttp("GET", "/toss-sandbox/v1/payments/%zz").send(port);
    assertThat(container.status()).isEqualTo(400);
    assertThat(container.contentType()).startsWith("application/json");
    assertThat(container.body())
        .isEqualTo("{\"code\":\"INVALID_REQUEST\",\"message\":\"잘못된 요청입니다.\"}");

    RawHttp.Answer firewall = new RawHttp("GET", "/toss-sandbox/v1/../v1/payments/x").send(port);
    assertThat(firewall.status()).isEqualTo(400);
    assertThat(firewall.body()).startsWith("{\"code\":\"INVALID_REQUEST\"");
  }
}
