package io.tossbill.sandbox;

import org.jspecify.annotations.Nullable;

/**
 * For a host that mounts the sandbox: the sandbox's answer to a refusal made before any sandbox
 * controller ran (the servlet container's, a firewall's), so that a path under the sandbox gets the
 * shape the sandbox gives everywhere else: Toss's {@code {code, message}} on Toss's API paths,
 * problem details on the controls and the card window.
 */
public final class TossSandboxErrors {

  private static final SandboxJson JSON = new SandboxJson();

  private TossSandboxErrors() {}

  /** An error answer: its media type and body. */
  public record Answer(String contentType, byte[] body) {}

  /**
   * Whether {@code path} (inside the application) is the sandbox's, mounted at {@code basePath}.
   */
  public static boolean isSandboxPath(@Nullable String path, String basePath) {
    return path != null
        && !basePath.isEmpty()
        && (path.equals(basePath) || path.startsWith(basePath + "/"));
  }

  /**
   * The answer to {@code status} for {@code path}, in the language {@code acceptLanguage} asks for
   * (Korean by default).
   */
  public static Answer answer(
      int status, @Nullable String path, String basePath, @Nullable String acceptLanguage) {
    Lang lang = Lang.fromAcceptLanguage(acceptLanguage);
    return new Answer(
        StandaloneErrors.contentType(path, basePath),
        StandaloneErrors.body(JSON, status, path, basePath, lang));
  }
}
