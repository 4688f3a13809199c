package io.tossbill.mail;

import io.tossbill.web.PageFormats;
import java.util.Locale;
import org.springframework.context.ApplicationContext;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.spring6.expression.ThymeleafEvaluationContext;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders a mail from {@code templates/mail/<name>.html} and {@code <name>.txt} and the subject
 * {@code mail.<name>.subject}, in the mail's language. Templates get the request's variables and
 * {@code fmt} (won, dates) speaking that language, and {@code nl} (a line end: an optional line of
 * a text template is written {@code [(${cond} ? ... + ${nl} : '')]}, so leaving it out leaves no
 * empty line).
 */
class ThymeleafMailRenderer {

  private final MessageSource messages;
  private final ApplicationContext application;
  private final PageFormats formats;
  private final SpringTemplateEngine html;
  private final SpringTemplateEngine text;

  ThymeleafMailRenderer(
      MessageSource messages, PageFormats formats, ApplicationContext application) {
    this.messages = messages;
    this.application = application;
    this.formats = formats;
    this.html = engine(messages, ".html", TemplateMode.HTML);
    this.text = engine(messages, ".txt", TemplateMode.TEXT);
  }

  MailRepository.Rendered render(MailRequest request) {
    Locale locale = request.locale();
    Locale previous = LocaleContextHolder.getLocale();
    LocaleContextHolder.setLocale(locale);
    try {
      Context context = new Context(locale);
      context.setVariables(request.variables());
      context.setVariable("fmt", formats);
      // a line end, for text templates whose optional lines carry their own
      context.setVariable("nl", "\n");
      // the expressions' evaluation context, as Spring MVC's view gives it: without it Thymeleaf
      // makes a new one for every expression, and its reflective lookups are never cached
      context.setVariable(
          ThymeleafEvaluationContext.THYMELEAF_EVALUATION_CONTEXT_CONTEXT_VARIABLE_NAME,
          new ThymeleafEvaluationContext(application, null));
      String subject =
          messages.getMessage(
              "mail." + request.template() + ".subject", request.subjectArgs().toArray(), locale);
      return new MailRepository.Rendered(
          subject,
          html.process(request.template(), context),
          text.process(request.template(), context));
    } finally {
      LocaleContextHolder.setLocale(previous);
    }
  }

  private static SpringTemplateEngine engine(
      MessageSource messages, String suffix, TemplateMode mode) {
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
    resolver.setPrefix("templates/mail/");
    resolver.setSuffix(suffix);
    resolver.setTemplateMode(mode);
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCheckExistence(true);
    SpringTemplateEngine engine = new SpringTemplateEngine();
    engine.setTemplateResolver(resolver);
    engine.setTemplateEngineMessageSource(messages);
    // expressions compiled to bytecode once warm: a receipt per renewal is rendered thousands of
    // times a minute in a billing run
    engine.setEnableSpringELCompiler(true);
    return engine;
  }
}
