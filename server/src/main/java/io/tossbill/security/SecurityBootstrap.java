package io.tossbill.security;

import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes sure the server can be administered after its first start: the configured bootstrap admin
 * key, or else a generated admin key printed once; and the admin user with a password printed once.
 * Serialized by an advisory lock, so two nodes starting together make one of each.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecurityBootstrap implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(SecurityBootstrap.class);

  private static final String LOCK =
      """
      SELECT pg_advisory_xact_lock(hashtext('tossbill.security.bootstrap'))
      """;

  private static final String PASSWORD_ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

  private final SecurityModuleProperties properties;
  private final ApiKeys apiKeys;
  private final AdminUsers adminUsers;
  private final JdbcClient jdbc;

  SecurityBootstrap(
      SecurityModuleProperties properties,
      ApiKeys apiKeys,
      AdminUsers adminUsers,
      JdbcClient jdbc) {
    this.properties = properties;
    this.apiKeys = apiKeys;
    this.adminUsers = adminUsers;
    this.jdbc = jdbc;
  }

  @Override
  @Transactional
  public void run(ApplicationArguments args) {
    jdbc.sql(LOCK).query().singleValue();
    String bootstrapKey = properties.bootstrapAdminKey();
    if (bootstrapKey != null) {
      apiKeys
          .insert("bootstrap admin key", bootstrapKey, ApiKeyRole.ADMIN)
          .ifPresent(
              key -> log.info("Stored the configured bootstrap admin API key ({}…)", key.prefix()));
    } else if (!apiKeys.anyAdminKeyEver()) {
      ApiKeys.NewKey key = apiKeys.create("generated admin key", ApiKeyRole.ADMIN);
      banner(
          "관리자 API 키 (한 번만 표시됩니다) / admin API key (shown only once)",
          key.key(),
          "Authorization: Bearer <키> 로 /api/v1/** 를 호출하세요. 잃어버리면 새 키를 만들고 이 키를 폐기하세요."
              + "\n  Call /api/v1/** with Authorization: Bearer <key>. Lost it? Make a new key"
              + " (console: /admin/api-keys) and revoke this one.");
    }
    String username = properties.adminUsername();
    if (!adminUsers.exists(username)) {
      String password = properties.bootstrapAdminPassword();
      boolean generated = password == null;
      if (generated) {
        password = randomPassword();
      }
      if (adminUsers.create(username, password) && generated) {
        banner(
            "관리자 계정 비밀번호 (한 번만 표시됩니다) / admin password (shown only once)",
            username + " / " + password,
            "관리 콘솔(/admin)에 로그인한 뒤 비밀번호를 바꾸세요."
                + "\n  Log in to the admin console (/admin) and change it.");
      }
    }
  }

  // Printing a secret once is the point here: the operator has no other way to learn it.
  private static void banner(String title, String secret, String hint) {
    String line = "=".repeat(72);
    log.warn("\n{}\n  {}\n\n    {}\n\n  {}\n{}", line, title, secret, hint, line);
  }

  private static String randomPassword() {
    SecureRandom random = new SecureRandom();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      out.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
    }
    return out.toString();
  }
}
