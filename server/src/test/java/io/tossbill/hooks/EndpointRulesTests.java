package io.tossbill.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tossbill.platform.ApiException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointRulesTests {

  @Test
  void acceptsHttpsAnywhereAndHttpOnlyToThisMachine() {
    for (String url :
        List.of(
            "https://example.com/hooks",
            "https://hooks.example.co.kr:8443/toss/bill?token=abc",
            "https://10.0.0.7/internal",
            "http://127.0.0.1:8080/hooks",
            "http://localhost/hooks",
            "http://[::1]:9000/x")) {
      assertThat(EndpointRules.url(url)).as(url).isEqualTo(url);
    }
  }

  @Test
  void refusesOtherSchemesPlainHttpUserInfoAndMalformedUrlsSayingWhy() {
    assertRefused("http://example.com/hooks", "https");
    assertRefused("http://192.168.0.10/hooks", "https");
    assertRefused("ftp://example.com/hooks", "https URL");
    assertRefused("file:///etc/passwd", "absolute URL");
    assertRefused("javascript:alert(1)", "absolute URL");
    assertRefused("https://user:secret@example.com/hooks", "user info");
    assertRefused("https://token@example.com/hooks", "user info");
    assertRefused("https://example.com/hooks#part", "fragment");
    assertRefused("/relative/path", "absolute URL");
    assertRefused("https://", "absolute URL");
    assertRefused("https://exa mple.com/", "spaces");
    assertRefused("https://예시.com/", "non-ASCII");
    assertRefused("https://example.com/" + "a".repeat(2001), "2000");
    assertRefused("https://bad_host.example.com/", "host");
    assertRefused("", "required");
    assertRefused(null, "required");
  }

  @Test
  void eventTypesAreNamesGroupsOrEverything() {
    assertThat(EndpointRules.eventTypes(null)).containsExactly("*");
    assertThat(EndpointRules.eventTypes(List.of("payment.failed", "*"))).containsExactly("*");
    assertThat(
            EndpointRules.eventTypes(List.of("subscription.*", "payment.failed", "subscription.*")))
        .containsExactly("subscription.*", "payment.failed");

    ApiException unknown =
        catchThrowableOfType(
            ApiException.class,
            () -> EndpointRules.eventTypes(List.of("payment.failed", "payment.exploded")));
    assertThat(unknown.code()).isEqualTo("WEBHOOK_EVENT_TYPE_UNKNOWN");
    assertThat(unknown.field()).isEqualTo("eventTypes");
    assertThat(unknown.messageEn()).contains("payment.exploded", "payment.*");
    assertThat(unknown.messageKo()).contains("payment.exploded", "알 수 없는");

    ApiException empty =
        catchThrowableOfType(ApiException.class, () -> EndpointRules.eventTypes(List.of()));
    assertThat(empty.code()).isEqualTo("WEBHOOK_EVENT_TYPES_EMPTY");
    ApiException nullType =
        catchThrowableOfType(
            ApiException.class, () -> EndpointRules.eventTypes(Arrays.asList((String) null)));
    assertThat(nullType.code()).isEqualTo("WEBHOOK_EVENT_TYPE_UNKNOWN");
  }

  @Test
  void aTypeIsSelectedByItsNameItsGroupOrEverything() {
    assertThat(HookEventType.PAYMENT_FAILED.selectedBy(List.of("*"))).isTrue();
    assertThat(HookEventType.PAYMENT_FAILED.selectedBy(List.of("payment.*"))).isTrue();
    assertThat(HookEventType.PAYMENT_FAILED.selectedBy(List.of("payment.failed"))).isTrue();
    assertThat(HookEventType.PAYMENT_FAILED.selectedBy(List.of("payment.succeeded"))).isFalse();
    assertThat(HookEventType.PAYMENT_FAILED.selectedBy(List.of("subscription.*"))).isFalse();
    assertThat(HookEventType.publicNames())
        .doesNotHaveDuplicates()
        .allMatch(n -> n.matches("[a-z_]+\\.[a-z_]+"));
  }

  @Test
  void aDescriptionIsShortAndPrintable() {
    assertThat(EndpointRules.description("  주문 서버  ")).isEqualTo("주문 서버");
    assertThat(EndpointRules.description(null)).isEmpty();
    assertThat(
            catchThrowableOfType(ApiException.class, () -> EndpointRules.description("a\u0000b"))
                .code())
        .isEqualTo("WEBHOOK_DESCRIPTION_INVALID");
    assertThat(
            catchThrowableOfType(
                    ApiException.class, () -> EndpointRules.description("x".repeat(501)))
                .field())
        .isEqualTo("description");
  }

  @Test
  void aUrlShownInAMailLosesItsQuery() {
    assertThat(EndpointRules.shown("https://example.com:8443/hooks?token=secret"))
        .isEqualTo("https://example.com:8443/hooks");
  }

  private static void assertRefused(String url, String reason) {
    ApiException refused = catchThrowableOfType(ApiException.class, () -> EndpointRules.url(url));
    assertThat(refused).as(url).isNotNull();
    assertThat(refused.code()).as(url).isEqualTo("WEBHOOK_URL_INVALID");
    assertThat(refused.field()).isEqualTo("url");
    assertThat(refused.messageEn()).as(url).contains(reason);
    assertThat(refused.messageKo()).as(url).contains("웹훅 URL");
  }
}
