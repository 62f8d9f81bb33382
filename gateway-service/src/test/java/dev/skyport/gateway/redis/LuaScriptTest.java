package dev.skyport.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.script.RedisScript;

/** A wrong SHA-1 would not fail a call (Spring falls back from EVALSHA to EVAL), it would send the script every time. */
class LuaScriptTest {

    @Test
    void namesTheScriptAsRedisDoes() {
        assertThat(LuaScript.of("return 1", Long.class).getSha1()).isEqualTo("e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
    }

    @Test
    void agreesWithSpringDataRedisOnEveryPart() {
        String text = "redis.call('SET', KEYS[1], ARGV[1]) return 'é'";
        LuaScript<String> ours = LuaScript.of(text, String.class);
        RedisScript<String> theirs = RedisScript.of(text, String.class);
        assertThat(ours.getSha1()).isEqualTo(theirs.getSha1());
        assertThat(ours.getScriptAsString()).isEqualTo(theirs.getScriptAsString());
        assertThat(ours.getResultType()).isEqualTo(theirs.getResultType());
        assertThat(ours.returnsRawValue()).isEqualTo(theirs.returnsRawValue());
    }
}
