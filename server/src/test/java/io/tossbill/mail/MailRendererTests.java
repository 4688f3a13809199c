package io.tossbill.mail;

import static io.tossbill.mail.MailSamples.CARD;
import static io.tossbill.mail.MailSamples.LINK;
import static io.tossbill.mail.MailSamples.NAME;
import static io.tossbill.mail.MailSamples.PLAN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Every mail template renders in Korean and English, in every variation it branches on (the
 * callers' variables, {@link MailSamples}): HTML escapes what it inserts (a name like {@code
 * <b>&"}), text does not; optional lines appear only when their value does, leaving no empty line;
 * links are links. The receipt's text is pinned whole: it is what the Thymeleaf templates wrote.
 */
class MailRendererTests {

  private static final Locale[] LANGUAGES = {Locale.KOREAN, Locale.ENGLISH};

  private static AnnotationConfigApplicationContext context;
  private static MailRenderer renderer;
  private static MessageSource bundles;

  @BeforeAll
  static void start() {
    context = MailSamples.context(MailRenderer.class);
    renderer = context.getBean(MailRenderer.class);
    bundles = context.getBean(MessageSource.class);
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void everyMailInBothLanguagesHasItsTitleFooterAndLanguageAndEscapesOnlyItsHtml() {
    List<MailSamples.Sample> samples = MailSamples.all();
    assertThat(samples.stream().map(MailSamples.Sample::template).distinct())
        .as("all 14 templates")
        .hasSize(14);
    for (MailSamples.Sample sample : samples) {
      for (Locale locale : LANGUAGES) {
        String what = sample + " " + locale;
        MailRepository.Rendered mail = renderer.render(sample.request(locale));
        String title = text("mail." + sample.template() + ".title", locale);
        String footer = text("mail.footer", locale);

        assertThat(mail.text())
            .as(what)
            .startsWith(title + "\n\n")
            .endsWith("--\n" + footer + "\n");
        assertThat(mail.text()).as(what).doesNotContain("\n\n\n", "null", "??");
        Document html = Jsoup.parse(mail.html());
        assertThat(html.selectFirst("html").attr("lang")).as(what).isEqualTo(locale.getLanguage());
        assertThat(html.title()).as(what).isEqualTo(title);
        assertThat(html.selectFirst("h1").text()).as(what).isEqualTo(title);
        assertThat(html.select("p").last().text()).as(what).isEqualTo(footer);
        assertThat(mail.html()).as(what).doesNotContain("null", "??", "<b>", "<i>", "<script");

        if (sample.variables().containsKey("name")) {
          String greeting = text("mail.greeting", locale, NAME);
          assertThat(mail.text()).as(what).contains("\n" + greeting + "\n");
          assertThat(html.select("p").eachText()).as(what).contains(greeting);
          assertThat(mail.html()).as(what).contains("&lt;b&gt;&amp;").doesNotContain(NAME);
        }
        if (sample.variables().containsKey("link")) {
          assertThat(mail.text()).as(what).contains("\n" + LINK + "\n");
          assertThat(html.select("a").eachAttr("href")).as(what).contains(LINK);
          assertThat(html.select("a").eachText()).as(what).contains(LINK);
        }
        String signed = text("mail.notice.signed-link", locale, "2025-03-08 12:00");
        assertThat(mail.text().contains(signed))
            .as(what + ": the signed link's note")
            .isEqualTo(Boolean.TRUE.equals(sample.variables().get("signedLink")));
      }
    }
  }

  @Test
  void aReceiptShowsItsOptionalLinesOnlyWhenTheyAreThere() {
    assertThat(receipt(" -upgrade +card +receiptUrl -signedLink", Locale.KOREAN).text())
        .isEqualTo(
            """
            결제가 완료되었습니다

            <b>&"Kim's</b>님, 안녕하세요.

            아래와 같이 결제되었습니다. 이용해 주셔서 감사합니다.

            - 금액: 9,900원
            - 공급가액: 9,000원
            - 부가세: 900원
            - 요금제: Pro <i>&"'</i>
            - 이용 기간: 2025년 3월 1일 ~ 2025년 4월 1일
            - 결제 일시: 2025-03-01 09:00 (한국 시간)
            - 카드: 신한 4330-12**-****-123*
            - 주문번호: sub-7-p3-a1

            카드 매출전표(토스페이먼츠)
            https://dashboard.tosspayments.com/receipt?ref=a&b="c"

            결제 내역 보기:
            https://billing.example.com/my/subscriptions/7?x=1&y=<2>"'

            --
            이 메일은 발신 전용입니다. tossbill 정기결제
            """);
    assertThat(receipt(" +upgrade -card -receiptUrl +signedLink", Locale.ENGLISH).text())
        .isEqualTo(
            """
            Payment received

            Hello <b>&"Kim's</b>,

            We charged your card as follows. Thank you.

            - Amount: ₩9,900
            - Supply value: ₩9,000
            - VAT: ₩900
            - Plan upgrade (prorated): Pro <i>&"'</i>
            - Period: March 1, 2025 – April 1, 2025
            - Paid at: 2025-03-01 09:00 (Korea time)
            - Order ID: sub-7-p3-a1

            See your payments:
            https://billing.example.com/my/subscriptions/7?x=1&y=<2>"'

            This link opens your subscription pages without a login until 2025-03-08 12:00 \
            (Korea time). Please do not forward this mail.

            --
            This mailbox is not read. tossbill subscription billing
            """);
  }

  @Test
  void aReceiptsHtmlEscapesValuesInTextAndInAttributes() {
    MailRepository.Rendered mail =
        receipt(" -upgrade +card +receiptUrl -signedLink", Locale.ENGLISH);
    assertThat(mail.html())
        .contains("<p>Hello &lt;b&gt;&amp;\"Kim's&lt;/b&gt;,</p>")
        .contains("<td style=\"padding:4px 0;\">Pro &lt;i&gt;&amp;\"'&lt;/i&gt;</td>")
        .contains("<td style=\"padding:4px 0;\">" + CARD + "</td>")
        .contains(
            "href=\"https://billing.example.com/my/subscriptions/7?x=1&amp;y=&lt;2>&#34;&#39;\"")
        .contains("href=\"https://dashboard.tosspayments.com/receipt?ref=a&amp;b=&#34;c&#34;\"");
    Document html = Jsoup.parse(mail.html());
    assertThat(html.select("a").eachAttr("href"))
        .containsExactly("https://dashboard.tosspayments.com/receipt?ref=a&b=\"c\"", LINK, LINK);
    assertThat(html.select("td").eachText()).contains(PLAN, CARD, "₩9,900", "sub-7-p3-a1");
    assertThat(html.select("th").eachText()).doesNotContain("Plan upgrade (prorated)");

    Document upgrade =
        Jsoup.parse(receipt(" +upgrade -card -receiptUrl +signedLink", Locale.ENGLISH).html());
    assertThat(upgrade.select("th").eachText())
        .contains("Plan upgrade (prorated)")
        .doesNotContain("Plan", "Card");
    assertThat(upgrade.select("a").eachAttr("href")).containsExactly(LINK, LINK);
  }

  @Test
  void eachBranchShowsItsTextOnlyWhenItsConditionHolds() {
    for (MailSamples.Sample sample : MailSamples.all()) {
      Map<String, Object> v = sample.variables();
      boolean trialing = on(v, "trialing");
      boolean free = on(v, "free");
      for (Locale locale : LANGUAGES) {
        String what = sample + " " + locale;
        MailRepository.Rendered mail = renderer.render(sample.request(locale));
        String text = mail.text();
        String html = Jsoup.parse(mail.html()).text();
        switch (sample.template()) {
          case "subscribed" -> {
            shows(what, text, html, text("mail.subscribed.free", locale), free);
            shows(
                what,
                text,
                html,
                text("mail.subscribed.paid", locale, won(locale, "9,900")),
                !trialing && !free);
            shows(
                what,
                text,
                html,
                text("mail.subscribed.trial-consent", locale),
                trialing && on(v, "consentAsked"));
            shows(
                what,
                text,
                html,
                text(
                    "format.price",
                    locale,
                    won(locale, "9,900"),
                    text("interval.MONTH.one", locale)),
                !free);
            shows(what, text, html, CARD, v.containsKey("card"));
          }
          case "payment-failed" -> {
            shows(
                what,
                text,
                html,
                text("mail.payment-failed.incomplete", locale),
                on(v, "incomplete"));
            shows(
                what,
                text,
                html,
                text("mail.payment-failed.new-card", locale),
                on(v, "awaitingCard") && !on(v, "incomplete"));
            shows(
                what,
                text,
                html,
                text("mail.payment-failed.retry", locale, "2025-03-04 09:00"),
                v.containsKey("nextRetryAt"));
            // Toss's own message is Korean: the English mail gives the code alone
            shows(what, text, html, "잔액 부족 <초과> & \"한도\"", locale == Locale.KOREAN);
            shows(what, text, html, "REJECT_CARD_COMPANY", true);
          }
          case "consent-price-increase", "consent-trial" -> {
            shows(what, text, html, text("mail.consent.reminder", locale), on(v, "reminder"));
            shows(what, text, html, "첫 줄 <script>alert('x')</script>\n둘째 줄", true);
            if (sample.template().equals("consent-price-increase")) {
              shows(
                  what,
                  text,
                  html,
                  text("mail.consent-price-increase.without-keep", locale, won(locale, "9,900")),
                  on(v, "keepOldPrice"));
            }
          }
          case "upcoming-renewal" -> {
            shows(
                what,
                text,
                html,
                text("mail.upcoming-renewal.plan-changes", locale),
                on(v, "planChanges"));
            shows(what, text, html, CARD, v.containsKey("card"));
          }
          case "card-unusable" -> {
            shows(
                what,
                text,
                html,
                text("mail.card-unusable.body", locale, CARD),
                v.containsKey("card"));
            shows(
                what,
                text,
                html,
                text("mail.card-unusable.body-unknown", locale),
                !v.containsKey("card"));
          }
          case "refund" -> {
            shows(what, text, html, "2025-03-01 09:00", v.containsKey("paidAt"));
            shows(what, text, html, CARD, v.containsKey("card"));
          }
          case "canceled", "expired" -> {
            for (String reason : List.of("REQUESTED", "PERIOD_END", "OTHER")) {
              shows(
                  what,
                  text,
                  html,
                  text("mail.ended.reason." + reason, locale),
                  reason.equals(v.get("reason")));
            }
          }
          case "webhook-endpoint-disabled" ->
              // ids and counts given as text: never grouped like a number (1,234)
              shows(what, text, html, "1234", true);
          case "password-reset" ->
              shows(
                  what,
                  text,
                  html,
                  "https://billing.example.com/password-reset/new?token=a-b_c&x=\"y\"",
                  true);
          default -> {}
        }
      }
    }
  }

  /** {@code text} appears in the text mail and in the HTML mail's text exactly when expected. */
  private static void shows(String what, String text, String html, String shown, boolean expected) {
    assertThat(text.contains(shown)).as(what + " text shows: " + shown).isEqualTo(expected);
    String flat = shown.replace('\n', ' ');
    assertThat(html.contains(flat) || html.contains(shown))
        .as(what + " html shows: " + shown)
        .isEqualTo(expected);
  }

  private static boolean on(Map<String, Object> v, String flag) {
    return Boolean.TRUE.equals(v.get(flag));
  }

  private static String won(Locale locale, String digits) {
    return locale == Locale.ENGLISH ? "₩" + digits : digits + "원";
  }

  private static String text(String key, Locale locale, Object... args) {
    return bundles.getMessage(key, args, locale);
  }

  private static MailRepository.Rendered receipt(String variation, Locale locale) {
    MailSamples.Sample sample =
        MailSamples.all().stream()
            .filter(s -> s.template().equals("receipt") && s.variation().equals(variation))
            .findFirst()
            .orElseThrow();
    return renderer.render(sample.request(locale));
  }
}
