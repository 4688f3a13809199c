package io.tossbill.hooks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code sh} blocks of a page, read as a shell would read them: variable assignments and {@code
 * curl} commands (options {@code -s}, {@code -H}, {@code -d}, {@code -X}), quotes, {@code $NAME}
 * expansion, line continuations and comments. Anything else is refused, so a page cannot show a
 * command this reader would skip.
 */
final class DocShell {

  /** One curl command as it would be sent. */
  record Curl(String method, String url, Map<String, String> headers, @Nullable String body) {}

  private static final Pattern SH = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL);
  private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)");
  private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{(\\w+)}|(\\w+))");

  private final Map<String, String> variables = new LinkedHashMap<>();
  private final BinaryOperator<String> assign;

  /**
   * {@code assign} gets each assignment's name and value as written and returns the value to keep
   * (a test points the page's addresses and ids at its own server).
   */
  DocShell(Map<String, String> given, BinaryOperator<String> assign) {
    variables.putAll(given);
    this.assign = assign;
  }

  /** Every {@code sh} block of the page, in order. */
  static List<String> blocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher block = SH.matcher(markdown);
    while (block.find()) {
      blocks.add(block.group(1));
    }
    return blocks;
  }

  /**
   * Runs the assignments of {@code block} and returns its curl commands in order, each as it would
   * be sent with the variables of that moment; {@code run} is called for each curl command before
   * the next line is read, so a later assignment can depend on an earlier answer.
   */
  void run(String block, java.util.function.Consumer<Curl> run) {
    Commands commands = new Commands(block);
    for (List<String> words = commands.next(); words != null; words = commands.next()) {
      Matcher assignment = ASSIGNMENT.matcher(words.getFirst());
      if (words.size() == 1 && assignment.matches()) {
        String name = assignment.group(1);
        variables.put(name, assign.apply(name, assignment.group(2)));
      } else if (words.getFirst().equals("curl")) {
        run.accept(curl(words.subList(1, words.size())));
      } else {
        throw new IllegalArgumentException("not an assignment or a curl command: " + words);
      }
    }
  }

  private static Curl curl(List<String> args) {
    String method = null;
    String url = null;
    String body = null;
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "-s" -> {}
        case "-H" -> {
          String header = args.get(++i);
          int colon = header.indexOf(':');
          headers.put(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
        }
        case "-d" -> body = args.get(++i);
        case "-X" -> method = args.get(++i);
        default -> {
          if (arg.startsWith("-") || url != null) {
            throw new IllegalArgumentException("curl argument not understood: " + arg);
          }
          url = arg;
        }
      }
    }
    if (url == null) {
      throw new IllegalArgumentException("curl without a URL: " + args);
    }
    return new Curl(method != null ? method : body != null ? "POST" : "GET", url, headers, body);
  }

  /**
   * The block's commands, each as its words after quote removal and expansion: a newline outside
   * quotes ends a command, a backslash before it continues it, a comment ends the line. Variables
   * are expanded when their command is reached, so each command sees the assignments before it.
   */
  private final class Commands {
    private final String block;
    private int at = 0;

    Commands(String block) {
      this.block = block;
    }

    /** The next command's words, read only now; null after the last. */
    @Nullable List<String> next() {
      while (at < block.length()) {
        List<String> words = command();
        if (!words.isEmpty()) {
          return words;
        }
      }
      return null;
    }

    private List<String> command() {
      List<String> words = new ArrayList<>();
      StringBuilder word = null;
      while (at < block.length()) {
        char c = block.charAt(at);
        if (c == '\\' && at + 1 < block.length() && block.charAt(at + 1) == '\n') {
          at += 2;
        } else if (c == '\n') {
          at++;
          break;
        } else if (Character.isWhitespace(c)) {
          if (word != null) {
            words.add(word.toString());
            word = null;
          }
          at++;
        } else if (c == '#' && word == null) {
          int end = block.indexOf('\n', at);
          at = end < 0 ? block.length() : end;
        } else {
          word = word == null ? new StringBuilder() : word;
          if (c == '\'' || c == '"') {
            int end = block.indexOf(c, at + 1);
            if (end < 0) {
              throw new IllegalArgumentException("unclosed quote at " + at + ": " + block);
            }
            String quoted = block.substring(at + 1, end);
            word.append(c == '"' ? expand(quoted) : quoted);
            at = end + 1;
          } else {
            int end = at;
            while (end < block.length()
                && !Character.isWhitespace(block.charAt(end))
                && "'\"\\".indexOf(block.charAt(end)) < 0) {
              end++;
            }
            if (end == at) {
              throw new IllegalArgumentException("a lone backslash at " + at + ": " + block);
            }
            word.append(expand(block.substring(at, end)));
            at = end;
          }
        }
      }
      if (word != null) {
        words.add(word.toString());
      }
      return words;
    }
  }

  private String expand(String text) {
    Matcher variable = VARIABLE.matcher(text);
    StringBuilder expanded = new StringBuilder();
    while (variable.find()) {
      String name = variable.group(1) != null ? variable.group(1) : variable.group(2);
      String value = variables.get(name);
      if (value == null) {
        throw new IllegalArgumentException("$" + name + " is not set before: " + text);
      }
      variable.appendReplacement(expanded, Matcher.quoteReplacement(value));
    }
    return variable.appendTail(expanded).toString();
  }
}
