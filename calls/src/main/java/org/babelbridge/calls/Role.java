package org.babelbridge.calls;

/** Account roles: a user sees their own data, an admin sees all. */
public enum Role {
    USER("user"), ADMIN("admin");

    private final String code;

    Role(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    static Role fromCode(String code) {
        return "admin".equals(code) ? ADMIN : USER;
    }
}
