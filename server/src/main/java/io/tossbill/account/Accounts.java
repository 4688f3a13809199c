package io.tossbill.account;

import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.mail.MailOutbox;
import io.tossbill.mail.MailRequest;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.PasswordRule;
import io.tossbill.platform.Text;
import io.tossbill.web.PublicUrls;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sign up, passwords and reset links. Refusals are {@link ApiException}s whose codes name the bad
 * field ({@code ACCOUNT_EMAIL_*}, {@code ACCOUNT_NAME_*}, {@code PASSWORD_*}); nothing is written
 * when one is thrown.
 */
@Service
public class Accounts {

  static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final int TOKEN_BYTES = 32;

  private final AccountRepository repository;
  private final Customers customers;
  private final MailOutbox mail;
  private final PublicUrls urls;
  private final PasswordEncoder passwords;
  private final AccountProperties properties;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  Accounts(
      AccountRepository repository,
      Customers customers,
      MailOutbox mail,
      PublicUrls urls,
      PasswordEncoder passwords,
      AccountProperties properties,
      ApplicationEventPublisher events,
      Clock clock) {
    this.repository = repository;
    this.customers = customers;
    this.mail = mail;
    this.urls = urls;
    this.passwords = passwords;
    this.properties = properties;
    this.events = events;
    this.clock = clock;
  }

  /** Whether the pages offer sign up. */
  public boolean signUpOpen() {
    return properties.signUp();
  }

  /**
   * A new account and its customer, in one transaction; its welcome mail follows from {@link
   * AccountRegistered}.
   */
  @Transactional
  public Account signUp(
      @Nullable String email, @Nullable String name, @Nullable String password, Locale locale) {
    if (!properties.signUp()) {
      throw ApiException.conflict("SIGN_UP_CLOSED", "api.SIGN_UP_CLOSED");
    }
    String address = email(email);
    String cleanName = name(name);
    requirePassword(password, address);
    if (repository.findByEmail(address).isPresent()) {
      throw emailTaken();
    }
    CustomerId customer = customers.create(address, cleanName, null, language(locale)).id();
    Instant now = clock.instant();
    long id =
        repository
            .insert(address, cleanName, passwords.encode(password), customer, language(locale), now)
            .orElseThrow(Accounts::emailTaken);
    Account account = repository.find(id).orElseThrow().account();
    events.publishEvent(new AccountRegistered(id, customer, account.locale().getLanguage()));
    return account;
  }

  @Transactional(readOnly = true)
  public Optional<Account> find(long id) {
    return repository.find(id).map(AccountRepository.Stored::account);
  }

  @Transactional(readOnly = true)
  public Optional<Account> ofCustomer(CustomerId customerId) {
    return repository.findByCustomer(customerId).map(AccountRepository.Stored::account);
  }

  /** The customers among {@code customerIds} that have an account: one statement for a batch. */
  @Transactional(readOnly = true)
  public Set<CustomerId> withAccount(Collection<CustomerId> customerIds) {
    return repository
        .customersWithAccount(customerIds.stream().map(CustomerId::value).distinct().toList())
        .stream()
        .map(CustomerId::new)
        .collect(Collectors.toSet());
  }

  /**
   * Mails a reset link when the address has an account (and few were sent this hour); answers
   * nothing either way, so the page cannot tell whether an address has an account.
   */
  @Transactional
  public void requestPasswordReset(@Nullable String email, Locale locale) {
    if (email == null
        || email.isBlank()
        || email.length() > 100
        || Text.hasControlCharacters(email)) {
      // no account has such an address (a NUL could not even be looked up): the same answer
      return;
    }
    Optional<AccountRepository.Stored> found = repository.findByEmail(email.strip());
    if (found.isEmpty()) {
      return;
    }
    Account account = found.get().account();
    Instant now = clock.instant();
    if (repository.tokensSince(account.id(), now.minus(Duration.ofHours(1)))
        >= properties.resetLinksPerHour()) {
      return;
    }
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    String hash = hash(token);
    repository.insertToken(account.id(), hash, now, now.plus(properties.resetTokenLifetime()));
    String link =
        urls.base()
            + UriComponentsBuilder.fromPath("/password-reset/new")
                .queryParam("token", token)
                .build()
                .toUriString();
    // The link is a secret: it goes into the mail row only (never an event) and is blanked there
    // once the mail was sent.
    mail.enqueue(
        new MailRequest(
            "password-reset:" + hash,
            account.email(),
            language(locale),
            "password-reset",
            Map.of(
                "name",
                account.name() == null ? account.email() : account.name(),
                "resetUrl",
                link,
                "minutes",
                properties.resetTokenLifetime().toMinutes()),
            List.of(),
            true));
  }

