package dev.multidocker.cicd;

import java.util.ArrayList;
import java.util.List;

/**
 * The simple commands of a CI shell script, split into words as the shell would before expansion: quotes removed,
 * variables and command substitutions left as written. A GitHub expression ({@code ${{ ... }}}) stays one word even
 * with spaces, since it is substituted before the shell runs. The script of {@code bash -c '...'} is split too, so the
 * commands it runs count as commands of the file.
 */
final class ShellCommands {
    private final String script;
    private final List<List<String>> commands = new ArrayList<>();
    private List<String> words = new ArrayList<>();
    private StringBuilder word;
    private int at;

    private ShellCommands(String script) {
        this.script = script;
    }

    static List<List<String>> split(String script) {
        ShellCommands parser = new ShellCommands(script);
        parser.parse();
        List<List<String>> all = new ArrayList<>();
        for (List<String> command : parser.commands) {
            all.add(command);
            // Also where another command runs the shell, as in docker run IMAGE bash -c '...'.
            for (int i = 0; i + 2 < command.size(); i++) {
                if (List.of("bash", "sh").contains(command.get(i)) && command.get(i + 1).equals("-c")) {
                    all.addAll(split(command.get(i + 2)));
                    break;
                }
            }
        }
        return all;
    }

    private void parse() {
        while (at < script.length()) {
            char c = script.charAt(at);
            if (c == '\\' && at + 1 < script.length() && script.charAt(at + 1) == '\n') {
                at += 2;
            } else if (c == '\n' || c == ';' || c == '|' || c == '&') {
                endCommand();
                at++;
            } else if (c == ' ' || c == '\t') {
                endWord();
                at++;
            } else if (c == '#' && word == null) {
                skipComment();
            } else if (c == '\'') {
                append(quoted('\''));
            } else if (c == '"') {
                append(doubleQuoted());
            } else if (script.startsWith("${{", at)) {
                append(through("}}"));
            } else if (script.startsWith("$(", at)) {
                append(through(")"));
            } else if (c == '\\' && at + 1 < script.length()) {
                append(String.valueOf(script.charAt(at + 1)));
                at += 2;
            } else {
                append(String.valueOf(c));
                at++;
            }
        }
        endCommand();
    }

    private String quoted(char quote) {
        int end = script.indexOf(quote, at + 1);
        if (end < 0) {
            throw new IllegalArgumentException("unclosed " + quote + " in: " + script);
        }
        String text = script.substring(at + 1, end);
        at = end + 1;
        return text;
    }

    private String doubleQuoted() {
        StringBuilder text = new StringBuilder();
        at++;
        while (at < script.length() && script.charAt(at) != '"') {
            char c = script.charAt(at);
            if (c == '\\' && at + 1 < script.length() && "\"\\$`".indexOf(script.charAt(at + 1)) >= 0) {
                text.append(script.charAt(at + 1));
                at += 2;
            } else if (script.startsWith("$(", at)) {
                text.append(through(")"));
            } else {
                text.append(c);
                at++;
            }
        }
        if (at >= script.length()) {
            throw new IllegalArgumentException("unclosed \" in: " + script);
        }
        at++;
        return text.toString();
    }

    private String through(String closing) {
        int end = script.indexOf(closing, at);
        if (end < 0) {
            throw new IllegalArgumentException("unclosed " + script.substring(at, Math.min(script.length(), at + 3)) + " in: " + script);
        }
        String text = script.substring(at, end + closing.length());
        at = end + closing.length();
        return text;
    }

    private void skipComment() {
        int end = script.indexOf('\n', at);
        at = end < 0 ? script.length() : end;
    }

    private void append(String text) {
        if (word == null) {
            word = new StringBuilder();
        }
        word.append(text);
    }

    private void endWord() {
        if (word != null) {
            words.add(word.toString());
            word = null;
        }
    }

    private void endCommand() {
        endWord();
        if (!words.isEmpty()) {
            commands.add(List.copyOf(words));
            words = new ArrayList<>();
        }
    }
}
