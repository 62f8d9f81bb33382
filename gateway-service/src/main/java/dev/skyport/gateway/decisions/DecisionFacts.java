package dev.skyport.gateway.decisions;

import java.util.List;

import org.springframework.web.server.ServerWebExchange;

/**
 * What the edge found out about one request while handling it, kept on the exchange: plain field writes of values
 * the checks computed anyway, so a request that succeeds pays one small object and nothing else. Only when the
 * answer is 4xx or 5xx does {@link DecisionRecorder} turn these facts into a decision record.
 */
public final class DecisionFacts {

    public static final String ATTRIBUTE = "skyport.decision";

    /** A token bucket taken for the request; {@code previous} links to the one taken before it, if any. */
    public record RateCheck(String bucketKey, String policy, long limit, double ratePerSecond, long remaining,
            boolean allowed, long retryAfterSeconds, RateCheck previous) {
    }

    /** An API key's daily quota as counted for this request. */
    public record QuotaCheck(String apiKeyId, long dailyLimit, long used) {
    }

    /** One check of a rejected access token (signature, exp, iss, aud, ...) and whether it passed. */
    public record TokenCheck(String check, boolean passed) {
    }

    final long startNanos;
    private long upstreamStartNanos;
    private String reason;
    private List<TokenCheck> tokenChecks;
    private RateCheck rateChecks;
    private QuotaCheck quota;

    /** @param startNanos when the edge took the request ({@link System#nanoTime()}) */
    public DecisionFacts(long startNanos) {
        this.startNanos = startNanos;
    }

    public static DecisionFacts of(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }

    /** The reason code of the problem the edge answered with (the last one wins). */
    public void reason(String code) {
        this.reason = code;
    }

    public String reason() {
        return reason;
    }

    public void tokenRejected(List<TokenCheck> checks) {
        this.tokenChecks = checks;
    }

    List<TokenCheck> tokenChecks() {
        return tokenChecks;
    }

    public void bucketTaken(String bucketKey, String policy, long limit, double ratePerSecond, long remaining,
            boolean allowed, long retryAfterSeconds) {
        this.rateChecks = new RateCheck(bucketKey, policy, limit, ratePerSecond, remaining, allowed, retryAfterSeconds,
                rateChecks);
    }

    RateCheck rateChecks() {
        return rateChecks;
    }

    public void quotaCounted(String apiKeyId, long dailyLimit, long used) {
        this.quota = new QuotaCheck(apiKeyId, dailyLimit, used);
    }

    QuotaCheck quota() {
        return quota;
    }

    /** The proxy is about to call the backend (again, on a retry). */
    public void upstreamStarted() {
        this.upstreamStartNanos = System.nanoTime();
    }

    long upstreamStartNanos() {
        return upstreamStartNanos;
    }
}
