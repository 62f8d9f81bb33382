package dev.skyport.gateway.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * A Lua script whose SHA-1 (its EVALSHA name) is computed once, when it is made. Spring Data Redis's
 * {@code RedisScript.of} computes it lazily and takes a lock on every read of it; two event loops running a script at
 * the same instant made one of them park on that lock.
 */
public final class LuaScript<T> implements RedisScript<T> {

    private final String script;
    private final Class<T> resultType;
    private final String sha1;

    private LuaScript(String script, Class<T> resultType) {
        this.script = script;
        this.resultType = resultType;
        this.sha1 = sha1(script);
    }

    public static <T> LuaScript<T> of(String script, Class<T> resultType) {
        return new LuaScript<>(script, resultType);
    }

    @Override
    public String getSha1() {
        return sha1;
    }

    @Override
    public Class<T> getResultType() {
        return resultType;
    }

    @Override
    public String getScriptAsString() {
        return script;
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }
}
