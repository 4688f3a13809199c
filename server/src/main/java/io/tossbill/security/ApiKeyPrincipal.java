package io.tossbill.security;

/** Who called the API: the key's id, name and displayable prefix, never the key. */
public record ApiKeyPrincipal(long keyId, String name, String prefix, ApiKeyRole role) {

  @Override
  public String toString() {
    return name + " (" + prefix + "…)";
  }
}
