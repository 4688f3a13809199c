package io.tossbill.portal;

import io.tossbill.consent.ConsentChannel;
import io.tossbill.consent.ConsentRequest;
import io.tossbill.consent.ConsentRequestId;
import io.tossbill.consent.ConsentStatus;
import io.tossbill.consent.Consents;
import io.tossbill.platform.ApiException;
import io.tossbill.web.Messages;
import io.tossbill.web.PageController;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Consent to a trial turning paid or to a price increase (전자상거래법): the date, the prices before and
 * after, the card and the exact text; agree (an unticked box the subscriber ticks), decline,
 * withdraw, or "don't ask again for N days". Reached from my subscription and from the mail.
 */
@PageController
class ConsentPages {

  private final CurrentSubscriber current;
  private final Consents consents;
  private final Messages messages;

  ConsentPages(CurrentSubscriber current, Consents consents, Messages messages) {
    this.current = current;
    this.consents = consents;
    this.messages = messages;
  }

  @GetMapping("/my/consents/{id}")
  String page(@PathVariable long id, Model model) {
    ConsentRequest request = mine(id);
    model.addAttribute("c", request);
    model.addAttribute("answerable", request.status().isLive());
    model.addAttribute("accepted", request.status() == ConsentStatus.ACCEPTED);
    return "portal/consent";
  }

  @PostMapping("/my/consents/{id}/accept")
  String accept(
      @PathVariable long id,
      @RequestParam(required = false) @Nullable String textHash,
      @RequestParam(required = false) @Nullable String agree,
      HttpServletRequest http,
      RedirectAttributes flash) {
    ConsentRequest request = mine(id);
    if (!"yes".equals(agree)) {
      flash.addFlashAttribute("alert", messages.text("consent.tick"));
      return "redirect:/my/consents/" + id;
    }
    return answer(
        id,
        flash,
        "consent.accepted",
        () -> consents.accept(new ConsentRequestId(request.id()), textHash, who(http)));
  }

  @PostMapping("/my/consents/{id}/decline")
  String decline(@PathVariable long id, HttpServletRequest http, RedirectAttributes flash) {
    ConsentRequest request = mine(id);
    return answer(
        id,
        flash,
        "consent.declined",
        () -> consents.decline(new ConsentRequestId(request.id()), who(http)));
  }

  @PostMapping("/my/consents/{id}/withdraw")
  String withdraw(@PathVariable long id, HttpServletRequest http, RedirectAttributes flash) {
    ConsentRequest request = mine(id);
    return answer(
        id,
        flash,
        "consent.withdrawn",
        () -> consents.withdraw(new ConsentRequestId(request.id()), who(http)));
  }

  @PostMapping("/my/consents/{id}/snooze")
  String snooze(
      @PathVariable long id,
      @RequestParam(required = false) @Nullable Integer days,
      HttpServletRequest http,
      RedirectAttributes flash) {
    ConsentRequest request = mine(id);
    return answer(
        id,
        flash,
        "consent.snoozed",
        () -> consents.snooze(new ConsentRequestId(request.id()), days, who(http)));
  }

  private String answer(long id, RedirectAttributes flash, String done, Runnable action) {
    try {
      action.run();
      flash.addFlashAttribute("notice", messages.text(done));
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
    }
    return "redirect:/my/consents/" + id;
  }

  private Consents.Answer who(HttpServletRequest http) {
    return new Consents.Answer(current.require().actor(), ConsentChannel.WEB, http.getRemoteAddr());
  }

  private ConsentRequest mine(long id) {
    CurrentSubscriber.Who who = current.require();
    if (id <= 0) {
      throw CurrentSubscriber.notFound();
    }
    try {
      ConsentRequest request = consents.request(new ConsentRequestId(id));
      if (request.customerId() != who.customerId().value()) {
        throw CurrentSubscriber.notFound();
      }
      return request;
    } catch (ApiException e) {
      throw CurrentSubscriber.notFound();
    }
  }
}
