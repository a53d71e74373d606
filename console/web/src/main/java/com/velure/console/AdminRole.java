package com.velure.console;

import java.security.Principal;

/** The role a console login carries; Hawtio finds it by this class ({@code hawtio.rolePrincipalClasses}). */
public record AdminRole(String name) implements Principal {

    static final String ADMIN = "admin";

    @Override
    public String getName() {
        return name;
    }
}
