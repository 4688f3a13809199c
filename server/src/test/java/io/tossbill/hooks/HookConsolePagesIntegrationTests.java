package io.tossbill.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.customer.Customers;
import io.tossbill.security.Staff;
import io.tossbill.security.StaffRole;
import io.tossbill.testing.PageClient;
import io.tossbill.testing.PagesIntegrationTest;
import io.tossbill.testing.TestEmails;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The console's outgoing webhooks pages, for ADMIN staff only. */
@PagesIntegrationTest
class HookConsolePagesIntegrationTests {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @LocalServerPort int port;
  @Autowired HookEndpoints endpoints;
  @Autowired Customers customers;
  @Autowired Staff staff;
  @Autowired JdbcClient jdbc;

  private final Receiver receiver = new Receiver();

  @AfterEach
  void cleanUp() {
    endpoints.all().forEach(e -> endpoints.delete(e.id()));
    receiver.close();
  }

  @Test
  void anAdminAddsAnEndpointSeesItsSecretOnceReadsItsLogAndReplaysADelivery() {
    PageClient admin = login("admin", "tb_test_admin_password");
    PageClient.Page list = admin.open("/admin/webhook-endpoints");
    assertThat(list.text("h1")).isEqualTo("보내는 웹훅");
    assertThat(list.has("a[href='/admin/webhook-endpoints'][aria-current=page]")).isTrue();

    PageClient.Page created =
        admin.submit(
            "/admin/webhook-endpoints",
            Map.of(
                "url", receiver.url(),
                "description", "주문 서버",
                "eventTypes", "customer.created"));
    assertThat(created.text(".notice")).isEqualTo("엔드포인트를 추가했습니다.");
    String secret = created.text("#new-secret");
    assertThat(secret).startsWith("whsec_");
    assertThat(created.text("#endpoint-url")).isEqualTo(receiver.url());
    String endpointPath = created.url().replaceFirst("^https?://[^/]+", "");
    // shown once: the next visit does not have it
    PageClient.Page again = admin.open(endpointPath);
    assertThat(again.has("#new-secret")).isFalse();
    assertThat(again.body()).doesNotContain(secret);
    assertThat(again.text("#endpoint-description")).isEqualTo("주문 서버");
    assertThat(again.text("#edit-heading")).isEqualTo("엔드포인트 바꾸기");

    customers.create(TestEmails.next(), "콘솔", null);
    await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
    Receiver.Request first = receiver.requests().getFirst();
    new WebhookVerifier(secret)
        .verify(
            first.id(),
            first.timestamp(),
            first.signature(),
            first.body(),
            java.time.Instant.now());

    await().atMost(WAIT).until(() -> admin.open(endpointPath).body().contains("전달됨"));
    PageClient.Page withLog = admin.open(endpointPath);
    String deliveryPath = withLog.one("#deliveries a").attr("href");
    PageClient.Page delivery = admin.open(deliveryPath);
    assertThat(delivery.text("#delivery-status")).isEqualTo("전달됨");
    assertThat(delivery.text("#payload")).isEqualTo(first.body());
    assertThat(delivery.text("#attempts tbody tr")).contains("200", "{\"ok\":true}");
    assertThat(delivery.body()).doesNotContain(secret);

    PageClient.Page replayed = admin.submit(deliveryPath + "/replay", Map.of());
    assertThat(replayed.text(".notice")).contains("다시 보내도록 했습니다");
    await().atMost(WAIT).until(() -> receiver.requests().size() == 2);
    assertThat(receiver.requests().getLast().id()).isEqualTo(first.id());
    assertThat(receiver.requests().getLast().body()).isEqualTo(first.body());

    PageClient.Page disabled = admin.submit(endpointPath + "/disable", Map.of());
    assertThat(disabled.text(".badge.bad")).isEqualTo("꺼짐");
    PageClient.Page rolled = admin.submit(endpointPath + "/roll-secret", Map.of());
    assertThat(rolled.text("#new-secret")).startsWith("whsec_").isNotEqualTo(secret);
    PageClient.Page deleted = admin.submit(endpointPath + "/delete", Map.of());
    assertThat(deleted.text(".notice")).isEqualTo("엔드포인트를 삭제했습니다.");
    assertThat(endpoints.all()).isEmpty();
  }

  @Test
  void aBadUrlIsRefusedOnThePageAndNothingIsAdded() {
    PageClient admin = login("admin", "tb_test_admin_password").english();
    admin.open("/admin/webhook-endpoints");

    PageClient.Page refused =
        admin.submit(
            "/admin/webhook-endpoints",
            Map.of("url", "http://example.com/hooks", "eventTypes", "*"));

    assertThat(refused.text(".alert")).contains("it must be https");
    assertThat(refused.one("#url").attr("value")).isEqualTo("http://example.com/hooks");
    assertThat(endpoints.all()).isEmpty();
  }

  @Test
  void supportStaffNeitherSeeNorReachTheWebhookPages() {
    String username = "support-" + UUID.randomUUID().toString().substring(0, 6);
    PageClient support = login(username, staff.add(username, StaffRole.SUPPORT).password());

    assertThat(support.open("/admin").has("a[href='/admin/webhook-endpoints']")).isFalse();
    assertThat(support.get("/admin/webhook-endpoints").status()).isEqualTo(403);
    assertThat(
            support
                .post(
                    "/admin/webhook-endpoints",
                    Map.of("url", "https://example.com/hooks", "eventTypes", "*"))
                .status())
        .isEqualTo(403);
    assertThat(endpoints.all()).isEmpty();
  }

  private PageClient login(String username, String password) {
    PageClient client = new PageClient(port);
    client.get("/admin/login");
    PageClient.Page done =
        client.post("/admin/login", Map.of("username", username, "password", password));
    assertThat(done.location()).as(done.body()).endsWith("/admin");
    return client;
  }
}
