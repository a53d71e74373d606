package com.velure.auth.account;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The input rules of API.md: name 1-100 characters after trimming, a valid e-mail of at most 254
 * characters, a password of 8-128 characters. All checks are on lengths and shapes only, so they
 * run before any password is hashed.
 */
public final class CredentialRules {

    public static final int NAME_MAX = 100;
    public static final int EMAIL_MAX = 254;
    public static final int PASSWORD_MIN = 8;
    public static final int PASSWORD_MAX = 128;

    /** The HTML living standard's "valid e-mail address", with at least one dot in the domain. */
    private static final Pattern EMAIL = Pattern.compile(
            "[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+");

    private CredentialRules() {
    }

    /** Trimmed and lower-cased: the form e-mail addresses are stored and looked up in. */
    public static String normaliseEmail(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    /** Field name to problem for a registration; empty when it may proceed. */
    public static Map<String, String> checkRegistration(String name, String email, String password) {
        Map<String, String> problems = new TreeMap<>();
        String trimmedName = name == null ? "" : name.strip();
        if (trimmedName.isEmpty() || length(trimmedName) > NAME_MAX) {
            problems.put("name", "must be 1-" + NAME_MAX + " characters");
        } else if (!isPlainText(trimmedName)) {
            problems.put("name", "must not contain control characters or broken Unicode");
        }
        checkEmail(email, problems);
        if (password == null || length(password) < PASSWORD_MIN || length(password) > PASSWORD_MAX) {
            problems.put("password", "must be " + PASSWORD_MIN + "-" + PASSWORD_MAX + " characters");
        }
        return problems;
    }

    /**
     * Field name to problem for a login. Only shapes that no account can have are refused here;
     * a short password is left to verification, which answers like any wrong one.
     */
    public static Map<String, String> checkLogin(String email, String password) {
        Map<String, String> problems = new TreeMap<>();
        checkEmail(email, problems);
        if (password == null || password.isEmpty() || length(password) > PASSWORD_MAX) {
            problems.put("password", "must be 1-" + PASSWORD_MAX + " characters");
        }
        return problems;
    }

    private static void checkEmail(String email, Map<String, String> problems) {
        String normalised = normaliseEmail(email);
        if (normalised == null || normalised.length() > EMAIL_MAX || !EMAIL.matcher(normalised).matches()) {
            problems.put("email", "must be a valid e-mail address of at most " + EMAIL_MAX + " characters");
        }
    }

    /**
     * No control characters (PostgreSQL cannot store a NUL; a line break in a name forges log
     * lines) and no unpaired surrogate (not Unicode: the driver would store a '?' in its place).
     */
    private static boolean isPlainText(String text) {
        return text.codePoints().noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE);
    }

    /** Characters as a person counts them (code points), not UTF-16 units. */
    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }
}
