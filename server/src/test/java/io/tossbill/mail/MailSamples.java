package io.tossbill.mail;

import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.IntervalUnit;
import io.tossbill.platform.Won;
import io.tossbill.web.Messages;
import io.tossbill.web.PageFormats;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.core.io.ClassPathResource;

/**
 * Every mail template with the variables its callers give (notice, account, hooks), in each of the
 * variations a template branches on; and a small context holding the renderer with the message
 * bundles configured as the application's.
 */
final class MailSamples {

  static final String NAME = "<b>&\"Kim's</b>";
  static final String PLAN = "Pro <i>&\"'</i>";
  static final String LINK = "https://billing.example.com/my/subscriptions/7?x=1&y=<2>\"'";
  static final String CARD = "신한 4330-12**-****-123*";

  private MailSamples() {}

  /**
   * A context with the message bundles (as application.yml names them), the formats and the
   * renderers.
   */
  static AnnotationConfigApplicationContext context(Class<?>... renderers) {
    YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
    yaml.setResources(new ClassPathResource("application.yml"));
    String basenames =
        Objects.requireNonNull(yaml.getObject()).getProperty("spring.messages.basename");
    ResourceBundleMessageSource bundles = new ResourceBundleMessageSource();
    bundles.setBasenames(Objects.requireNonNull(basenames).split(","));
    bundles.setDefaultEncoding("UTF-8");
    bundles.setFallbackToSystemLocale(false);
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    context.registerBean("messageSource", MessageSource.class, () -> bundles);
    context.registerBean(Messages.class);
    context.registerBean("fmt", PageFormats.class);
    for (Class<?> renderer : renderers) {
      context.registerBean(renderer);
    }
    context.refresh();
    return context;
  }

  /** One mail to render: its template, a label for the variation, and its variables. */
  record Sample(String template, String variation, Map<String, Object> variables) {
    MailRequest request(Locale locale) {
      return new MailRequest(
          "sample:" + template,
          "kim@example.com",
          locale,
          template,
          variables,
          subjectArgs(),
          false);
    }

    private List<Object> subjectArgs() {
      Object plan = variables.get("plan");
      return plan == null ? List.of() : List.of(plan);
    }

    @Override
    public String toString() {
      return template + " " + variation;
    }
  }

  /** A variable a template branches on: set or not (a flag true or false, a value there or not). */
  private record Toggle(String label, Map<String, Object> on, Map<String, Object> off) {
    static Toggle flag(String name) {
      return new Toggle(name, Map.of(name, true), Map.of(name, false));
    }

    static Toggle optional(String name, Object value) {
      return new Toggle(name, Map.of(name, value), Map.of());
    }
  }

  private static final Toggle SIGNED =
      new Toggle(
          "signedLink",
          Map.of("signedLink", true, "linkExpiresAt", Instant.parse("2025-03-08T03:00:00Z")),
          Map.of("signedLink", false));

