package dev.skyport.testsupport;

import java.util.Base64;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A JWT's header and claims as JSON, read without checking anything (the code under test checks; tests look). */
public final class JwtParts {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JwtParts() {
    }

    public static ObjectNode header(String jwt) {
        return part(jwt, 0);
    }

    public static ObjectNode claims(String jwt) {
        return part(jwt, 1);
    }

    private static ObjectNode part(String jwt, int index) {
        return (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
    }
}
