package dev.sluice.bench.peers;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JDBC URLs of the PostgreSQL driver: another database on the same server, and the {@code postgres://} form Node's pg takes. */
final class ConnectionStrings {

    private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([^/?]+)/([^?]*)(?:\\?(.*))?");

    private ConnectionStrings() {
    }

    private static Matcher parse(String jdbcUrl) {
        Matcher m = JDBC.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL of the form jdbc:postgresql://host:port/database?user=...: "
                    + jdbcUrl);
        }
        return m;
    }

    /** The same server and parameters, database {@code database}. */
    static String withDatabase(String jdbcUrl, String database) {
        Matcher m = parse(jdbcUrl);
        return "jdbc:postgresql://" + m.group(1) + "/" + database + (m.group(3) == null ? "" : "?" + m.group(3));
    }

    /** The database the URL names. */
    static String databaseOf(String jdbcUrl) {
        return parse(jdbcUrl).group(2);
    }

    /** {@code postgres://user:password@host:port/database}; user {@code postgres} when the URL names none. */
    static String toPostgresUri(String jdbcUrl) {
        Matcher m = parse(jdbcUrl);
        Map<String, String> params = new LinkedHashMap<>();
        if (m.group(3) != null) {
            for (String pair : m.group(3).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        String user = params.getOrDefault("user", "postgres");
        String password = params.get("password");
        return "postgres://" + encode(user) + (password == null ? "" : ":" + encode(password)) + "@" + m.group(1) + "/" + m.group(2);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
