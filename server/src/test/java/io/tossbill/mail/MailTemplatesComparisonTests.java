package io.tossbill.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * The compiled templates say what the Thymeleaf ones said: every template, in every variation it
 * branches on, in Korean and English, rendered by both: the same text, and the same HTML once
 * parsed (entities and whitespace between tags aside).
 */
class MailTemplatesComparisonTests {

  private static AnnotationConfigApplicationContext context;

  @BeforeAll
  static void start() {
    context = MailSamples.context(MailRenderer.class, ThymeleafMailRenderer.class);
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void everyTemplateRendersTheSameTextsAsThymeleafDid() {
    MailRenderer compiled = context.getBean(MailRenderer.class);
    ThymeleafMailRenderer thymeleaf = context.getBean(ThymeleafMailRenderer.class);
    int rendered = 0;
    int rawHtmlEqual = 0;
    for (MailSamples.Sample sample : MailSamples.all()) {
      for (Locale locale : new Locale[] {Locale.KOREAN, Locale.ENGLISH}) {
        MailRequest request = sample.request(locale);
        MailRepository.Rendered now = compiled.render(request);
        MailRepository.Rendered before = thymeleaf.render(request);
        String what = sample + " " + locale;
        assertThat(now.subject()).as(what).isEqualTo(before.subject());
        assertThat(now.text()).as(what).isEqualTo(before.text());
        assertThat(normalized(now.html())).as(what).isEqualTo(normalized(before.html()));
        rendered++;
        if (now.html().equals(before.html())) {
          rawHtmlEqual++;
        } else if (rendered - rawHtmlEqual <= 1) {
          System.out.println(
              "first raw HTML difference, "
                  + what
                  + ":\n--- thymeleaf\n"
                  + before.html()
                  + "\n--- compiled\n"
                  + now.html());
        }
      }
    }
    System.out.println(rendered + " mails compared, raw HTML identical in " + rawHtmlEqual);
    assertThat(rendered).isGreaterThan(400);
  }

  private static String normalized(String html) {
    return Jsoup.parse(html).outerHtml();
  }
}
