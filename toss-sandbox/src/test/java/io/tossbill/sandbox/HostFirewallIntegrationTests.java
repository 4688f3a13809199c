package io.tossbill.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import tools.jackson.databind.JsonNode;

/**
 * A host with Spring Security's firewall (as the billing server has) refuses to hand out a header
 * value with a non-ASCII byte: the mounted sandbox answers such a request with a 4xx in its usual
 * shape, never a 500.
 */
@SpringBootTest(
    classes = HostFirewallIntegrationTests.FirewalledHost.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "toss-sandbox.base-path=/toss-sandbox",
      "toss-sandbox.client-key=" + SandboxHttp.INSTALLATION_CLIENT_KEY,
      "toss-sandbox.secret-key=" + SandboxHttp.INSTALLATION_SECRET_KEY
    })
class HostFirewallIntegrationTests {

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import(TossSandboxConfiguration.class)
  static class FirewalledHost {

    /** What Spring Security's filter chain does to every request before any controller. */
    @Bean
    FilterRegistrationBean<Filter> firewall() {
      StrictHttpFirewall firewall = new StrictHttpFirewall();
      return new FilterRegistrationBean<>(
          (request, response, chain) ->
              chain.doFilter(
                  firewall.getFirewalledRequest((HttpServletRequest) request), response));
    }
  }

  private static final byte[] NON_ASCII = {'a', (byte) 0xED, (byte) 0x95, (byte) 0x9C, 'b'};

  @LocalServerPort int port;

  @Test
  void answersANonAsciiHeaderValueWithA4xxNeverA500() throws IOException {
    String auth = SandboxHttp.basic(SandboxHttp.INSTALLATION_SECRET_KEY);
    record Case(String method, String path, String header, int status, String code) {}
    List<Case> cases =
        List.of(
            new Case(
                "POST", "/toss-sandbox/v1/billing/abc", "Authorization", 401, "UNAUTHORIZED_KEY"),
            new Case(
                "POST",
                "/toss-sandbox/v1/billing/abc",
                "TossPayments-Test-Code",
                400,
                "INVALID_TEST_CODE"),
            new Case(
                "POST",
                "/toss-sandbox/v1/billing/abc",
                "Idempotency-Key",
                400,
                "INVALID_IDEMPOTENCY_KEY"),
            new Case(
                "POST",
                "/toss-sandbox/v1/billing/abc",
                "Accept-Language",
                400,
                "INVALID_REQUIRED_PARAM"),
            new Case(
                "GET", "/toss-sandbox/_sandbox/ledger", "Authorization", 401, "UNAUTHORIZED_KEY"),
            new Case("GET", "/toss-sandbox/_sandbox/ledger", "Accept", 200, null),
            // the sandbox reads control bodies as JSON whatever their declared type
            new Case("PUT", "/toss-sandbox/_sandbox/latency", "Content-Type", 200, null),
            new Case("GET", "/toss-sandbox/_sandbox/ledger", "Accept-Language", 200, null));
    for (Case c : cases) {
      Raw response = send(c.method(), c.path(), c.header(), auth);
      String what = c.method() + " " + c.path() + " " + c.header();
      assertThat(response.status()).as(what).isEqualTo(c.status());
      if (c.code() != null) {
        JsonNode body = SandboxHttp.JSON.readTree(response.body());
        assertThat(body.get("code").asString()).as(what).isEqualTo(c.code());
        assertThat(response.head())
            .as(what)
            .containsIgnoringCase(
                c.path().contains("/v1/") ? "application/json" : "application/problem+json");
      }
    }
  }

  record Raw(int status, String head, String body) {}

  /** One request with {@code header: a한b} in raw UTF-8 bytes, which no HTTP client would send. */
  private Raw send(String method, String path, String header, String auth) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      String body = "{\"mode\":\"none\"}";
      request.writeBytes(
          (method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      if (!header.equals("Authorization")) {
        request.writeBytes(("Authorization: " + auth + "\r\n").getBytes(StandardCharsets.US_ASCII));
      }
      if (!header.equals("Content-Type")) {
        request.writeBytes(
            "Content-Type: application/json\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      request.writeBytes((header + ": ").getBytes(StandardCharsets.US_ASCII));
      request.writeBytes(NON_ASCII);
      request.writeBytes(
          ("\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)
              .getBytes(StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      out.write(request.toByteArray());
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
