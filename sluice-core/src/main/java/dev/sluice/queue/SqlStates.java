package dev.sluice.queue;

import java.sql.SQLException;

/** PostgreSQL error codes Sluice turns into clear exceptions. */
public final class SqlStates {
    /** relation does not exist */
    public static final String UNDEFINED_TABLE = "42P01";
    /** invalid text representation, e.g. bad JSON for jsonb */
    public static final String INVALID_TEXT = "22P02";
    /** invalid JSON text */
    public static final String INVALID_JSON = "22032";
    /** duplicate table */
    public static final String DUPLICATE_TABLE = "42P07";

    private SqlStates() {
    }

    /** True if the exception or one it chains has the given state. */
    public static boolean is(SQLException e, String state) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (state.equals(x.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
