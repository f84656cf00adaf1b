package dev.sluice.schema;

import java.util.regex.Pattern;

/**
 * Validation and quoting of every name that reaches SQL from a user: schema, queue, table and
 * column names. Names are checked against a strict pattern first and then double-quoted, so no
 * user input can change the shape of a statement.
 */
public final class Identifiers {

    /** Lower-case letters, digits and underscores, starting with a letter. */
    private static final Pattern SIMPLE = Pattern.compile("[a-z][a-z0-9_]*");
    /** PostgreSQL truncates identifiers at 63 bytes; queue tables add a suffix, so queues get less. */
    public static final int MAX_QUEUE_NAME_LENGTH = 40;
    private static final int MAX_IDENTIFIER_LENGTH = 63;

    private Identifiers() {
    }

    /** Checks a queue name: 1 to 40 of {@code [a-z0-9_]}, starting with a letter. Returns it. */
    public static String queueName(String name) {
        return check("queue name", name, MAX_QUEUE_NAME_LENGTH);
    }

    /** Checks a schema name. Returns it. */
    public static String schemaName(String name) {
        return check("schema name", name, MAX_IDENTIFIER_LENGTH);
    }

    /** Checks a table or column name. Returns it. */
    public static String objectName(String kind, String name) {
        return check(kind, name, MAX_IDENTIFIER_LENGTH);
    }

    /** Double-quotes an identifier that has already been checked. */
    public static String quote(String checkedName) {
        return '"' + checkedName + '"';
    }

    /** {@code "schema"."name"}, both checked. */
    public static String qualified(String schema, String name) {
        return quote(schemaName(schema)) + '.' + quote(objectName("name", name));
    }

    /**
     * A possibly schema-qualified table name such as {@code public.products} or {@code products},
     * checked part by part and quoted.
     */
    public static String qualifiedTable(String table) {
        if (table == null || table.isEmpty()) {
            throw new InvalidIdentifierException("Table name is empty. Give a name such as \"products\" or \"public.products\".");
        }
        String[] parts = table.split("\\.", -1);
        if (parts.length > 2) {
            throw new InvalidIdentifierException("Table name \"" + table + "\" has more than one dot. Use \"table\" or \"schema.table\".");
        }
        if (parts.length == 2) {
            return quote(objectName("schema name", parts[0])) + '.' + quote(objectName("table name", parts[1]));
        }
        return quote(objectName("table name", parts[0]));
    }

    private static String check(String kind, String name, int maxLength) {
        if (name == null || name.isEmpty()) {
            throw new InvalidIdentifierException("The " + kind + " is empty. Use 1 to " + maxLength
                    + " lower-case letters, digits or underscores, starting with a letter.");
        }
        if (name.length() > maxLength) {
            throw new InvalidIdentifierException("The " + kind + " \"" + printable(name) + "\" is " + name.length()
                    + " characters long; at most " + maxLength + " are allowed.");
        }
        if (!SIMPLE.matcher(name).matches()) {
            throw new InvalidIdentifierException("The " + kind + " \"" + printable(name)
                    + "\" is not allowed. Use lower-case letters, digits and underscores, starting with a letter (e.g. \"order_events\").");
        }
        return name;
    }

    private static String printable(String name) {
        String shown = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
