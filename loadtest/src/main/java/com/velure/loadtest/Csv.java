package com.velure.loadtest;

/** The one CSV rule the run's files need: quote a field that holds a comma, a quote or a line break. */
public final class Csv {

    private Csv() {
    }

    public static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"").replace("\n", " ") + '"';
    }
}
