package io.tossbill.customer;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API for the billing-key encryption: which key encrypts how many stored billing keys, and
 * re-encrypting them all under the current key now (docs/operations.md, "Rotating the encryption
 * key"). Key ids only: never a key.
 */
@RestController
class EncryptionController {

  private final BillingKeyRotation rotation;

  EncryptionController(BillingKeyRotation rotation) {
    this.rotation = rotation;
  }

  @GetMapping("/api/v1/admin/encryption")
  EncryptionView status() {
    return new EncryptionView(rotation.currentKeyId(), rotation.cardsByKey(), 0);
  }

  /** Rewrites every stored billing key not under the current key; answers the counts after. */
  @PostMapping("/api/v1/admin/encryption/reencrypt")
  EncryptionView reencrypt() {
    int rewritten = rotation.reencryptAll();
    return new EncryptionView(rotation.currentKeyId(), rotation.cardsByKey(), rewritten);
  }

  /**
   * @param currentKeyId the key new billing keys are encrypted with
   * @param cardsByKey how many stored billing keys (cards of any status) each key id encrypts
   * @param reencrypted how many this call rewrote
   */
  record EncryptionView(String currentKeyId, Map<String, Long> cardsByKey, int reencrypted) {}
}
