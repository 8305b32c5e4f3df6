package io.gfxfleet.agent.job;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The first line(s) pip writes into a venv's console scripts on POSIX, which name the venv's
 * interpreter by its absolute path. pip (distlib's {@code ScriptMaker._build_shebang}) writes one
 * of two forms, chosen by the interpreter's path:
 * <ul>
 *   <li>{@code #!/path/bin/python3} when the path holds no space and the line is at most 127
 *   bytes (Linux's {@code #!} limit);</li>
 *   <li>otherwise a {@code /bin/sh} trampoline that {@code exec}s the interpreter (quoted when its
 *   path holds a space) on the script itself, whose Python body ignores the sh lines:
 *   <pre>
 * #!/bin/sh
 * '''exec' "/path with space/bin/python3" "$0" "$@"
 * ' '''</pre></li>
 * </ul>
 * The template venv's scripts are rewritten for each new venv with the form pip itself would
 * have chosen for the new path. A path this class cannot write safely (quotes, {@code $},
 * backslashes, back quotes or line breaks, which sh would interpret) is refused, so that the
 * caller makes that venv the plain way and gets exactly what pip writes.
 */
record ConsoleScriptHeader(String interpreter, int bodyOffset) {
    /** Linux's limit on a {@code #!} line, newline included, as distlib counts it. */
    static final int MAX_SHEBANG_BYTES = 127;
    private static final String TRAMPOLINE_FIRST = "#!/bin/sh\n'''exec' ";
    private static final String TRAMPOLINE_END = " \"$0\" \"$@\"\n' '''\n";

    /**
     * The header of a script pip wrote for an interpreter in {@code bin}, in either form, or empty
     * when the script does not start with one naming {@code bin} (then it is not pip's to rewrite).
     */
    static Optional<ConsoleScriptHeader> parse(byte[] script, Path bin) {
        String head = new String(script, 0, Math.min(script.length, 8192), StandardCharsets.UTF_8);
        String prefix = bin + "/";
        if (head.startsWith(TRAMPOLINE_FIRST)) {
            int lineEnd = head.indexOf(TRAMPOLINE_END, TRAMPOLINE_FIRST.length());
            if (lineEnd < 0) {
                return Optional.empty();
            }
            String exe = unquoted(head.substring(TRAMPOLINE_FIRST.length(), lineEnd));
            return exe.startsWith(prefix) && isFileName(exe.substring(prefix.length()))
                    ? Optional.of(new ConsoleScriptHeader(exe.substring(prefix.length()),
                    utf8Length(head.substring(0, lineEnd + TRAMPOLINE_END.length()))))
                    : Optional.empty();
        }
        int lineEnd = head.indexOf('\n');
        if (!head.startsWith("#!" + prefix) || lineEnd < 0) {
            return Optional.empty();
        }
        String name = head.substring(2 + prefix.length(), lineEnd);
        return isFileName(name) ? Optional.of(new ConsoleScriptHeader(name, utf8Length(head.substring(0, lineEnd + 1))))
                : Optional.empty();
    }

    /** The header pip writes for the interpreter {@code bin/name}, or empty when this class cannot write it safely. */
    static Optional<byte[]> render(Path bin, String name) {
        String exe = bin + "/" + name;
        if (exe.chars().anyMatch(c -> c == '"' || c == '\\' || c == '$' || c == '`' || c == '\n' || c == '\r' || c == 0)) {
            return Optional.empty();
        }
        String header = simple(exe) ? "#!" + exe + "\n"
                : TRAMPOLINE_FIRST + (exe.contains(" ") ? "\"" + exe + "\"" : exe) + TRAMPOLINE_END;
        return Optional.of(header.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether pip writes a plain {@code #!} line for this interpreter (distlib: no space, at most 127 bytes). */
    static boolean simple(String exe) {
        return !exe.contains(" ") && utf8Length(exe) + 3 <= MAX_SHEBANG_BYTES;
    }

    /** Whether this header is in the form pip would choose for its interpreter in {@code bin}. */
    boolean matchesRuleFor(byte[] script, Path bin) {
        return render(bin, interpreter).map(h -> Arrays.equals(h, 0, h.length, script, 0, Math.min(bodyOffset, script.length))
                && h.length == bodyOffset).orElse(false);
    }

    /** The script rewritten for the interpreter of the same name in {@code bin}, or empty (see {@link #render}). */
    Optional<byte[]> rewrite(byte[] script, Path bin) {
        return render(bin, interpreter).map(header -> {
            byte[] out = Arrays.copyOf(header, header.length + script.length - bodyOffset);
            System.arraycopy(script, bodyOffset, out, header.length, script.length - bodyOffset);
            return out;
        });
    }

    private static String unquoted(String exe) {
        return exe.length() >= 2 && exe.startsWith("\"") && exe.endsWith("\"") ? exe.substring(1, exe.length() - 1) : exe;
    }

    private static boolean isFileName(String name) {
        return !name.isEmpty() && !name.contains("/") && name.chars().noneMatch(Character::isWhitespace);
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
