package dev.skyport.users.user;

/** Strong entity tags made of the item's version attribute: {@code "7"}. */
final class ETags {

    private ETags() {
    }

    static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * Whether an If-Match header value matches the current version: {@code *} or a list containing the strong tag.
     * Weak tags never match (If-Match uses the strong comparison, RFC 9110 13.1.1).
     */
    static boolean matches(String ifMatch, long currentVersion) {
        String current = of(currentVersion);
        for (String tag : ifMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || t.equals(current)) {
                return true;
            }
        }
        return false;
    }
}
