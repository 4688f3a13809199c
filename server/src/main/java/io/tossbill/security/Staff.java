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
      throw ApiException.badRequest(
          "STAFF_NAME_INVALID",
          "아이디는 영문 소문자, 숫자, . _ - 로 3~40자여야 합니다.",
          "A username is 3 to 40 characters of a-z, 0-9, '.', '_' and '-'.");
    }
    if (role == null) {
      throw ApiException.badRequest("STAFF_ROLE_INVALID", "역할을 골라 주세요.", "Choose a role.");
    }
    String name = username.strip();
    String password = randomPassword();
    long id =
        users
            .insert(name, password, role)
            .orElseThrow(
                () ->
                    ApiException.conflict(
                        "STAFF_NAME_TAKEN",
                        "이미 있는 아이디입니다: " + name,
                        "This username is taken: " + name));
    return new NewStaffMember(users.find(id).orElseThrow(), password);
  }

  /** Disables or enables a member; nobody disables themselves or the last active admin. */
  @Transactional
  public StaffMember setDisabled(long id, boolean disabled, String actingUsername) {
    StaffMember member =
        users
            .find(id)
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "STAFF_NOT_FOUND", "직원을 찾을 수 없습니다: " + id, "No staff member " + id + "."));
    if (disabled && member.username().equals(actingUsername)) {
      throw ApiException.conflict(
          "STAFF_SELF", "자기 자신은 비활성화할 수 없습니다.", "You cannot disable yourself.");
    }
    if (disabled
        && member.active()
        && member.role() == StaffRole.ADMIN
        && users.activeAdmins() <= 1) {
      throw ApiException.conflict(
          "LAST_ADMIN", "마지막 관리자는 비활성화할 수 없습니다.", "The last active admin cannot be disabled.");
    }
    users.setDisabled(id, disabled);
    return users.find(id).orElseThrow();
  }

  /** Changes one's own password after checking the current one. */
  @Transactional
  public void changePassword(String username, String current, String replacement) {
    if (!users.matches(username, current)) {
      throw ApiException.badRequest(
          "PASSWORD_WRONG", "현재 비밀번호가 맞지 않습니다.", "The current password is not correct.");
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
        "비밀번호는 "
            + PasswordRule.MIN_LENGTH
            + "자 이상 "
            + PasswordRule.MAX_LENGTH
            + "자 이하이고 아이디와 달라야 합니다.",
        "A password is "
            + PasswordRule.MIN_LENGTH
            + " to "
            + PasswordRule.MAX_LENGTH
            + " characters and not the username.");
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
