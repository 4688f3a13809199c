package io.tossbill.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.billing.ChargeConsentPolicy;
import io.tossbill.billing.DiscountRedemption;
import io.tossbill.billing.SubscriptionStatus;
import io.tossbill.consent.ConsentStatus;
import io.tossbill.coupon.CouponDuration;
import io.tossbill.hooks.HookDeliveryStatus;
import io.tossbill.mail.MailStatus;
import io.tossbill.payment.ChargePurpose;
import io.tossbill.payment.PaymentStatus;
import io.tossbill.payment.RefundStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;

/**
 * Every text people read comes from the bundles: each bundle has the same keys in Korean and
 * English, every key a template or the code asks for exists, and no template holds text of its own.
 */
class MessageBundleTests {

  private static final Path RESOURCES = Path.of("src/main/resources");
  private static final Path BUNDLES = RESOURCES.resolve("messages");
  private static final Path TEMPLATES = RESOURCES.resolve("templates");
  private static final Path SOURCES = Path.of("src/main/java/io/tossbill");
  private static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{([A-Za-z0-9_.-]+)[}(]");
  private static final Pattern CODE_KEY =
      Pattern.compile("messages\\.text\\((?:[a-z]+, )?\"([a-z][A-Za-z0-9_.-]+)\"");
  private static final Pattern LETTER = Pattern.compile("\\p{L}");
  private static final Set<String> TEXT_ATTRIBUTES =
      Set.of("title", "alt", "placeholder", "aria-label", "label");

  @Test
  void everyBundleHasTheSameKeysInKoreanAndEnglish() throws IOException {
    List<Path> korean = bundles().filter(p -> !p.getFileName().toString().contains("_")).toList();
    assertThat(korean).hasSizeGreaterThanOrEqualTo(5);
    for (Path ko : korean) {
      Path en =
          ko.resolveSibling(ko.getFileName().toString().replace(".properties", "_en.properties"));
      assertThat(en).as("English bundle beside %s", ko).exists();
      Properties k = load(ko);
      Properties e = load(en);
      assertThat(e.stringPropertyNames())
          .as("keys of %s and %s", ko.getFileName(), en.getFileName())
          .containsExactlyInAnyOrderElementsOf(k.stringPropertyNames());
      for (String key : k.stringPropertyNames()) {
        assertThat(k.getProperty(key)).as("%s in %s", key, ko).isNotBlank();
        assertThat(e.getProperty(key)).as("%s in %s", key, en).isNotBlank();
      }
    }
  }

  @Test
  void noKeyIsDefinedTwiceAcrossBundles() throws IOException {
    Set<String> seen = new TreeSet<>();
    List<String> twice = new ArrayList<>();
    for (Path ko : bundles().filter(p -> !p.getFileName().toString().contains("_")).toList()) {
      for (String key : load(ko).stringPropertyNames()) {
        if (!seen.add(key)) {
          twice.add(key + " (" + ko.getFileName() + ")");
        }
      }
    }
    assertThat(twice).isEmpty();
  }

  @Test
  void englishTextsWithArgumentsHaveNoBareApostrophe() throws IOException {
    // MessageFormat eats a single quote: "Don't {0}" would print "Dont {0}"
    for (Path en : bundles().filter(p -> p.getFileName().toString().contains("_en")).toList()) {
      Properties e = load(en);
      for (String key : e.stringPropertyNames()) {
        String value = e.getProperty(key);
        if (value.contains("{0}")) {
          // a quote is written twice ('') to show one; a single one would vanish
          assertThat(value.replace("''", ""))
              .as("%s in %s", key, en.getFileName())
              .doesNotContain("'");
        }
      }
    }
  }

  @Test
  void everyKeyTheTemplatesAndTheCodeAskForExists() throws IOException {
    Set<String> defined = new TreeSet<>();
    for (Path ko : bundles().filter(p -> !p.getFileName().toString().contains("_")).toList()) {
      defined.addAll(load(ko).stringPropertyNames());
    }
    Set<String> asked = new TreeSet<>();
    try (Stream<Path> templates = Files.walk(TEMPLATES)) {
      for (Path template : templates.filter(Files::isRegularFile).toList()) {
        Matcher m = TEMPLATE_KEY.matcher(Files.readString(template));
        while (m.find()) {
          asked.add(m.group(1));
        }
      }
    }
    try (Stream<Path> sources = Files.walk(SOURCES)) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = CODE_KEY.matcher(Files.readString(source));
        while (m.find()) {
          if (!m.group(1).endsWith(".")) {
            asked.add(m.group(1));
          }
        }
      }
    }
    // keys built from a prefix and an enum's names
    for (SubscriptionStatus s : SubscriptionStatus.values()) {
      asked.add("status.subscription." + s.name());
    }
    for (PaymentStatus s : PaymentStatus.values()) {
      asked.add("status.payment." + s.name());
    }
    for (ConsentStatus s : ConsentStatus.values()) {
      asked.add("status.consent." + s.name());
    }
    for (ChargePurpose p : ChargePurpose.values()) {
      asked.add("purpose." + p.name());
    }
    for (ChargeConsentPolicy.ChangeKind k : ChargeConsentPolicy.ChangeKind.values()) {
      asked.add("consent.kind." + k.name());
    }
    for (MailStatus s : MailStatus.values()) {
      asked.add("admin.mail.status." + s.name());
    }
    for (RefundStatus r : RefundStatus.values()) {
      asked.add("status.refund." + r.name());
    }
    for (CouponDuration d : CouponDuration.values()) {
      asked.add("coupon.admin.duration." + d.name());
    }
    for (DiscountRedemption.Channel c : DiscountRedemption.Channel.values()) {
      asked.add("coupon.admin.channel." + c.name());
    }
    for (HookDeliveryStatus s : HookDeliveryStatus.values()) {
      asked.add("admin.hooks.status." + s.name());
    }
    for (String reason : List.of("MANUAL", "FAILING")) {
      asked.add("admin.hooks.disabled." + reason);
    }
    for (String outcome :
        List.of("DELIVERED", "HTTP_ERROR", "REDIRECT", "TIMEOUT", "CONNECTION_FAILED", "ERROR")) {
      asked.add("admin.hooks.outcome." + outcome);
    }
    for (String unit : List.of("WEEK", "MONTH", "YEAR")) {
      asked.add("interval." + unit + ".one");
      asked.add("interval." + unit + ".many");
      asked.add("admin.unit." + unit);
    }
    assertThat(asked).hasSizeGreaterThan(300);
    assertThat(defined).containsAll(asked);
  }

  @Test
  void noTemplateHoldsTextOfItsOwn() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> templates = Files.walk(TEMPLATES)) {
      for (Path template : templates.filter(p -> p.toString().endsWith(".html")).toList()) {
        var document = Jsoup.parse(Files.readString(template), "", Parser.xmlParser());
        for (Element element : document.getAllElements()) {
          if (Set.of("script", "style").contains(element.tagName())) {
            continue;
          }
          for (Node child : element.childNodes()) {
            if (child instanceof TextNode text && LETTER.matcher(text.text()).find()) {
              found.add(template.getFileName() + ": \"" + text.text().strip() + "\"");
            }
          }
          if (element.tagName().equals("input")
              && Set.of("submit", "button").contains(element.attr("type"))
              && LETTER.matcher(element.attr("value")).find()) {
            found.add(template.getFileName() + ": value=" + element.attr("value"));
          }
          for (var attribute : element.attributes()) {
            if (TEXT_ATTRIBUTES.contains(attribute.getKey())
                && LETTER.matcher(attribute.getValue()).find()) {
              found.add(
                  template.getFileName() + ": " + attribute.getKey() + "=" + attribute.getValue());
            }
          }
        }
      }
      for (Path template :
          Files.walk(TEMPLATES).filter(p -> p.toString().endsWith(".txt")).toList()) {
        // text mails: everything outside [(...)] and [[...]] is layout, not words
        String outside = Files.readString(template).replaceAll("\\[\\(.*?\\)]|\\[\\[.*?]]", "");
        if (LETTER.matcher(outside).find()) {
          found.add(template.getFileName() + ": " + outside.strip());
        }
      }
    }
    assertThat(found).isEmpty();
  }

  private static Stream<Path> bundles() throws IOException {
    return Files.list(BUNDLES).filter(p -> p.toString().endsWith(".properties")).sorted();
  }

  private static Properties load(Path path) {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(path)) {
      properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
