package io.tossbill.account;

import io.tossbill.mail.MailOutbox;
import io.tossbill.mail.MailRequest;
import io.tossbill.web.PublicUrls;
import java.util.Map;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * The account mails that follow events: the welcome mail after sign up, once per account (its
 * dedupe key is the event's cause, so a redelivered event mails nothing more).
 */
@Component
class AccountMails {

  private final Accounts accounts;
  private final MailOutbox mail;
  private final PublicUrls urls;

  AccountMails(Accounts accounts, MailOutbox mail, PublicUrls urls) {
    this.accounts = accounts;
    this.mail = mail;
    this.urls = urls;
  }

  @ApplicationModuleListener
  void on(AccountRegistered event) {
    accounts
        .find(event.accountId())
        .ifPresent(
            account ->
                mail.enqueue(
                    MailRequest.of(
                        "account-registered:" + account.id(),
                        account.email(),
                        account.locale(),
                        "welcome",
                        Map.of(
                            "name", account.name() == null ? account.email() : account.name(),
                            "email", account.email(),
                            "plansUrl", urls.of("/plans"),
                            "myUrl", urls.of("/my")))));
  }
}
