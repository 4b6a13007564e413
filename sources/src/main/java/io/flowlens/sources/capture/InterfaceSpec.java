package io.flowlens.sources.capture;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which interfaces to capture on, as users write it: a name ({@code eth0}), a comma-separated
 * list ({@code eth0,eth1}), globs ({@code lxc*}, {@code veth*}), or {@code all} = every
 * non-loopback interface that is up. Globs and {@code all} are re-evaluated while capturing, so
 * pods' interfaces are picked up as they appear and released when they vanish.
 */
public final class InterfaceSpec implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:@*?\\[\\]-]{1,15}");

    private final String text;
    private final boolean all;
    private final List<String> names;
    private final List<String> globs;

    private InterfaceSpec(String text, boolean all, List<String> names, List<String> globs) {
        this.text = text;
        this.all = all;
        this.names = List.copyOf(names);
        this.globs = List.copyOf(globs);
    }

    /** Parses a spec; throws IllegalArgumentException with a message saying what is wrong. */
    public static InterfaceSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no interface given: name one (eth0), a list (eth0,eth1), a glob (veth*) or 'all'");
        }
        String t = text.trim();
        if (t.equals("all")) {
            return new InterfaceSpec(t, true, List.of(), List.of());
        }
        List<String> names = new ArrayList<>();
        List<String> globs = new ArrayList<>();
        for (String part : t.split(",")) {
            String p = part.trim();
            if (p.equals("all")) {
                throw new IllegalArgumentException("'all' cannot be combined with other interfaces in '" + t + "'");
            }
            if (!NAME.matcher(p).matches()) {
                throw new IllegalArgumentException("'" + p + "' is not an interface name or glob (1-15 characters of letters, digits, . _ - : @ and * ? [ ])");
            }
            (p.matches(".*[*?\\[].*") ? globs : names).add(p);
        }
        return new InterfaceSpec(t, false, names, globs);
    }

    /** Whether an interface with this name and state is to be captured on. */
    public boolean matches(String name, boolean up, boolean loopback) {
        if (all) {
            return up && !loopback;
        }
        if (names.contains(name)) {
            return true;
        }
        for (String g : globs) {
            if (up && globToRegex(g).matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Interfaces named explicitly: they must exist when capture starts. */
    public List<String> explicitNames() {
        return names;
    }

    public boolean isAll() {
        return all;
    }

    static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[', ']' -> re.append(c);
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InterfaceSpec s && s.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
