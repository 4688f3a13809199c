package io.tossbill.security;

import io.tossbill.platform.ApiException;
import io.tossbill.platform.PasswordRule;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The admin console's staff: list, add (with a generated password shown once), disable and enable,
 * and each member's own password. The last active admin can be neither disabled nor lose the role.
 */
@Service
public class Staff {

  static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{3,40}");
  private static final String PASSWORD_ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

  /** A staff member as the console shows them; never the password hash. */
  public record StaffMember(
      long id,
      String username,
      StaffRole role,
      Instant createdAt,
      @Nullable Instant disabledAt,
      @Nullable Instant lastLoginAt) {

    public boolean active() {
      return disabledAt == null;
    }
  }

  /** A member just added, with the only copy of their first password. */
  public record NewStaffMember(StaffMember member, String password) {
    @Override
    public String toString() {
      return "NewStaffMember[" + member + ", password=***]";
    }
  }

  private final AdminUsers users;
  private final SecureRandom random = new SecureRandom();

  Staff(AdminUsers users) {
    this.users = users;
  }

  @Transactional(readOnly = true)
  public List<StaffMember> all() {
    return users.all();
  }

  /** Adds a member with a random password, returned once. */
  @Transactional
  public NewStaffMember add(@Nullable String username, @Nullable StaffRole role) {
    if (username == null || !USERNAME.matcher(username.strip()).matches()) {
      throw ApiException.badRequest("STAFF_NAME_INVALID", "api.STAFF_NAME_INVALID");
    }
    if (role == null) {
      throw ApiException.badRequest("STAFF_ROLE_INVALID", "api.STAFF_ROLE_INVALID");
    }
    String name = username.strip();
    String password = randomPassword();
    long id =
        users
            .insert(name, password, role)
            .orElseThrow(
                () -> ApiException.conflict("STAFF_NAME_TAKEN", "api.STAFF_NAME_TAKEN", name));
    return new NewStaffMember(users.find(id).orElseThrow(), password);
  }

  /** Disables or enables a member; nobody disables themselves or the last active admin. */
  @Transactional
  public StaffMember setDisabled(long id, boolean disabled, String actingUsername) {
    StaffMember member =
        users
            .find(id)
            .orElseThrow(() -> ApiException.notFound("STAFF_NOT_FOUND", "api.STAFF_NOT_FOUND", id));
    if (disabled && member.username().equals(actingUsername)) {
      throw ApiException.conflict("STAFF_SELF", "api.STAFF_SELF");
    }
    if (disabled
        && member.active()
        && member.role() == StaffRole.ADMIN
        && users.activeAdmins() <= 1) {
      throw ApiException.conflict("LAST_ADMIN", "api.LAST_ADMIN");
    }
    users.setDisabled(id, disabled);
    return users.find(id).orElseThrow();
  }

  /** Changes one's own password after checking the current one. */
  @Transactional
  public void changePassword(String username, String current, String replacement) {
    if (!users.matches(username, current)) {
      throw ApiException.badRequest("PASSWORD_WRONG", "api.PASSWORD_WRONG");
    }
    PasswordRule.check(replacement, username)
        .ifPresent(
            problem -> {
              throw passwordRefused(problem);
            });
    users.setPassword(username, replacement);
  }

  static ApiException passwordRefused(PasswordRule.Problem problem) {
    return ApiException.badRequest(
        "PASSWORD_" + problem.name(),
        "api.password.rule.login",
        PasswordRule.MIN_LENGTH,
        PasswordRule.MAX_LENGTH);
  }

  void loggedIn(String username) {
    users.loggedIn(username);
  }

  private String randomPassword() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      out.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
    }
    return out.toString();
  }
}
