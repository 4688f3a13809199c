package io.tossbill.admin;

import io.tossbill.mail.MailOutbox;
import io.tossbill.mail.MailStatus;
import io.tossbill.platform.ApiException;
import io.tossbill.testclock.TestClock;
import io.tossbill.web.Messages;
import io.tossbill.web.PageController;
import io.tossbill.webhook.TossWebhookLog;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Operations: Toss's inbound webhooks, the server's test clock, the outgoing mail outbox. */
@PageController
class AdminOperationPages {

  private final TossWebhookLog webhooks;
  private final TestClock clock;
  private final AdminClockForm clockForm;
  private final MailOutbox mail;
  private final Messages messages;

  AdminOperationPages(
      TossWebhookLog webhooks,
      TestClock clock,
      AdminClockForm clockForm,
      MailOutbox mail,
      Messages messages) {
    this.webhooks = webhooks;
    this.clock = clock;
    this.clockForm = clockForm;
    this.mail = mail;
    this.messages = messages;
  }

  @GetMapping("/admin/webhooks")
  String webhooks(Model model) {
    model.addAttribute("deliveries", webhooks.recent(100));
    return "admin/webhooks";
  }

  @GetMapping("/admin/test-clock")
  String clock(Model model) {
    model.addAttribute("now", clock.now());
    model.addAttribute("offset", clock.serverOffset());
    model.addAttribute("movable", clock.movable());
    return "admin/test-clock";
  }

  @PostMapping("/admin/test-clock")
  String moveClock(
      @RequestParam(required = false) @Nullable String advanceBy,
      @RequestParam(required = false) @Nullable String to,
      RedirectAttributes flash) {
    try {
      String moved = clockForm.move(advanceBy, to, clock::advance, clock::advanceTo);
      flash.addFlashAttribute("notice", messages.text("admin.clock.moved", moved));
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
    }
    return "redirect:/admin/test-clock";
  }

  @GetMapping("/admin/mail")
  String outbox(
      @RequestParam(required = false) @Nullable String status,
      @RequestParam(defaultValue = "0") int page,
      Model model) {
    MailStatus wanted = null;
    if (status != null && !status.isBlank()) {
      try {
        wanted = MailStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        wanted = null;
      }
    }
    model.addAttribute("status", wanted == null ? null : wanted.name());
    model.addAttribute("statuses", MailStatus.values());
    model.addAttribute("result", mail.page(wanted, page, 50));
    model.addAttribute("smtp", mail.smtpConfigured());
    return "admin/mail";
  }

  @GetMapping("/admin/mail/{id}")
  String mail(@PathVariable long id, Model model) {
    model.addAttribute("m", mail.view(id));
    model.addAttribute("smtp", mail.smtpConfigured());
    return "admin/mail-message";
  }

  @PostMapping("/admin/mail/{id}/resend")
  String resend(@PathVariable long id, RedirectAttributes flash) {
    try {
      mail.resend(id);
      flash.addFlashAttribute("notice", messages.text("admin.mail.resent"));
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
    }
    return "redirect:/admin/mail/" + id;
  }
}
