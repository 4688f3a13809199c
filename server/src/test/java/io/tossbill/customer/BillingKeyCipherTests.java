package io.tossbill.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BillingKeyCipherTests {

  private static final String K1 = BillingKeyCipher.newKeyEntry("k1");
  private static final String K2 = BillingKeyCipher.newKeyEntry("k2");
  private static final String BILLING_KEY = "Z_t5vOvQxrj4499PeiJcjen28-V_IB4nAjSmBlBlE0U=";

  @Test
  void roundTripsAndNeverRepeatsACiphertext() {
    BillingKeyCipher cipher = BillingKeyCipher.parse(List.of(K1));
    String first = cipher.encrypt(BILLING_KEY);
    String second = cipher.encrypt(BILLING_KEY);

    assertThat(first).startsWith("k1:").doesNotContain(BILLING_KEY).isNotEqualTo(second);
    assertThat(cipher.decrypt(first)).isEqualTo(BILLING_KEY);
    assertThat(cipher.decrypt(second)).isEqualTo(BILLING_KEY);
  }

  @Test
  void detectsATamperedCiphertext() {
    BillingKeyCipher cipher = BillingKeyCipher.parse(List.of(K1));
    String stored = cipher.encrypt(BILLING_KEY);
    byte[] bytes = Base64.getDecoder().decode(stored.substring(3));
    bytes[bytes.length - 20] ^= 0x01;
    String tampered = "k1:" + Base64.getEncoder().encodeToString(bytes);

    assertThatThrownBy(() -> cipher.decrypt(tampered))
        .isInstanceOf(BillingKeyCipher.TamperedCiphertextException.class);
  }

  @Test
  void detectsACiphertextRelabelledWithAnotherKeyId() {
    String k1Material = K1.substring(3);
    BillingKeyCipher cipher =
        BillingKeyCipher.parse(List.of("k1:" + k1Material + ",kx:" + k1Material));
    String stored = cipher.encrypt(BILLING_KEY);

    assertThatThrownBy(() -> cipher.decrypt("kx" + stored.substring(2)))
        .isInstanceOf(BillingKeyCipher.TamperedCiphertextException.class);
  }

  @Test
  void rotatesKeysNewestFirstAndStillReadsOldCiphertexts() {
    BillingKeyCipher before = BillingKeyCipher.parse(List.of(K1));
    String underK1 = before.encrypt(BILLING_KEY);

    BillingKeyCipher after = BillingKeyCipher.parse(List.of(K2 + "," + K1));
    assertThat(after.decrypt(underK1)).isEqualTo(BILLING_KEY);
    assertThat(after.needsReencryption(underK1)).isTrue();
    String underK2 = after.encrypt(BILLING_KEY);
    assertThat(underK2).startsWith("k2:");
    assertThat(after.needsReencryption(underK2)).isFalse();
    assertThat(after.candidateHashes(BILLING_KEY))
        .containsExactly(after.hash(BILLING_KEY), before.hash(BILLING_KEY));

    BillingKeyCipher k2Only = BillingKeyCipher.parse(List.of(K2));
    assertThatThrownBy(() -> k2Only.decrypt(underK1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("k1")
        .hasMessageNotContaining(K1.substring(3));
  }

  @Test
  void hashesAreKeyedAndStable() {
    BillingKeyCipher cipher = BillingKeyCipher.parse(List.of(K1));
    assertThat(cipher.hash(BILLING_KEY))
        .hasSize(64)
        .isEqualTo(cipher.hash(BILLING_KEY))
        .isNotEqualTo(BillingKeyCipher.parse(List.of(K2)).hash(BILLING_KEY));
  }

  @Test
  void neverShowsKeyMaterialInToStringOrErrors() {
    BillingKeyCipher cipher = BillingKeyCipher.parse(List.of(K2, K1));
    assertThat(cipher.toString())
        .contains("k2", "k1")
        .doesNotContain(K1.substring(3))
        .doesNotContain(K2.substring(3));

    String shortKey = "k9:" + Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> BillingKeyCipher.parse(List.of(shortKey)))
        .hasMessageContaining("32 bytes")
        .hasMessageNotContaining(shortKey.substring(3));
    assertThatThrownBy(() -> BillingKeyCipher.parse(List.of("k1:not base64 !!")))
        .hasMessageContaining("k1")
        .hasMessageNotContaining("not base64");

    var card =
        new ChargeableCard(
            new CardId(1),
            new CustomerId(1),
            "ck",
            BILLING_KEY,
            new CardSummary("61", "현대", "43301234****123*", "신용", "개인"));
    assertThat(card.toString()).doesNotContain(BILLING_KEY);
  }

  @Test
  void refusesToStartOutsideTheSandboxWithoutAKey(@TempDir Path dir) {
    var properties =
        new CustomerProperties(
            List.of(), dir.resolve("encryption.key").toString(), Duration.ofMinutes(15));
    assertThatThrownBy(() -> EncryptionKeys.cipher(properties, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TOSSBILL_ENCRYPTION_KEYS");
    assertThat(dir.resolve("encryption.key")).doesNotExist();
  }

  @Test
  void generatesOneKeyFileInTheSandboxAndReusesIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("data/encryption.key");
    var properties = new CustomerProperties(List.of(), file.toString(), Duration.ofMinutes(15));
    String stored = EncryptionKeys.cipher(properties, true).encrypt(BILLING_KEY);

    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(EncryptionKeys.cipher(properties, true).decrypt(stored)).isEqualTo(BILLING_KEY);
  }

  @Test
  void usesConfiguredKeysBeforeAnyFile(@TempDir Path dir) {
    var properties =
        new CustomerProperties(
            List.of(K1), dir.resolve("encryption.key").toString(), Duration.ofMinutes(15));
    assertThat(EncryptionKeys.cipher(properties, false).keyIds()).containsExactly("k1");
    assertThat(dir.resolve("encryption.key")).doesNotExist();
  }
}
