package io.tossbill.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.catalog.CatalogService;
import io.tossbill.testing.PageClient;
import io.tossbill.testing.PagesIntegrationTest;
import io.tossbill.testing.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@PagesIntegrationTest
class AccountPagesIntegrationTests {

  @LocalServerPort int port;
  @Autowired CatalogService catalog;

  PortalFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new PortalFixture(catalog, port);
  }

  @Test
  void signingUpLogsInAndMailsAWelcomeInThePagesLanguage() throws Exception {
    String korean = PortalFixture.email();
    PageClient client = fixture.subscriber(korean);
    assertThat(client.open("/my").status()).isEqualTo(200);
    MimeMessage welcome = awaitMail(korean, 1).getFirst();
    assertThat(welcome.getSubject()).isEqualTo("가입을 환영합니다");
    assertThat(text(welcome)).contains("김토스님, 안녕하세요.").contains(korean);

    String english = PortalFixture.email();
    PageClient en = new PageClient(port).english();
    en.get("/signup");
    en.post(
        "/signup",
        Map.of(
            "email", english,
            "password", PortalFixture.PASSWORD,
            "passwordAgain", PortalFixture.PASSWORD));
    MimeMessage hello = awaitMail(english, 1).getFirst();
    assertThat(hello.getSubject()).isEqualTo("Welcome aboard");
    assertThat(text(hello)).contains("Hello " + english);
    assertThat(hello.getHeader("Content-Language")[0]).isEqualTo("en");
  }

  @Test
  void refusalsAreShownBesideTheirFieldsAndNothingIsCreated() {
    PageClient client = new PageClient(port);
    client.get("/signup");
    PageClient.Page refused =
        client.post(
            "/signup",
            Map.of("email", "not-an-address", "password", "short", "passwordAgain", "short"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("#email-error")).isEqualTo("이메일 주소가 올바르지 않습니다 (100자 이하).");
    assertThat(refused.one("#email").attr("aria-invalid")).isEqualTo("true");
    assertThat(refused.one("#email").attr("value")).isEqualTo("not-an-address");

    PageClient.Page mismatch =
        client.post(
            "/signup",
            Map.of(
                "email",
                PortalFixture.email(),
                "password",
                PortalFixture.PASSWORD,
                "passwordAgain",
                "something else 1"));
    assertThat(mismatch.text("#passwordAgain-error")).isEqualTo("두 비밀번호가 같지 않습니다.");

    String taken = PortalFixture.email();
    fixture.subscriber(taken);
    PageClient other = new PageClient(port);
    other.get("/signup");
    PageClient.Page duplicate =
        other.post(
            "/signup",
            Map.of(
                "email", taken.toUpperCase(),
                "password", PortalFixture.PASSWORD,
                "passwordAgain", PortalFixture.PASSWORD));
    assertThat(duplicate.text("#email-error")).contains("이미 가입된 이메일");
    assertThat(other.open("/my").url()).endsWith("/login");
  }

  @Test
  void aResetLinkFromTheMailSetsANewPasswordOnce() throws Exception {
    String email = PortalFixture.email();
    fixture.subscriber(email);
    PageClient client = new PageClient(port);
    client.get("/password-reset");
    PageClient.Page asked = client.submit("/password-reset", Map.of("email", email));
    assertThat(asked.text(".notice")).contains("재설정 링크를 보냈습니다");

    MimeMessage mail =
        awaitMail(email, 2).stream()
            .filter(m -> subject(m).equals("비밀번호 재설정 안내"))
            .findFirst()
            .orElseThrow();
    Matcher link =
        Pattern.compile("http://\\S+/password-reset/new\\?token=\\S+").matcher(text(mail));
    assertThat(link.find()).isTrue();

    PageClient.Page form = client.open(link.group());
    assertThat(form.has("input[name=token]")).isTrue();
    String newPassword = "another good one 7";
    PageClient.Page done =
        client.submit(
            "/password-reset/new",
            Map.of(
                "token", form.one("input[name=token]").attr("value"),
                "password", newPassword,
                "passwordAgain", newPassword));
    assertThat(done.url()).endsWith("/login");
    assertThat(done.text(".notice")).contains("비밀번호를 바꿨습니다");

    PageClient login = new PageClient(port);
    login.get("/login");
    assertThat(login.post("/login", Map.of("email", email, "password", newPassword)).location())
        .endsWith("/my");
    PageClient again = new PageClient(port);
    PageClient.Page used = again.open(link.group());
    assertThat(used.text(".alert")).contains("만료되었거나 이미 사용되었습니다");
  }

  @Test
  void anAddressWithoutAccountGetsTheSameAnswerAndNoMail() {
    String nobody = PortalFixture.email();
    PageClient client = new PageClient(port);
    client.get("/password-reset");
    PageClient.Page asked = client.submit("/password-reset", Map.of("email", nobody));
    assertThat(asked.text(".notice")).contains("재설정 링크를 보냈습니다");
    assertThat(TestMailServer.to(nobody)).isEmpty();
  }

  @Test
  void tooManyWrongPasswordsBlockEvenTheRightOne() {
    String email = PortalFixture.email();
    fixture.subscriber(email);
    PageClient client = new PageClient(port);
    for (int i = 0; i < 5; i++) {
      client.get("/login");
      assertThat(
              client
                  .post("/login", Map.of("email", email, "password", "wrong password " + i))
                  .location())
          .endsWith("/login?error=bad");
    }
    client.get("/login");
    PageClient.Page blocked =
        client.post("/login", Map.of("email", email, "password", PortalFixture.PASSWORD));
    assertThat(blocked.location()).endsWith("/login?error=throttled");
    assertThat(client.open(blocked.location()).text(".alert")).contains("로그인 시도가 너무 많습니다");
  }

  @Test
  void aWrongPasswordThenTheRightOneLogsIn() {
    String email = PortalFixture.email();
    fixture.subscriber(email);
    PageClient client = new PageClient(port);
    client.get("/login");
    client.post("/login", Map.of("email", email, "password", "nope nope nope"));
    client.get("/login");
    assertThat(
            client
                .post("/login", Map.of("email", email, "password", PortalFixture.PASSWORD))
                .location())
        .endsWith("/my");
    assertThat(client.open("/my").text("h1")).isEqualTo("내 구독");
  }

  private static List<MimeMessage> awaitMail(String address, int count) {
    await().atMost(Duration.ofSeconds(15)).until(() -> TestMailServer.to(address).size() >= count);
    return TestMailServer.to(address);
  }

  private static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The plain-text part of a mail. */
  static String text(MimeMessage message) throws Exception {
    return textOf(message.getContent());
  }

  private static String textOf(Object content) throws Exception {
    if (content instanceof String s) {
      return s;
    }
    if (content instanceof jakarta.mail.Multipart multipart) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < multipart.getCount(); i++) {
        var part = multipart.getBodyPart(i);
        if (part.isMimeType("text/plain")) {
          return (String) part.getContent();
        }
        out.append(textOf(part.getContent()));
      }
      return out.toString();
    }
    return "";
  }
}
