package io.tossbill.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
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
import org.junit.jupiter.api.Test;

/**
 * The mail templates' words come from the bundles: every key a template asks for ({@code
 * m.msg("key"...)}) is there in Korean and English, and no template writes words of its own.
 */
class MailTemplateTextsTests {

  private static final Path TEMPLATES = Path.of("src/main/jte/mail");
  private static final Path BUNDLES = Path.of("src/main/resources/messages");
  private static final Pattern KEY = Pattern.compile("m\\.msg\\(\"([A-Za-z0-9_.-]+)\"");

  /** What is not words: expressions, directives (a condition may hold one level of calls). */
  private static final Pattern CODE =
      Pattern.compile(
          "\\$\\{[^}]*}|@param [^\\n]*|@(?:else)?if\\((?:[^()]|\\([^()]*\\))*\\)|@else|@endif");

  private static final Pattern LETTER = Pattern.compile("\\p{L}");

  @Test
  void everyKeyATemplateAsksForIsInBothLanguages() throws IOException {
    Properties ko = load("mail.properties");
    ko.putAll(load("common.properties"));
    Properties en = load("mail_en.properties");
    en.putAll(load("common_en.properties"));
    Set<String> asked = new TreeSet<>();
    for (Path template : templates()) {
      Matcher m = KEY.matcher(Files.readString(template));
      while (m.find()) {
        if (!m.group(1).endsWith(".")) { // a prefix: mail.ended.reason.<REASON>, NoticeTextsTests
          asked.add(m.group(1));
        }
      }
    }
    assertThat(asked).hasSizeGreaterThan(80).contains("mail.footer", "mail.receipt.title");
    assertThat(ko.stringPropertyNames()).containsAll(asked);
    assertThat(en.stringPropertyNames()).containsAll(asked);
  }

  @Test
  void noTemplateHoldsWordsOfItsOwn() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path template : templates()) {
      String layout = CODE.matcher(Files.readString(template)).replaceAll("");
      if (template.getParent().endsWith("text")) {
        if (LETTER.matcher(layout).find()) {
          found.add(template + ": " + layout.strip());
        }
        continue;
      }
      for (Element element : Jsoup.parse(layout).getAllElements()) {
        for (Node child : element.childNodes()) {
          if (child instanceof TextNode text && LETTER.matcher(text.text()).find()) {
            found.add(template + ": \"" + text.text().strip() + "\"");
          }
        }
        for (String attribute : List.of("title", "alt", "aria-label")) {
          if (LETTER.matcher(element.attr(attribute)).find()) {
            found.add(template + ": " + attribute + "=" + element.attr(attribute));
          }
        }
      }
    }
    assertThat(found).isEmpty();
  }

  private static List<Path> templates() throws IOException {
    try (Stream<Path> files = Files.walk(TEMPLATES)) {
      List<Path> templates = files.filter(p -> p.toString().endsWith(".jte")).sorted().toList();
      assertThat(templates).hasSize(28);
      return templates;
    }
  }

  private static Properties load(String bundle) throws IOException {
    Properties p = new Properties();
    try (Reader in =
        new InputStreamReader(
            Files.newInputStream(BUNDLES.resolve(bundle)), StandardCharsets.UTF_8)) {
      p.load(in);
    }
    return p;
  }
}
