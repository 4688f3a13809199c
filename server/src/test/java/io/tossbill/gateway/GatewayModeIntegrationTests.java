package io.tossbill.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tossbill.TossbillApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With the sandbox switched off, tossbill talks to the configured Toss host and mounts nothing. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tossbill.toss.sandbox=false",
      "tossbill.toss.secret-key=test_sk_gateway_mode",
      "tossbill.toss.client-key=test_ck_gateway_mode",
      "tossbill.toss.base-url=http://127.0.0.1:9"
    })
class GatewayModeIntegrationTests {

  @LocalServerPort int port;
  @Autowired PaymentGateway gateway;

  @Test
  void servesNoSandboxWhenSandboxModeIsOff() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/toss-sandbox/v2/standard"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).doesNotContain("requestBillingAuth");
  }

  @Test
  void opensTossesOwnCardWindowWithTheConfiguredClientKey() {
    assertThat(gateway.cardWindow().scriptUrl())
        .isEqualTo("https://js.tosspayments.com/v2/standard");
    assertThat(gateway.cardWindow().clientKey()).isEqualTo("test_ck_gateway_mode");
  }

  @Test
  void refusesToStartWithoutASecretKeyOutsideSandboxMode() {
    var application = new SpringApplicationBuilder(TossbillApplication.class);
    assertThatThrownBy(
            () ->
                application
                    .run(
                        "--server.port=0",
                        "--tossbill.toss.sandbox=false",
                        "--tossbill.toss.secret-key=",
                        "--tossbill.toss.client-key=test_ck_x")
                    .close())
        .hasStackTraceContaining("TOSS_SECRET_KEY is not set");
  }
}
