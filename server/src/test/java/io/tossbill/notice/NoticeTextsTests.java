package io.tossbill.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * What the bundle checks cannot see: the keys a notice builds at run time (its subject, the reason
 * an ended subscription gives) exist in Korean and English, and every kind has both templates.
 */
class NoticeTextsTests {

  private static final Path RESOURCES = Path.of("src/main/resources");
  private static final Path TEMPLATES = Path.of("src/main/jte/mail");

  @Test
  void everyKindHasItsTemplatesAndSubjectAndEveryReasonItsTextInBothLanguages() throws IOException {
    Properties ko = load("mail.properties");
    Properties en = load("mail_en.properties");
    for (NoticeKind kind : NoticeKind.values()) {
      assertThat(TEMPLATES.resolve("html/" + kind.template() + ".jte")).exists();
      assertThat(TEMPLATES.resolve("text/" + kind.template() + ".jte")).exists();
      String subject = "mail." + kind.template() + ".subject";
      assertThat(ko.getProperty(subject)).as(subject).isNotBlank();
      assertThat(en.getProperty(subject)).as(subject).isNotBlank();
    }
    for (String reason : LifecycleNotices.REASONS) {
      String key = "mail.ended.reason." + reason;
      assertThat(ko.getProperty(key)).as(key).isNotBlank();
      assertThat(en.getProperty(key)).as(key).isNotBlank();
    }
  }

  @Test
  void aNoticesKeyNamesItsKindItsCustomerAndItsCause() {
    assertThat(NoticeKind.RECEIPT.key(new io.tossbill.customer.CustomerId(42), "payment-17"))
        .isEqualTo("receipt:c42:payment-17");
  }

  private static Properties load(String bundle) throws IOException {
    Properties p = new Properties();
    try (Reader in =
        new InputStreamReader(
            Files.newInputStream(RESOURCES.resolve("messages/" + bundle)),
            StandardCharsets.UTF_8)) {
      p.load(in);
    }
    return p;
  }
}