  /** Whether a reset link can still be used. */
  @Transactional(readOnly = true)
  public boolean resetLinkValid(@Nullable String token) {
    return token != null
        && token.length() <= 100
        && repository.accountOfLiveToken(hash(token), clock.instant(), false).isPresent();
  }

  /** Sets a new password with a reset link; every other link of the account stops working. */
  @Transactional
  public Account resetPassword(@Nullable String token, @Nullable String password) {
    if (token == null || token.length() > 100) {
      throw linkInvalid();
    }
    Instant now = clock.instant();
    long accountId =
        repository.accountOfLiveToken(hash(token), now, true).orElseThrow(Accounts::linkInvalid);
    Account account = repository.find(accountId).orElseThrow().account();
    requirePassword(password, account.email());
    repository.setPassword(accountId, passwords.encode(password), now);
    repository.useTokens(accountId, now);
    return account;
  }

  /** Changes the password after checking the current one. */
  @Transactional
  public void changePassword(long accountId, @Nullable String current, @Nullable String password) {
    AccountRepository.Stored stored =
        repository
            .find(accountId)
            .orElseThrow(() -> ApiException.notFound("ACCOUNT_NOT_FOUND", "api.ACCOUNT_NOT_FOUND"));
    if (current == null || !passwords.matches(current, stored.passwordHash())) {
      throw ApiException.badRequest("PASSWORD_WRONG", "api.PASSWORD_WRONG");
    }
    requirePassword(password, stored.account().email());
    Instant now = clock.instant();
    repository.setPassword(accountId, passwords.encode(password), now);
    repository.useTokens(accountId, now);
  }

  @Transactional(readOnly = true)
  Optional<AccountRepository.Stored> forLogin(String email) {
    return repository.findByEmail(email);
  }

  private static String email(@Nullable String email) {
    Text.requirePrintable("email", email);
    String value = email == null ? "" : email.strip();
    if (value.isEmpty()) {
      throw ApiException.badRequest("ACCOUNT_EMAIL_REQUIRED", "api.ACCOUNT_EMAIL_REQUIRED");
    }
    if (value.length() > 100 || !EMAIL.matcher(value).matches()) {
      throw ApiException.badRequest("ACCOUNT_EMAIL_INVALID", "api.ACCOUNT_EMAIL_INVALID");
    }
    return value;
  }

  private static @Nullable String name(@Nullable String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    if (Text.hasControlCharacters(name) || name.strip().length() > 100) {
      throw ApiException.badRequest("ACCOUNT_NAME_INVALID", "api.ACCOUNT_NAME_INVALID");
    }
    return name.strip();
  }

  private static void requirePassword(@Nullable String password, String login) {
    if (password == null) {
      throw passwordRefused(PasswordRule.Problem.TOO_SHORT);
    }
    PasswordRule.check(password, login)
        .ifPresent(
            problem -> {
              throw passwordRefused(problem);
            });
  }

  static ApiException passwordRefused(PasswordRule.Problem problem) {
    return ApiException.badRequest(
        "PASSWORD_" + problem.name(),
        "api.password.rule.email",
        PasswordRule.MIN_LENGTH,
        PasswordRule.MAX_LENGTH);
  }

  private static ApiException emailTaken() {
    return ApiException.conflict("ACCOUNT_EMAIL_TAKEN", "api.ACCOUNT_EMAIL_TAKEN");
  }

  private static ApiException linkInvalid() {
    return ApiException.badRequest("RESET_LINK_INVALID", "api.RESET_LINK_INVALID");
  }

  static Locale language(Locale locale) {
    return "en".equals(locale.getLanguage()) ? Locale.ENGLISH : Locale.KOREAN;
  }

  static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
