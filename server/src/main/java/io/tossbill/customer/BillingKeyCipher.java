package io.tossbill.customer;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts billing keys at rest with AES-256-GCM. Keys are named so they can rotate: the first key
 * encrypts, every key decrypts, and each ciphertext carries the id of its key ({@code
 * keyId:base64}). The key id is bound to the ciphertext as associated data, so relabelling is
 * detected too. Nothing here ever prints key material or plaintext.
 */
final class BillingKeyCipher {

  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final int KEY_BYTES = 32;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] HASH_KEY_LABEL =
      "tossbill billing key hash v1".getBytes(StandardCharsets.UTF_8);

  private final List<NamedKey> keys;
  private final Map<String, NamedKey> byId;
  private final SecureRandom random = new SecureRandom();

  private BillingKeyCipher(List<NamedKey> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one encryption key is needed");
    }
    this.keys = List.copyOf(keys);
    Map<String, NamedKey> ids = new LinkedHashMap<>();
    for (NamedKey key : keys) {
      if (ids.putIfAbsent(key.id(), key) != null) {
        throw new IllegalArgumentException("encryption key id " + key.id() + " appears twice");
      }
    }
    this.byId = Map.copyOf(ids);
  }

  /**
   * Parses {@code k2:BASE64,k1:BASE64} (or a list of such entries); each key is 32 random bytes in
   * standard or URL-safe Base64. Messages name the key id or position, never the key.
   */
  static BillingKeyCipher parse(List<String> entries) {
    List<NamedKey> keys = new ArrayList<>();
    int position = 0;
    for (String entry : entries) {
      for (String part : entry.split(",")) {
        position++;
        String item = part.strip();
        if (item.isEmpty()) {
          continue;
        }
        int colon = item.indexOf(':');
        if (colon <= 0) {
          throw new IllegalArgumentException(
              "encryption key #" + position + " must look like keyId:BASE64 (e.g. k1:...)");
        }
        String id = item.substring(0, colon);
        if (!KEY_ID.matcher(id).matches()) {
          throw new IllegalArgumentException(
              "encryption key #" + position + " has an invalid id (A-Z a-z 0-9 _ -)");
        }
        byte[] material;
        try {
          String base64 = item.substring(colon + 1).strip();
          material =
              base64.contains("-") || base64.contains("_")
                  ? Base64.getUrlDecoder().decode(base64)
                  : Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("encryption key " + id + " is not valid Base64");
        }
        if (material.length != KEY_BYTES) {
          throw new IllegalArgumentException(
              "encryption key " + id + " must be 32 bytes (AES-256), was " + material.length);
        }
        keys.add(new NamedKey(id, new SecretKeySpec(material, "AES"), hashKey(material)));
      }
    }
    return new BillingKeyCipher(keys);
  }

  /** A fresh random key entry, {@code id:BASE64}, for a key file or the environment. */
  static String newKeyEntry(String id) {
    byte[] material = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(material);
    return id + ":" + Base64.getEncoder().encodeToString(material);
  }

  /** Encrypts with the first key: {@code keyId:base64(iv || ciphertext || tag)}. */
  String encrypt(String plaintext) {
    NamedKey key = keys.getFirst();
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key.secret(), new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(key.id().getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[IV_BYTES + sealed.length];
      System.arraycopy(iv, 0, out, 0, IV_BYTES);
      System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
      return key.id() + ":" + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /** Decrypts with the key named in the ciphertext; a changed byte or unknown key id throws. */
  String decrypt(String stored) {
    int colon = stored.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("not a tossbill ciphertext");
    }
    String id = stored.substring(0, colon);
    NamedKey key = byId.get(id);
    if (key == null) {
      throw new IllegalStateException(
          "no configured encryption key has id "
              + id
              + ": keep old keys in TOSSBILL_ENCRYPTION_KEYS after rotating");
    }
    byte[] in;
    try {
      in = Base64.getDecoder().decode(stored.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("ciphertext is not valid Base64");
    }
    if (in.length < IV_BYTES + TAG_BITS / 8) {
      throw new IllegalArgumentException("ciphertext is too short");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE, key.secret(), new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
      cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
      return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new TamperedCiphertextException(id);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed", e);
    }
  }

  /** True when the ciphertext was made with an older key and should be re-encrypted. */
  boolean needsReencryption(String stored) {
    return !stored.startsWith(keys.getFirst().id() + ":");
  }

  /**
   * HMAC-SHA256 (hex) of a billing key under the encrypting key: stored to find a card by its key.
   */
  String hash(String billingKey) {
    return hmac(keys.getFirst(), billingKey);
  }

  /** The hash under every configured key: a card stored before a rotation is found too. */
  List<String> candidateHashes(String billingKey) {
    return keys.stream().map(key -> hmac(key, billingKey)).toList();
  }

  List<String> keyIds() {
    return keys.stream().map(NamedKey::id).toList();
  }

  private static String hmac(NamedKey key, String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key.hashKey());
      return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 failed", e);
    }
  }

  // The hash key is derived from the encryption key, so one secret serves both and they rotate
  // together.
  private static SecretKey hashKey(byte[] material) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(material, "HmacSHA256"));
      return new SecretKeySpec(mac.doFinal(HASH_KEY_LABEL), "HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 failed", e);
    }
  }

  static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "BillingKeyCipher[AES-256-GCM, keys=" + keyIds() + "]";
  }

  private record NamedKey(String id, SecretKey secret, SecretKey hashKey) {
    @Override
    public String toString() {
      return "NamedKey[" + id + "]";
    }
  }

  /** The ciphertext or its key id was changed: GCM's tag did not verify. */
  static final class TamperedCiphertextException extends IllegalStateException {
    TamperedCiphertextException(String keyId) {
      super(
          "billing key ciphertext under key "
              + keyId
              + " failed authentication (tampered or wrong key)");
    }
  }
}
