package io.tossbill.mail;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.tossbill.web.PageFormats;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Renders a mail from its templates {@code src/main/jte/mail/html/<name>.jte} (HTML: every value
 * inserted is escaped) and {@code src/main/jte/mail/text/<name>.jte} (plain text: nothing is), and
 * the subject {@code mail.<name>.subject}, in the mail's language. The templates are compiled to
 * Java at build time (a receipt is rendered per renewal, thousands a minute in a billing run); each
 * is given one {@link MailModel}: the request's variables, its texts and formats.
 */
@Component
class MailRenderer {

  private static final TemplateEngine HTML = precompiled(ContentType.Html, "io.tossbill.mail.html");
  private static final TemplateEngine TEXT =
      precompiled(ContentType.Plain, "io.tossbill.mail.text");

  private final MessageSource messages;
  private final PageFormats formats;

  MailRenderer(MessageSource messages, PageFormats formats) {
    this.messages = messages;
    this.formats = formats;
  }

  MailRepository.Rendered render(MailRequest request) {
    Locale locale = request.locale();
    // the formats (won, dates) speak the language of the current thread
    Locale previous = LocaleContextHolder.getLocale();
    LocaleContextHolder.setLocale(locale);
    try {
      MailModel model = new MailModel(request.variables(), locale, messages, formats);
      String name = request.template() + ".jte";
      StringOutput html = new StringOutput(4096);
      HTML.render(name, model, html);
      StringOutput text = new StringOutput(1024);
      TEXT.render(name, model, text);
      String subject =
          messages.getMessage(
              "mail." + request.template() + ".subject", request.subjectArgs().toArray(), locale);
      return new MailRepository.Rendered(subject, html.toString(), text.toString());
    } finally {
      LocaleContextHolder.setLocale(previous);
    }
  }

  private static TemplateEngine precompiled(ContentType type, String packageName) {
    return TemplateEngine.createPrecompiled(
        null, type, MailRenderer.class.getClassLoader(), packageName);
  }
}