  static List<Sample> all() {
    Won amount = new Won(9900);
    BillingInterval monthly = new BillingInterval(IntervalUnit.MONTH, 1);
    BillingInterval quarterly = new BillingInterval(IntervalUnit.MONTH, 3);
    LocalDate start = LocalDate.of(2025, 3, 1);
    LocalDate end = LocalDate.of(2025, 4, 1);
    Instant at = Instant.parse("2025-03-01T00:00:05Z");
    List<Sample> samples = new ArrayList<>();
    samples.addAll(
        variations(
            "subscribed",
            Map.of(
                "plan", PLAN,
                "price", amount,
                "interval", monthly,
                "periodStart", start,
                "periodEnd", end,
                "link", LINK,
                "name", NAME),
            Toggle.flag("trialing"),
            Toggle.flag("free"),
            Toggle.flag("consentAsked"),
            Toggle.optional("nextChargeAt", Instant.parse("2025-04-01T00:00:00Z")),
            Toggle.optional("nextChargeAmount", new Won(1234567)),
            Toggle.optional("card", CARD),
            SIGNED));
    samples.addAll(
        variations(
            "receipt",
            Map.of(
                "plan", PLAN,
                "amount", amount,
                "vat", new Won(900),
                "supplied", new Won(9000),
                "periodStart", start,
                "periodEnd", end,
                "approvedAt", at,
                "orderId", "sub-7-p3-a1",
                "link", LINK,
                "name", NAME),
            Toggle.flag("upgrade"),
            Toggle.optional("card", CARD),
            Toggle.optional(
                "receiptUrl", "https://dashboard.tosspayments.com/receipt?ref=a&b=\"c\""),
            SIGNED));
    Map<String, Object> consent = new HashMap<>();
    consent.putAll(
        Map.of(
            "plan", PLAN,
            "interval", quarterly,
            "changeDate", end,
            "deadline", Instant.parse("2025-03-25T14:59:59Z"),
            "priceBefore", amount,
            "priceAfter", new Won(14900),
            "paymentMethod", CARD,
            "shownText", "첫 줄 <script>alert('x')</script>\n둘째 줄 & \"인용\"\n\n끝",
            "link", LINK,
            "name", NAME));
    samples.addAll(
        variations(
            "consent-price-increase",
            consent,
            Toggle.flag("reminder"),
            Toggle.flag("keepOldPrice"),
            SIGNED));
    samples.addAll(variations("consent-trial", consent, Toggle.flag("reminder"), SIGNED));
    samples.addAll(
        variations(
            "upcoming-renewal",
            Map.of(
                "plan", PLAN,
                "interval", monthly,
                "renewalDate", end,
                "chargeAt", Instant.parse("2025-03-31T15:00:00Z"),
                "amount", amount,
                "link", LINK,
                "name", NAME),
            Toggle.flag("planChanges"),
            Toggle.optional("card", CARD),
            SIGNED));
    samples.addAll(
        variations(
            "payment-failed",
            Map.of(
                "plan", PLAN,
                "amount", amount,
                "failureCode", "REJECT_CARD_COMPANY",
                "failureMessage", "잔액 부족 <초과> & \"한도\"",
                "link", LINK,
                "name", NAME),
            Toggle.flag("incomplete"),
            Toggle.flag("awaitingCard"),
            Toggle.optional("nextRetryAt", Instant.parse("2025-03-04T00:00:00Z")),
            Toggle.optional("card", CARD),
            SIGNED));
    samples.addAll(
        variations(
            "card-unusable",
            Map.of("plans", PLAN + ", Basic", "link", LINK, "name", NAME),
            Toggle.optional("card", CARD),
            SIGNED));
    samples.addAll(
        variations(
            "cancel-scheduled",
            Map.of(
                "plan",
                PLAN,
                "periodEnd",
                end,
                "endsAt",
                Instant.parse("2025-03-31T15:00:00Z"),
                "link",
                LINK,
                "name",
                NAME),
            SIGNED));
    for (String reason :
        List.of(
            "REQUESTED",
            "PERIOD_END",
            "DUNNING_EXHAUSTED",
            "NO_NEW_CARD",
            "CONSENT_MISSING",
            "CONSENT_PRICE_EXCEEDED",
            "OTHER")) {
      for (String template : List.of("canceled", "expired")) {
        for (Sample s :
            variations(
                template,
                Map.of("plan", PLAN, "endedAt", at, "reason", reason, "link", LINK, "name", NAME),
                SIGNED)) {
          samples.add(new Sample(s.template(), reason + s.variation(), s.variables()));
        }
      }
    }
    samples.addAll(
        variations(
            "refund",
            Map.of(
                "plan", PLAN,
                "amount", new Won(3300),
                "refundedTotal", new Won(5500),
                "paid", amount,
                "periodStart", start,
                "periodEnd", end,
                "orderId", "sub-7-p3-a1",
                "link", LINK,
                "name", NAME),
            Toggle.optional("paidAt", at),
            Toggle.optional("card", CARD),
            SIGNED));
    samples.add(
        new Sample(
            "welcome",
            "",
            Map.of(
                "name",
                NAME,
                "email",
                "kim+<x>@example.com",
                "plansUrl",
                "https://billing.example.com/plans",
                "myUrl",
                "https://billing.example.com/my")));
    samples.add(
        new Sample(
            "password-reset",
            "",
            Map.of(
                "name",
                NAME,
                "resetUrl",
                "https://billing.example.com/password-reset/new?token=a-b_c&x=\"y\"",
                "minutes",
                1440L)));
    samples.add(
        new Sample(
            "webhook-endpoint-disabled",
            "",
            Map.of(
                "endpointId",
                "1234",
                "url",
                "https://hooks.example.com/in?a=1&b=<2>",
                "failingSince",
                Instant.parse("2025-03-01T00:00:00Z"),
                "failures",
                "1500",
                "consoleUrl",
                "https://billing.example.com/admin/webhook-endpoints/1234")));
    return samples;
  }

  /** Every combination of the toggles over the base variables. */
  private static List<Sample> variations(
      String template, Map<String, Object> base, Toggle... toggles) {
    List<Sample> out = new ArrayList<>();
    for (int bits = 0; bits < 1 << toggles.length; bits++) {
      Map<String, Object> v = new LinkedHashMap<>(base);
      StringBuilder label = new StringBuilder();
      for (int i = 0; i < toggles.length; i++) {
        boolean on = (bits & 1 << i) != 0;
        v.putAll(on ? toggles[i].on() : toggles[i].off());
        label.append(on ? " +" : " -").append(toggles[i].label());
      }
      out.add(new Sample(template, label.toString(), v));
    }
    return out;
  }
}
