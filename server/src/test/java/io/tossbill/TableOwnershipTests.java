package io.tossbill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No module reads or writes another module's tables: every table named in a module's SQL belongs to
 * that module. A module that needs another's data calls its public service or reacts to its events.
 */
class TableOwnershipTests {

  /** Each table and the one module that owns it. */
  static final Map<String, String> OWNER =
      Map.ofEntries(
          Map.entry("subscription", "billing"),
          Map.entry("subscription_history", "billing"),
          Map.entry("payment", "payment"),
          Map.entry("payment_history", "payment"),
          Map.entry("payment_installation", "payment"),
          Map.entry("refund", "payment"),
          Map.entry("consent_request", "consent"),
          Map.entry("consent_history", "consent"),
          Map.entry("consent_snooze", "consent"),
          Map.entry("coupon", "coupon"),
          Map.entry("coupon_plan", "coupon"),
          Map.entry("promotion_code", "coupon"),
          Map.entry("coupon_redemption", "coupon"),
          Map.entry("customer", "customer"),
          Map.entry("card", "customer"),
          Map.entry("plan", "catalog"),
          Map.entry("plan_feature", "catalog"),
          Map.entry("plan_price_history", "catalog"),
          Map.entry("api_key", "security"),
          Map.entry("admin_user", "security"),
          Map.entry("login_failure", "security"),
          Map.entry("account", "account"),
          Map.entry("password_reset_token", "account"),
          Map.entry("mail_message", "mail"),
          Map.entry("hosted_session", "portal"),
          Map.entry("notice_upcoming_renewal", "notice"),
          Map.entry("toss_webhook_delivery", "webhook"),
          Map.entry("toss_webhook_attempt", "webhook"),
          Map.entry("hook_endpoint", "hooks"),
          Map.entry("hook_sequence", "hooks"),
          Map.entry("hook_event", "hooks"),
          Map.entry("hook_delivery", "hooks"),
          Map.entry("hook_attempt", "hooks"),
          Map.entry("test_clock_customer", "testclock"),
          Map.entry("test_clock_server", "testclock"));

  private static final Pattern TABLE =
      Pattern.compile("\\b(?:FROM|JOIN|INTO|UPDATE)\\s+([a-z_]+)\\b");

  private static final Path SOURCES = Path.of("src", "main", "java", "io", "tossbill");

  @Test
  void everyModuleTouchesOnlyItsOwnTables() throws IOException {
    List<String> violations = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        String module = SOURCES.relativize(file).getName(0).toString();
        Matcher table = TABLE.matcher(Files.readString(file));
        while (table.find()) {
          String name = table.group(1);
          String owner = OWNER.get(name);
          if (owner == null) {
            continue; // not one of ours (a keyword, a function, PostgreSQL's own)
          }
          seen.add(name);
          if (!owner.equals(module)) {
            violations.add(file + " (" + module + ") uses " + name + " of " + owner);
          }
        }
      }
    }
    assertThat(violations).isEmpty();
    assertThat(seen).as("the scan finds the tables at all").contains("subscription", "payment");
  }
}
