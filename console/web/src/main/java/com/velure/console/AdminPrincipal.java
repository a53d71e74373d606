package com.velure.console;

import java.security.Principal;

/** The administrator a console login belongs to, by e-mail. */
public record AdminPrincipal(String name) implements Principal {

    @Override
    public String getName() {
        return name;
    }
}
