package com.velure.platform.admin;

import javax.security.auth.Subject;
import java.lang.reflect.Method;
import java.security.AccessController;
import java.security.Principal;
import java.util.stream.Collectors;

/**
 * Who is calling an MBean operation: the Jolokia agent runs each authenticated request as a JAAS
 * Subject whose principal the console names after its logged-in administrator.
 */
final class Caller {

    private Caller() {
    }

    static String name() {
        Subject subject = current();
        if (subject == null || subject.getPrincipals().isEmpty()) {
            return "an unauthenticated in-process caller";
        }
        return subject.getPrincipals().stream().map(Principal::getName).distinct().collect(Collectors.joining(","));
    }

    @SuppressWarnings("removal")
    private static Subject current() {
        try {
            // Java 18+ has Subject.current(), which also sees Subject.callAs; on 17 only getSubject exists.
            Method current = Subject.class.getMethod("current");
            return (Subject) current.invoke(null);
        } catch (NoSuchMethodException java17) {
            return Subject.getSubject(AccessController.getContext());
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
