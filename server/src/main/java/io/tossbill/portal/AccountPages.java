package io.tossbill.portal;

import io.tossbill.account.Account;
import io.tossbill.account.Accounts;
import io.tossbill.account.SubscriberUserDetailsService;
import io.tossbill.platform.ApiException;
import io.tossbill.web.Messages;
import io.tossbill.web.PageController;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Sign up, log in (the form; Spring Security checks it), forgotten password and the account page.
 * Refusals are shown beside the field they concern.
 */
@PageController
class AccountPages {

  /** What the sign up form sends back, kept to fill the form again (never the passwords). */
  record SignUpForm(@Nullable String email, @Nullable String name, @Nullable Long plan) {}

  private final Accounts accounts;
  private final SubscriberUserDetailsService subscribers;
  private final CurrentSubscriber current;
  private final Messages messages;
  private final HttpSessionSecurityContextRepository contexts =
      new HttpSessionSecurityContextRepository();

  AccountPages(
      Accounts accounts,
      SubscriberUserDetailsService subscribers,
      CurrentSubscriber current,
      Messages messages) {
    this.accounts = accounts;
    this.subscribers = subscribers;
    this.current = current;
    this.messages = messages;
  }

  @GetMapping("/login")
  String login(
      @RequestParam(required = false) @Nullable String error,
      @RequestParam(required = false) @Nullable String logout,
      Model model) {
    if ("throttled".equals(error)) {
      model.addAttribute("alert", messages.text("login.throttled"));
    } else if (error != null) {
      model.addAttribute("alert", messages.text("login.bad"));
    } else if (logout != null) {
      model.addAttribute("notice", messages.text("login.loggedOut"));
    }
    model.addAttribute("signUpOpen", accounts.signUpOpen());
    return "portal/login";
  }

  @GetMapping("/signup")
  String signUpPage(@RequestParam(required = false) @Nullable Long plan, Model model) {
    model.addAttribute("form", new SignUpForm(null, null, plan));
    model.addAttribute("errors", Map.of());
    model.addAttribute("signUpOpen", accounts.signUpOpen());
    return "portal/signup";
  }

  @PostMapping("/signup")
  String signUp(
      @RequestParam(required = false) @Nullable String email,
      @RequestParam(required = false) @Nullable String name,
      @RequestParam(required = false) @Nullable String password,
      @RequestParam(required = false) @Nullable String passwordAgain,
      @RequestParam(required = false) @Nullable Long plan,
      Locale locale,
      Model model,
      HttpServletRequest request,
      HttpServletResponse response,
      RedirectAttributes flash) {
    Map<String, String> errors = new LinkedHashMap<>();
    if (password != null && !password.equals(passwordAgain)) {
      errors.put("passwordAgain", messages.text("signup.passwordMismatch"));
    }
    Account account = null;
    if (errors.isEmpty()) {
      try {
        account = accounts.signUp(email, name, password, locale);
      } catch (ApiException e) {
        errors.put(field(e.code()), messages.refusal(e));
      }
    }
    if (account == null) {
      model.addAttribute("form", new SignUpForm(email, name, plan));
      model.addAttribute("errors", errors);
      model.addAttribute("signUpOpen", accounts.signUpOpen());
      response.setStatus(400);
      return "portal/signup";
    }
    UserDetails user = subscribers.loadUserByUsername(account.email());
    if (request.getSession(false) != null) {
      request.changeSessionId();
    }
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
    SecurityContextHolder.setContext(context);
    contexts.saveContext(context, request, response);
    flash.addFlashAttribute("notice", messages.text("signup.done"));
    return plan != null && plan > 0 ? "redirect:/subscribe/" + plan : "redirect:/plans";
  }

  @GetMapping("/password-reset")
  String resetRequestPage() {
    return "portal/reset-request";
  }

  @PostMapping("/password-reset")
  String requestReset(
      @RequestParam(required = false) @Nullable String email,
      Locale locale,
      RedirectAttributes flash) {
    accounts.requestPasswordReset(email, locale);
    // the same answer whether or not the address has an account
    flash.addFlashAttribute("notice", messages.text("reset.sent"));
    return "redirect:/password-reset";
  }

  @GetMapping("/password-reset/new")
  String resetPage(@RequestParam(required = false) @Nullable String token, Model model) {
    model.addAttribute("token", token);
    model.addAttribute("valid", accounts.resetLinkValid(token));
    model.addAttribute("errors", Map.of());
    return "portal/reset";
  }

  @PostMapping("/password-reset/new")
  String reset(
      @RequestParam(required = false) @Nullable String token,
      @RequestParam(required = false) @Nullable String password,
      @RequestParam(required = false) @Nullable String passwordAgain,
      Model model,
      HttpServletResponse response,
      RedirectAttributes flash) {
    Map<String, String> errors = new LinkedHashMap<>();
    boolean valid = true;
    if (password != null && !password.equals(passwordAgain)) {
      errors.put("passwordAgain", messages.text("signup.passwordMismatch"));
    } else {
      try {
        accounts.resetPassword(token, password);
        flash.addFlashAttribute("notice", messages.text("reset.done"));
        return "redirect:/login";
      } catch (ApiException e) {
        valid = !"RESET_LINK_INVALID".equals(e.code());
        errors.put(field(e.code()), messages.refusal(e));
      }
    }
    model.addAttribute("token", token);
    model.addAttribute("valid", valid);
    model.addAttribute("errors", errors);
    response.setStatus(400);
    return "portal/reset";
  }

  @GetMapping("/my/account")
  String accountPage(Model model) {
    CurrentSubscriber.Who who = current.require();
    model.addAttribute(
        "account", who.accountId() == null ? null : accounts.find(who.accountId()).orElse(null));
    model.addAttribute("errors", Map.of());
    return "portal/account";
  }

  @PostMapping("/my/account/password")
  String changePassword(
      @RequestParam(required = false) @Nullable String current,
      @RequestParam(required = false) @Nullable String password,
      @RequestParam(required = false) @Nullable String passwordAgain,
      Model model,
      HttpServletResponse response,
      RedirectAttributes flash) {
    CurrentSubscriber.Who who = this.current.require();
    if (who.accountId() == null) {
      throw CurrentSubscriber.notFound();
    }
    Map<String, String> errors = new LinkedHashMap<>();
    if (password != null && !password.equals(passwordAgain)) {
      errors.put("passwordAgain", messages.text("signup.passwordMismatch"));
    } else {
      try {
        accounts.changePassword(who.accountId(), current, password);
        flash.addFlashAttribute("notice", messages.text("account.passwordChanged"));
        return "redirect:/my/account";
      } catch (ApiException e) {
        errors.put(
            "PASSWORD_WRONG".equals(e.code()) ? "current" : field(e.code()), messages.refusal(e));
      }
    }
    model.addAttribute("account", accounts.find(who.accountId()).orElse(null));
    model.addAttribute("errors", errors);
    response.setStatus(400);
    return "portal/account";
  }

  /** Which form field a refusal is about. */
  static String field(String code) {
    if (code.startsWith("ACCOUNT_EMAIL")) {
      return "email";
    }
    if (code.startsWith("ACCOUNT_NAME")) {
      return "name";
    }
    if (code.startsWith("PASSWORD_")) {
      return "password";
    }
    return "form";
  }
}
