package io.tossbill.customer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.testing.ServerHttp;
import io.tossbill.testing.TestEmails;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Rotating the billing-key encryption key: with a new key put first, the admin API (or the job)
 * rewrites every stored billing key under it; each still decrypts to the same key, and a card is
 * still found by its key's hash.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties =
        "tossbill.customer.encryption-keys="
            + BillingKeyRotationIntegrationTests.NEW_KEY
            + ","
            + BillingKeyRotationIntegrationTests.OLD_KEY)
class BillingKeyRotationIntegrationTests {

  static final String OLD_KEY = "test1:KkGxDY7o5FpzKLCodCb6jYVP5ZaHNy1H73tOTslOQ4E=";
  static final String NEW_KEY = "k9:3q2+7wBn7m0YtR0v1H2Z9m4Cw2a8u0Vd3PpQk1Xy5aQ=";

  @LocalServerPort int port;
  @Autowired Customers customers;
  @Autowired BillingKeyCipher cipher;
  @Autowired JdbcClient jdbc;

  @Test
  void rewritesEveryStoredKeyUnderTheNewKeyAndKeepsThemReadable() {
    BillingKeyCipher old = BillingKeyCipher.parse(List.of(OLD_KEY));
    List<String> billingKeys = new ArrayList<>();
    for (int i = 0; i < BillingKeyRotation.BATCH + 5; i++) {
      CustomerId customer = customers.create(TestEmails.next(), "회전 " + i, null).id();
      String billingKey = "bln_" + UUID.randomUUID().toString().replace("-", "");
      billingKeys.add(billingKey);
      jdbc.sql(
              """
              INSERT INTO card (customer_id, status, billing_key, billing_key_hash, issuer_name,
                                masked_number, card_type, owner_type, created_at, status_changed_at)
              VALUES (:customer, 'CURRENT', :key, :hash, '신한', '4330****1234', '신용', '개인',
                      now(), now())
              """)
          .param("customer", customer.value())
          .param("key", old.encrypt(billingKey))
          .param("hash", old.hash(billingKey))
          .update();
    }

    JsonNode before = new ServerHttp(port).api("GET", "/api/v1/admin/encryption", null);
    assertThat(before.get("currentKeyId").asString()).isEqualTo("k9");
    assertThat(before.get("cardsByKey").get("test1").asLong())
        .isGreaterThanOrEqualTo(billingKeys.size());

    JsonNode after = new ServerHttp(port).api("POST", "/api/v1/admin/encryption/reencrypt", null);
    assertThat(after.get("reencrypted").asInt()).isGreaterThanOrEqualTo(billingKeys.size());
    assertThat(after.get("cardsByKey").has("test1")).isFalse();
    assertThat(after.toString()).doesNotContain("bln_", "KkGxDY7o", "3q2+7wBn");

    for (String billingKey : billingKeys) {
      String stored =
          jdbc.sql("SELECT billing_key FROM card WHERE billing_key_hash = :hash")
              .param("hash", cipher.hash(billingKey))
              .query(String.class)
              .single();
      assertThat(stored).startsWith("k9:");
      assertThat(cipher.decrypt(stored)).isEqualTo(billingKey);
    }
    // nothing left to do: a second pass rewrites nothing
    assertThat(
            new ServerHttp(port)
                .api("POST", "/api/v1/admin/encryption/reencrypt", null)
                .get("reencrypted")
                .asInt())
        .isZero();
  }
}
